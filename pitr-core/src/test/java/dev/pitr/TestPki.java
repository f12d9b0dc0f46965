package dev.pitr;

import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.os.Ownership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Throwaway certificates for tests, made with the openssl CLI (argv lists): ECDSA P-256, valid 2 days.
 * Server certificates carry {@code DNS:127.0.0.1} because pgBackRest 2.45 matches DNS SANs only.
 */
public final class TestPki {
    private final Path dir;
    private final CommandRunner runner = new CommonsExecRunner();

    public TestPki(Path dir) {
        this.dir = dir;
    }

    public Path crt(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    public void ca(String name, String cn) {
        genKey(name);
        openssl("req", "-x509", "-new", "-key", key(name).toString(), "-out", crt(name).toString(), "-days", "2",
                "-subj", "/CN=" + cn, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    public void server(String name, String ca, String cn) {
        leaf(name, ca, cn, "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                + "subjectAltName=DNS:127.0.0.1,DNS:localhost,IP:127.0.0.1\n");
    }

    public void client(String name, String ca, String cn) {
        leaf(name, ca, cn, "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
    }

    /** A client certificate from {@code ca} that expired in 2024 ({@code openssl ca} can back-date, x509 cannot). */
    public void expiredClient(String name, String ca, String cn) {
        signWithDates(name, ca, cn, "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n", "20240101000000Z",
                "20240102000000Z");
    }

    /** A client certificate valid from an hour ago until {@code notAfter} (seconds precision). */
    public void clientUntil(String name, String ca, String cn, Instant notAfter) {
        signWithDates(name, ca, cn, "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n",
                stamp(Instant.now().minusSeconds(3600)), stamp(notAfter));
    }

    /** A server certificate (same SANs as {@link #server}) valid from an hour ago until {@code notAfter}. */
    public void serverUntil(String name, String ca, String cn, Instant notAfter) {
        signWithDates(name, ca, cn, "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                + "subjectAltName=DNS:127.0.0.1,DNS:localhost,IP:127.0.0.1\n", stamp(Instant.now().minusSeconds(3600)),
                stamp(notAfter));
    }

    private static String stamp(Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(t);
    }

    private void signWithDates(String name, String ca, String cn, String ext, String notBefore, String notAfter) {
        genKey(name);
        Path csr = dir.resolve(name + ".csr");
        openssl("req", "-new", "-key", key(name).toString(), "-out", csr.toString(), "-subj", "/CN=" + cn);
        Path db = dir.resolve(name + "-cadb");
        try {
            Files.createDirectories(db);
            Files.writeString(db.resolve("index.txt"), "");
            Files.writeString(db.resolve("serial"), "01\n");
            Files.writeString(db.resolve("ca.cnf"), "[ca]\ndefault_ca=d\n[d]\ndatabase=" + db.resolve("index.txt")
                    + "\nnew_certs_dir=" + db + "\ncertificate=" + crt(ca) + "\nprivate_key=" + key(ca)
                    + "\nserial=" + db.resolve("serial") + "\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n");
            Files.writeString(db.resolve("ext"), ext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("ca", "-batch", "-config", db.resolve("ca.cnf").toString(), "-in", csr.toString(), "-out",
                crt(name).toString(), "-startdate", notBefore, "-enddate", notAfter,
                "-extfile", db.resolve("ext").toString(), "-notext");
    }

    /** Copies a file into {@code target} owned by {@code user} with {@code mode} (e.g. "rw-------"). */
    public static Path install(Path source, Path target, String user, String mode) {
        try {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(mode));
            Ownership.chown(target, Optional.of(user));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void leaf(String name, String ca, String cn, String ext) {
        genKey(name);
        Path csr = dir.resolve(name + ".csr");
        Path extFile = dir.resolve(name + ".ext");
        try {
            Files.writeString(extFile, ext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-new", "-key", key(name).toString(), "-out", csr.toString(), "-subj", "/CN=" + cn);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", crt(ca).toString(), "-CAkey", key(ca).toString(),
                "-CAcreateserial", "-days", "2", "-extfile", extFile.toString(), "-out", crt(name).toString());
    }

    private void genKey(String name) {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key(name).toString());
    }

    private void openssl(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("openssl");
        argv.addAll(List.of(args));
        ProcessOutput out = runner.run(CommandSpec.of(argv, Duration.ofSeconds(30)).withLogger("pitr.test.openssl")
                .withWorkingDirectory(dir));
        if (out.exitCode() != 0) {
            throw new IllegalStateException("openssl " + args[0] + " failed: " + out.result());
        }
    }
}
