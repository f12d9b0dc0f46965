package dev.pitr.config;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pgBackRest release as {@code pgbackrest version} reports it ({@code pgBackRest 2.45},
 * {@code pgBackRest 2.55.1}), read once at {@code load()}. pitr chooses version-dependent behaviour from it
 * (how time options are spelled, {@code --allow-root}, which {@code info} fields can exist), never from a guess.
 *
 * @param major the major number (2)
 * @param minor the minor number (45, 55, 59...)
 * @param patch the patch number; 0 when the release has none (2.45)
 */
public record PgBackRestVersion(int major, int minor, int patch) implements Comparable<PgBackRestVersion> {
    private static final Pattern TEXT = Pattern.compile("pgBackRest (\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern NUMBER = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Comparator<PgBackRestVersion> ORDER = Comparator.comparingInt(PgBackRestVersion::major)
            .thenComparingInt(PgBackRestVersion::minor).thenComparingInt(PgBackRestVersion::patch);

    /** The oldest release pitr supports (Debian 12's). */
    public static final PgBackRestVersion MINIMUM = new PgBackRestVersion(2, 45, 0);
    /** The newest release pitr was tested with; a newer one loads with a warning. */
    public static final PgBackRestVersion NEWEST_TESTED = new PgBackRestVersion(2, 59, 1);
    /** Time options take unit suffixes ({@code 500ms}) and refuse decimals ({@code 0.5}) from this release on. */
    public static final PgBackRestVersion TIME_UNITS = new PgBackRestVersion(2, 53, 0);
    /** Only {@code restore} may run as root without {@code --allow-root} from this release on. */
    public static final PgBackRestVersion ROOT_REFUSED = new PgBackRestVersion(2, 59, 0);

    public PgBackRestVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("a version number is negative: " + major + "." + minor + "." + patch);
        }
    }

    /** Parses {@code 2.45} or {@code 2.55.1}. */
    public static PgBackRestVersion parse(String version) {
        Matcher m = NUMBER.matcher(version == null ? "" : version.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + version + "' is not a pgBackRest version such as 2.45 or 2.55.1");
        }
        return of(m);
    }

    /** The version in {@code pgbackrest version}'s output ({@code pgBackRest X.Y[.Z]}), which every release prints. */
    public static Optional<PgBackRestVersion> find(String versionOutput) {
        Matcher m = TEXT.matcher(versionOutput == null ? "" : versionOutput);
        return m.find() ? Optional.of(of(m)) : Optional.empty();
    }

    private static PgBackRestVersion of(Matcher m) {
        return new PgBackRestVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /** True when this release is {@code other} or newer. */
    public boolean atLeast(PgBackRestVersion other) {
        return compareTo(other) >= 0;
    }

    /** True when this release is {@code major.minor} or newer. */
    public boolean atLeast(int otherMajor, int otherMinor) {
        return atLeast(new PgBackRestVersion(otherMajor, otherMinor, 0));
    }

    /** True when this release is newer than any 2.59.x, i.e. of a minor release pitr was not tested with. */
    public boolean newerThanTested() {
        return major > NEWEST_TESTED.major || major == NEWEST_TESTED.major && minor > NEWEST_TESTED.minor;
    }

    @Override
    public int compareTo(PgBackRestVersion other) {
        return ORDER.compare(this, other);
    }

    /** {@code 2.45} for a release without a patch number, {@code 2.55.1} otherwise. */
    @Override
    public String toString() {
        return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}
