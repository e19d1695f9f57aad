package dev.pier.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.MediaType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during concurrent pushes: after a restart on the same storage every manifest whose push
 * was acknowledged resolves by tag and digest with its exact bytes, every blob it references is
 * served and hashes to its digest, and no stored blob's bytes differ from its name.
 */
class CrashSafetyTest {
    @TempDir
    Path root;

    record Acked(String repo, String tag, byte[] manifest, List<byte[]> blobs) {}

    private static Process startServer(Path root, URI[] base) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashServerMain.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new IllegalStateException("registry process did not start: " + line);
        }
        base[0] = URI.create("http://127.0.0.1:" + line.substring(5).trim());
        return p;
    }

    @Test
    void everyAcknowledgedPushSurvivesSigkill() throws Exception {
        URI[] base = new URI[1];
        Process server = startServer(root, base);
        RegistryClient client = new RegistryClient(base[0]);
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(40);
        List<Thread> pushers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            pushers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        String repo = "crash/w" + worker;
                        byte[] config = TestImages.config("w" + worker + "-" + i);
                        byte[] layer = TestImages.randomBytes(worker * 100_000L + i, 64 * 1024 + i);
                        client.pushBlob(repo, config);
                        client.pushBlob(repo, layer);
                        byte[] manifest = TestImages.manifest(config, layer);
                        client.pushManifest(repo, "t" + i, MediaType.OCI_MANIFEST, manifest);
                        acked.add(new Acked(repo, "t" + i, manifest, List.of(config, layer)));
                        enough.countDown();
                    } catch (Exception | AssertionError e) {
                        return; // the server died under us
                    }
                }
            }));
        }
        assertThat(enough.await(120, TimeUnit.SECONDS)).as("pushes acknowledged before the kill").isTrue();
        server.destroyForcibly(); // SIGKILL, while the pushers are mid-request
        server.waitFor(30, TimeUnit.SECONDS);
        stop.set(true);
        for (Thread t : pushers) {
            t.join(60_000);
        }

        Process restarted = startServer(root, base);
        try {
            RegistryClient after = new RegistryClient(base[0]);
            assertThat(acked).hasSizeGreaterThanOrEqualTo(40);
            for (Acked a : acked) {
                Digest d = Digest.sha256(a.manifest());
                var byTag = after.get("/v2/" + a.repo() + "/manifests/" + a.tag());
                RegistryClient.check(byTag, 200);
                assertThat(byTag.body()).isEqualTo(a.manifest());
                RegistryClient.check(after.get("/v2/" + a.repo() + "/manifests/" + d), 200);
                for (byte[] blob : a.blobs()) {
                    var r = after.get("/v2/" + a.repo() + "/blobs/" + Digest.sha256(blob));
                    RegistryClient.check(r, 200);
                    assertThat(Digest.sha256(r.body())).isEqualTo(Digest.sha256(blob));
                }
            }
            try (Stream<Path> blobs = Files.list(root.resolve("blobs/sha256"))) {
                for (Path b : blobs.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                    assertThat(Digest.sha256(Files.readAllBytes(b)).encoded()).as("blob %s", b.getFileName()).isEqualTo(b.getFileName().toString());
                }
            }
        } finally {
            restarted.destroyForcibly();
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
