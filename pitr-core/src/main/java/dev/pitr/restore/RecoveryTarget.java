package dev.pitr.restore;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.internal.restore.TargetTimes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a point-in-time recovery stops. Create one with the static factories or {@link #parse(String, String)};
 * pitr turns it into pgBackRest's {@code --type} and {@code --target} options.
 */
public sealed interface RecoveryTarget {
    /** The end of the archived WAL (pgBackRest {@code --type=default}). */
    static RecoveryTarget latest() {
        return Latest.INSTANCE;
    }

    /** Stop as soon as the backup is consistent ({@code --type=immediate}). */
    static RecoveryTarget immediate() {
        return Immediate.INSTANCE;
    }

    /** Stop before the first commit after this instant ({@code --type=time}, sent in UTC). */
    static RecoveryTarget time(Instant instant) {
        return new Time(instant);
    }

    /** Stop before the first commit after this moment ({@code --type=time}, sent in UTC). */
    static RecoveryTarget time(OffsetDateTime time) {
        return new Time(time.toInstant());
    }

    /** Stop after (or, exclusive, before) the commit of this transaction id ({@code --type=xid}). */
    static RecoveryTarget xid(String xid) {
        return new Xid(xid);
    }

    /** Stop at this WAL location, e.g. {@code 0/3000060} ({@code --type=lsn}). */
    static RecoveryTarget lsn(String lsn) {
        return new Lsn(lsn);
    }

    /** Stop at a restore point made with {@code pg_create_restore_point(name)} ({@code --type=name}). */
    static RecoveryTarget name(String restorePoint) {
        return new Name(restorePoint);
    }

    /**
     * Parses a target as the Maven plugin and configuration files give it.
     *
     * @param type  {@code time}, {@code xid}, {@code lsn}, {@code name}, {@code immediate}, {@code latest}, or
     *              null/blank to infer it from the value ({@code latest}, {@code immediate} or a time)
     * @param value {@code latest}, an ISO-8601 instant ({@code 2026-02-24T10:30:00Z}) or pgBackRest's
     *              {@code 2026-02-24 10:30:00+00} (fractions allowed), an xid, an LSN or a restore point name
     * @throws PitrConfigurationException naming {@code target} when the value cannot be parsed
     */
    static RecoveryTarget parse(String type, String value) {
        String v = value == null ? "" : value.strip();
        String t = type == null ? "" : ConfValues.plainText(Setting.TARGET_TYPE, type, "the target type").strip()
                .toLowerCase(Locale.ROOT);
        switch (t) {
            case "":
                if (v.isEmpty() || v.equalsIgnoreCase("latest")) {
                    return latest();
                }
                if (v.equalsIgnoreCase("immediate")) {
                    return immediate();
                }
                return time(TargetTimes.parse(v));
            case "latest":
            case "default":
                return latest();
            case "immediate":
                return immediate();
            case "time":
                return time(TargetTimes.parse(v));
            case "xid":
                return xid(v);
            case "lsn":
                return lsn(v);
            case "name":
                return name(v);
            default:
                throw new PitrConfigurationException(Setting.TARGET_TYPE, "'" + type + "' is not a recovery target type",
                        "use time, xid, lsn, name, immediate or latest");
        }
    }

    /** pgBackRest's {@code --type} value. */
    String type();

    /** pgBackRest's {@code --target} value; empty for latest and immediate. */
    java.util.Optional<String> value();

    /** How the target reads in reports, e.g. {@code time 2026-02-24 10:30:00.000000+00}. */
    default String describe() {
        return value().map(v -> type() + " " + v).orElse(this instanceof Latest ? "latest" : type());
    }

    /** The end of the archive. */
    record Latest() implements RecoveryTarget {
        static final Latest INSTANCE = new Latest();

        @Override
        public String type() {
            return "default";
        }

        @Override
        public java.util.Optional<String> value() {
            return java.util.Optional.empty();
        }
    }

    /** The end of the backup (consistency). */
    record Immediate() implements RecoveryTarget {
        static final Immediate INSTANCE = new Immediate();

        @Override
        public String type() {
            return "immediate";
        }

        @Override
        public java.util.Optional<String> value() {
            return java.util.Optional.empty();
        }
    }

    /** A moment in time. */
    record Time(Instant instant) implements RecoveryTarget {
        public Time {
            Objects.requireNonNull(instant, "instant");
        }

        @Override
        public String type() {
            return "time";
        }

        /** {@code YYYY-MM-DD HH:MM:SS.ffffff+00}: UTC, so the host's time zone cannot change its meaning. */
        @Override
        public java.util.Optional<String> value() {
            return java.util.Optional.of(TargetTimes.format(instant));
        }
    }

    /** A transaction id. */
    record Xid(String xid) implements RecoveryTarget {
        private static final Pattern XID = Pattern.compile("[0-9]+");

        public Xid {
            if (xid != null) {
                ConfValues.plainText(Setting.TARGET, xid, "the transaction id");
            }
            if (xid == null || !XID.matcher(xid.strip()).matches()) {
                throw new PitrConfigurationException(Setting.TARGET, "'" + xid + "' is not a transaction id",
                        "give the decimal xid, e.g. from txid_current()");
            }
            xid = xid.strip();
        }

        @Override
        public String type() {
            return "xid";
        }

        @Override
        public java.util.Optional<String> value() {
            return java.util.Optional.of(xid);
        }
    }

    /** A WAL location. */
    record Lsn(String lsn) implements RecoveryTarget {
        private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

        public Lsn {
            if (lsn != null) {
                ConfValues.plainText(Setting.TARGET, lsn, "the WAL location");
            }
            if (lsn == null || !LSN.matcher(lsn.strip()).matches()) {
                throw new PitrConfigurationException(Setting.TARGET, "'" + lsn + "' is not a WAL location",
                        "give an LSN like 0/3000060, e.g. from pg_current_wal_lsn()");
            }
            lsn = lsn.strip().toUpperCase(Locale.ROOT);
        }

        @Override
        public String type() {
            return "lsn";
        }

        @Override
        public java.util.Optional<String> value() {
            return java.util.Optional.of(lsn);
        }

        /** The location as a number, for comparisons. */
        public long position() {
            String[] parts = lsn.split("/");
            return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
        }
    }

    /** A named restore point. */
    record Name(String name) implements RecoveryTarget {
        /** PostgreSQL's limit (MAXFNAMELEN - 1): a longer recovery_target_name keeps the server from starting. */
        static final int MAX_BYTES = 63;

        public Name {
            if (name == null || name.isBlank()) {
                throw new PitrConfigurationException(Setting.TARGET, "the restore point name is empty",
                        "give the name passed to pg_create_restore_point()");
            }
            ConfValues.plainText(Setting.TARGET, name, "the restore point name");
            if (ConfValues.bytes(name) > MAX_BYTES) {
                throw new PitrConfigurationException(Setting.TARGET, "the restore point name '" + name + "' is "
                        + ConfValues.bytes(name) + " bytes long; PostgreSQL allows " + MAX_BYTES,
                        "give the name exactly as pg_create_restore_point() stored it (at most 63 bytes)");
            }
        }

        @Override
        public String type() {
            return "name";
        }

        /**
         * The name as pgBackRest must receive it: pgBackRest writes {@code recovery_target_name = '<value>'} without
         * escaping, so quotes and backslashes are doubled here and PostgreSQL reads back exactly {@link #name()}.
         */
        @Override
        public java.util.Optional<String> value() {
            return java.util.Optional.of(ConfValues.postgresQuoted(Setting.TARGET, name, "the restore point name"));
        }

        @Override
        public String describe() {
            return "name " + name;
        }
    }
}
