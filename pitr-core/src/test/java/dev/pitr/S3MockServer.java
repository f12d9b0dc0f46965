package dev.pitr;

import dev.pitr.config.Repository;
import dev.pitr.config.Secret;
import dev.pitr.internal.os.Ownership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adobe S3Mock (a real S3 server over HTTPS) as a child process for the object-storage tests: the exec
 * jar that Maven copies to target/s3mock (pinned version, see the pom), one server per test class, bound
 * to 127.0.0.1 only, with bucket {@value #BUCKET}. It serves HTTPS with a self-signed certificate on
 * {@link #httpsPort()} (pgBackRest: storage-verify-tls=n) and plain HTTP on another port, which the tests
 * use to list the bucket (S3Mock accepts unsigned requests) as ground truth. {@link #close()} kills it and
 * deletes its data.
 *
 * <p>A child process rather than s3mock-junit5 in this JVM: the in-process server needs the Spring Boot
 * BOM on the test classpath, which would change pitr-core's own test dependencies (slf4j, Jackson).
 */
final class S3MockServer implements AutoCloseable {
    static final String BUCKET = "pgbackrest";
    private static final Pattern CONTENTS = Pattern.compile("<Contents>(.*?)</Contents>", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("<Key>(.*?)</Key>");
    private static final Pattern ETAG = Pattern.compile("<ETag>(.*?)</ETag>");
    private static final Pattern NEXT = Pattern.compile("<NextContinuationToken>(.*?)</NextContinuationToken>");

    private final Path directory;
    private final Process process;
    private final int httpsPort;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long startupMillis;

    private S3MockServer(Path directory, Process process, int httpsPort, int httpPort, long startupMillis) {
        this.directory = directory;
        this.process = process;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
        this.startupMillis = startupMillis;
    }

    /** Starts S3Mock and waits until it answers (about 4 s). */
    static S3MockServer start() {
        Path jar = Path.of(System.getProperty("pitr.test.s3mock.jar", "target/s3mock/s3mock-exec.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Mock exec jar missing at " + jar + " (mvn process-test-resources copies "
                    + "it; run the tests through Maven)");
        }
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("pitr-s3mock-");
            Files.createDirectories(dir.resolve("tmp"));
            Files.createDirectories(dir.resolve("root"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int https = freePort();
        int plain = freePort();
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                // Embedded Tomcat leaves a tomcat.<port>.* directory in java.io.tmpdir on every start.
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-jar", jar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + https,
                "--com.adobe.testing.s3mock.httpPort=" + plain,
                "--com.adobe.testing.s3mock.domain.initialBuckets=" + BUCKET,
                "--com.adobe.testing.s3mock.domain.root=" + dir.resolve("root"),
                "--spring.main.banner-mode=off");
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        } catch (IOException e) {
            Ownership.deleteTree(dir);
            throw new UncheckedIOException("cannot start S3Mock", e);
        }
        S3MockServer server = new S3MockServer(dir, p, https, plain, 0);
        try {
            server.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return new S3MockServer(dir, p, https, plain, (System.nanoTime() - t0) / 1_000_000);
    }

    private void awaitReady(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("S3Mock did not answer within " + limit + ": " + logTail());
    }

    int httpsPort() {
        return httpsPort;
    }

    /** Milliseconds from start() until the server answered. */
    long startupMillis() {
        return startupMillis;
    }

    /**
     * A repository on this server: path-style URIs, its self-signed certificate accepted, any keys (S3Mock
     * does not check them; they still travel only as secrets).
     */
    Repository repository(String prefix) {
        return Repository.s3("127.0.0.1", BUCKET, "us-east-1").path(prefix).s3UriStyle("path")
                .storagePort(httpsPort).verifyTls(false)
                .s3Credentials(Secret.of("pitr-test-key"), Secret.of("pitr-test-key-secret"));
    }

    /** Every object under the prefix (no leading '/'), key to ETag, through an unsigned ListObjectsV2. */
    Map<String, String> objects(String prefix) {
        Map<String, String> out = new TreeMap<>();
        Optional<String> token = Optional.empty();
        do {
            String query = "list-type=2&max-keys=1000&prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)
                    + token.map(t -> "&continuation-token=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
            String xml = get("http://127.0.0.1:" + httpPort + "/" + BUCKET + "?" + query);
            Matcher c = CONTENTS.matcher(xml);
            while (c.find()) {
                Matcher k = KEY.matcher(c.group(1));
                Matcher e = ETAG.matcher(c.group(1));
                if (k.find()) {
                    out.put(unescape(k.group(1)), e.find() ? unescape(e.group(1)).replace("\"", "") : "");
                }
            }
            Matcher n = NEXT.matcher(xml);
            token = n.find() ? Optional.of(unescape(n.group(1))) : Optional.empty();
        } while (token.isPresent());
        return out;
    }

    private String get(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("S3Mock answered " + r.statusCode() + " to " + url + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        keepLog();
        Ownership.deleteTree(directory);
    }

    /** Keeps the server log in target/s3mock/ (next to the jar) for a failed run's post-mortem. */
    private void keepLog() {
        try {
            Path jarDir = Path.of(System.getProperty("pitr.test.s3mock.jar", "target/s3mock/s3mock-exec.jar")).getParent();
            if (jarDir != null && Files.isDirectory(jarDir)) {
                Files.copy(directory.resolve("server.log"), jarDir.resolve("server-" + httpsPort + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
