package dev.pier.registry;

import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite against the CNCF distribution registry 2.8 (Debian's docker-registry), to
 * check the suite itself. The parts distribution 2.8 does not implement (referrers, tag deletion,
 * NAME_INVALID for malformed names) are skipped there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributionConformanceTest extends ConformanceSuite {
    @TempDir
    static Path dir;
    private static Process process;
    private static RegistryClient client;

    @BeforeAll
    static void start() throws Exception {
        client = new RegistryClient(startDistribution(dir));
    }

    /** Starts docker-registry on a free 127.0.0.1 port with its storage under {@code dir}; returns its base URL. */
    static URI startDistribution(Path dir) throws Exception {
        Path binary = Peers.require("docker-registry");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        URI base = URI.create("http://127.0.0.1:" + port);
        RegistryClient c = new RegistryClient(base);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                if (c.get("/v2/").statusCode() == 200) {
                    return base;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    RegistryClient client() {
        return client;
    }

    @Override
    boolean supportsReferrers() {
        return false;
    }

    @Override
    boolean supportsTagDeletion() {
        return false;
    }

    @Override
    boolean enforcesChunkOrder() {
        return false;
    }

    @Override
    boolean paginatesTags() {
        return false;
    }

    @Override
    boolean strictNameErrors() {
        return false;
    }

    @Nested
    class Pull extends ConformanceSuite.Pull {}

    @Nested
    class Push extends ConformanceSuite.Push {}

    @Nested
    class ContentDiscovery extends ConformanceSuite.ContentDiscovery {}

    @Nested
    class ContentManagement extends ConformanceSuite.ContentManagement {}

    @Nested
    class Referrers extends ConformanceSuite.Referrers {}
}
