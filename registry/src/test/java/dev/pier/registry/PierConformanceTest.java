package dev.pier.registry;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The conformance suite against Pier's registry, in process on an ephemeral port. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PierConformanceTest extends ConformanceSuite {
    @TempDir
    static Path root;
    private static RegistryServer server;
    private static RegistryClient client;

    @BeforeAll
    static void start() throws Exception {
        server = RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0"), root, null);
        client = new RegistryClient(server.baseUri());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    RegistryClient client() {
        return client;
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
