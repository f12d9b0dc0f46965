package dev.pitr.internal.tls;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the TLS files a pgbackrest.conf names before any command runs, so that a key pgBackRest would
 * refuse, or an expired certificate, fails at once with the file and the fix instead of as a TLS error
 * from the far side. Key files follow pgBackRest's own rule: owned by the user it runs as with no group
 * or other permissions (0600), or owned by root with at most group read (0640).
 */
public final class TlsPreflight {
    private static final Pattern KEY = Pattern.compile("(?:(?:repo|pg)\\d+-host|tls-server)-key-file");
    private static final Pattern CERT = Pattern.compile("(?:(?:repo|pg)\\d+-host|tls-server)-(?:cert|ca)-file");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final Set<PosixFilePermission> ROOT_ALLOWED_EXTRA = EnumSet.of(PosixFilePermission.GROUP_READ);

    private TlsPreflight() {
    }

    /** The setting a TLS option of pgbackrest.conf comes from. */
    static Setting settingOf(String option) {
        if (option.startsWith("tls-server-")) {
            return Setting.TLS_SERVER;
        }
        if (option.matches("repo\\d+-host-.*")) {
            return Setting.REPOSITORY_HOST;
        }
        return option.matches("pg\\d+-host-.*") ? Setting.PG_HOST : Setting.CONFIG_FILE;
    }

    /** Checks every TLS key, certificate and CA file the configuration names, for pgBackRest running as {@code user}. */
    public static void check(List<ConfReader.Entry> entries, String user) {
        for (ConfReader.Entry e : entries) {
            if (KEY.matcher(e.key()).matches()) {
                checkKeyFile(e.key(), Path.of(e.value()), user);
            } else if (CERT.matcher(e.key()).matches()) {
                checkCertificateFile(e.key(), Path.of(e.value()), Instant.now());
            }
        }
    }

    /** The rule pgBackRest applies to a private key file, checked here so the error names the fix. */
    public static void checkKeyFile(String option, Path key, String user) {
        PosixFileAttributes attrs = attributes(option, key, "key");
        String owner = attrs.owner().getName();
        Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
        extra.addAll(attrs.permissions());
        extra.retainAll(GROUP_OR_OTHER);
        String mode = mode(attrs.permissions());
        String fix = "chown " + user + " " + key + " && chmod 0600 " + key;
        if (owner.equals(user)) {
            if (!extra.isEmpty()) {
                throw new PitrConfigurationException(settingOf(option), option, "key file " + key + " has mode " + mode
                        + ", so group or others can read it, and pgBackRest refuses such keys", fix);
            }
        } else if (owner.equals("root")) {
            if (!attrs.permissions().contains(PosixFilePermission.GROUP_READ)) {
                throw new PitrConfigurationException(settingOf(option), option, "key file " + key + " is owned by root with mode " + mode
                        + ", so pgBackRest running as '" + user + "' cannot read it", fix);
            }
            extra.removeAll(ROOT_ALLOWED_EXTRA);
            if (!extra.isEmpty()) {
                throw new PitrConfigurationException(settingOf(option), option, "key file " + key + " is owned by root with mode " + mode
                        + ", and pgBackRest refuses a root-owned key with more than 0640", fix + " (or chmod 0640 "
                                + key + " with a group " + user + " is in)");
            }
        } else {
            throw new PitrConfigurationException(settingOf(option), option, "key file " + key + " is owned by '" + owner
                    + "', but pgBackRest runs as '" + user + "' and needs to own it", fix);
        }
    }

    /** A certificate or CA bundle must exist, be PEM X.509, and be valid now. */
    public static void checkCertificateFile(String option, Path file, Instant now) {
        attributes(option, file, "certificate");
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (CertificateException e) {
            throw new PitrConfigurationException(settingOf(option), option, file + " is not a PEM X.509 certificate (" + e.getMessage() + ")",
                    "point " + option + " at the certificate file (-----BEGIN CERTIFICATE-----)");
        }
        if (certs.isEmpty()) {
            throw new PitrConfigurationException(settingOf(option), option, file + " holds no certificate",
                    "point " + option + " at the certificate file (-----BEGIN CERTIFICATE-----)");
        }
        for (Certificate c : certs) {
            X509Certificate x = (X509Certificate) c;
            try {
                x.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                throw new PitrConfigurationException(settingOf(option), option, "certificate " + file + " (" + x.getSubjectX500Principal()
                        .getName() + ") expired on " + x.getNotAfter().toInstant(), "issue a new certificate from the "
                                + "same CA and replace " + file + "; then restart or reload (SIGHUP) the servers using it");
            } catch (CertificateNotYetValidException e) {
                throw new PitrConfigurationException(settingOf(option), option, "certificate " + file + " (" + x.getSubjectX500Principal()
                        .getName() + ") is not valid before " + x.getNotBefore().toInstant(),
                        "check this host's clock, or issue a certificate valid from now");
            }
        }
    }

    private static PosixFileAttributes attributes(String option, Path file, String what) {
        if (!file.isAbsolute()) {
            throw new PitrConfigurationException(settingOf(option), option, "'" + file + "' is not absolute", "give an absolute path");
        }
        try {
            PosixFileAttributes attrs = Files.readAttributes(file, PosixFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw new PitrConfigurationException(settingOf(option), option, file + " is not a file", "point " + option + " at the " + what
                        + " file");
            }
            return attrs;
        } catch (IOException e) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new PitrConfigurationException(settingOf(option), option, what + " file " + file + " does not exist",
                        "create it (see docs/repository-host.md) or fix the path");
            }
            throw new UncheckedIOException("cannot read the attributes of " + file, e);
        }
    }

    private static String mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", m);
    }
}
