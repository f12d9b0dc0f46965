package dev.pitr.error;

import java.util.Arrays;

/**
 * pgBackRest's error codes (its exit code equals the code in its {@code ERROR: [NNN]:} line). The table
 * is identical in pgBackRest 2.45 and later releases; unknown codes map to {@link #UNKNOWN}, and pitr's
 * own failures that have no pgBackRest code use {@link #PITR}.
 */
public enum ErrorCode {
    ASSERT(25), CHECKSUM(26), CONFIG(27), FILE_INVALID(28), FORMAT(29), COMMAND_REQUIRED(30),
    OPTION_INVALID(31), OPTION_INVALID_VALUE(32), OPTION_INVALID_RANGE(33), OPTION_INVALID_PAIR(34),
    OPTION_DEFAULT_INVALID(35), OPTION_NEGATE_INVALID(36), OPTION_REQUIRED(37), PG_RUNNING(38),
    PROTOCOL(39), PATH_NOT_EMPTY(40), FILE_OPEN(41), FILE_READ(42), PARAM_REQUIRED(43),
    ARCHIVE_MISMATCH(44), ARCHIVE_DUPLICATE(45), VERSION_NOT_SUPPORTED(46), PATH_CREATE(47),
    COMMAND_INVALID(48), HOST_CONNECT(49), LOCK_ACQUIRE(50), BACKUP_MISMATCH(51), FILE_SYNC(52),
    PATH_OPEN(53), PATH_SYNC(54), FILE_MISSING(55), DB_CONNECT(56), DB_QUERY(57), DB_MISMATCH(58),
    DB_TIMEOUT(59), FILE_REMOVE(60), PATH_REMOVE(61), STOP(62), TERM(63), FILE_WRITE(64),
    PROTOCOL_TIMEOUT(66), FEATURE_NOT_SUPPORTED(67), ARCHIVE_COMMAND_INVALID(68), LINK_EXPECTED(69),
    LINK_DESTINATION(70), HOST_INVALID(72), PATH_MISSING(73), FILE_MOVE(74), BACKUP_SET_INVALID(75),
    TABLESPACE_MAP(76), PATH_TYPE(77), LINK_MAP(78), FILE_CLOSE(79), DB_MISSING(80), DB_INVALID(81),
    ARCHIVE_TIMEOUT(82), FILE_MODE(83), OPTION_MULTIPLE_VALUE(84), PROTOCOL_OUTPUT_REQUIRED(85),
    LINK_OPEN(86), ARCHIVE_DISABLED(87), FILE_OWNER(88), USER_MISSING(89), OPTION_COMMAND(90),
    GROUP_MISSING(91), PATH_EXISTS(92), FILE_EXISTS(93), MEMORY(94), CRYPTO(95), PARAM_INVALID(96),
    PATH_CLOSE(97), FILE_INFO(98), JSON_FORMAT(99), KERNEL(100), SERVICE(101), EXECUTE(102),
    REPO_INVALID(103), COMMAND(104), ACCESS(105), CLOCK(106), RUNTIME(122), INVALID(123),
    UNHANDLED(124), UNKNOWN(125),
    /** A failure found by pitr itself (bad input, interlock, timeout), not reported by pgBackRest. */
    PITR(-1);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The numeric code, as in {@code ERROR: [050]:} and the process exit code; -1 for {@link #PITR}. */
    public int code() {
        return code;
    }

    /** The enum constant for a pgBackRest code or exit code; {@link #UNKNOWN} for codes not in the table. */
    public static ErrorCode of(int code) {
        return Arrays.stream(values()).filter(e -> e.code == code).findFirst().orElse(UNKNOWN);
    }
}
