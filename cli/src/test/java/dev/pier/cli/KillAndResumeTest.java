package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistryServer;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code pier copy} process killed with SIGKILL halfway through a push or a pull leaves nothing
 * visible under the image's name and no blob whose content does not match its digest; running
 * the same command again completes with the right digest.
 */
@Timeout(300)
class KillAndResumeTest {
    private static final int BIG = 96 << 20; // large enough that the kill lands mid-transfer on an idle machine

    @TempDir
    Path tmp;

    @Test
    void aKilledPushThenARerunGivesTheSameImage() throws Exception {
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")), RegistryServer.Config.plain())) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "kill-push", BIG);
            String dest = "docker://" + registry.host() + "/kill/push:v1";
            List<String> args = List.of("copy", "--tls-verify=false", "oci:" + layout.dir() + ":v1", dest);

            killWhen(args, () -> bytesUnder(registry.storage()) > 8 << 20);
            assertThat(RegistryCliTest.pier("inspect", "--tls-verify=false", dest).status())
                    .as("a killed push published no manifest").isEqualTo(1);

            var again = RegistryCliTest.pier(args.toArray(String[]::new));
            assertThat(again.status()).as(again.err()).isZero();
            var inspect = RegistryCliTest.pier("inspect", "--raw", "--tls-verify=false", dest);
            assertThat(Digest.sha256(inspect.out().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(m.digest());
            var pulled = RegistryCliTest.pier("copy", "--tls-verify=false", dest, "oci:" + tmp.resolve("check") + ":v1");
            assertThat(pulled.status()).as("every blob verifies on the way back: " + pulled.err()).isZero();
        }
    }

    @Test
    void aKilledPullLeavesNoPartialBlobAndARerunCompletes() throws Exception {
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")), RegistryServer.Config.plain())) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "kill-pull", BIG);
            String remote = "docker://" + registry.host() + "/kill/pull:v1";
            assertThat(RegistryCliTest.pier("copy", "-q", "--tls-verify=false", "oci:" + layout.dir() + ":v1", remote).status()).isZero();

            Path dst = tmp.resolve("dst");
            List<String> args = List.of("copy", "--tls-verify=false", remote, "oci:" + dst + ":v1");
            killWhen(args, () -> bytesUnder(dst) > 8 << 20);
            assertThat(OciLayout.open(dst).find("v1")).as("a killed pull tagged nothing").isEmpty();
            assertEveryBlobMatchesItsName(dst);

            var again = RegistryCliTest.pier(args.toArray(String[]::new));
            assertThat(again.status()).as(again.err()).isZero();
            assertThat(OciLayout.open(dst).find("v1")).hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(m.digest()));
            assertEveryBlobMatchesItsName(dst);
        }
    }

    /** Runs pier in its own JVM and kills it (SIGKILL) as soon as {@code condition} holds. */
    private static void killWhen(List<String> args, Condition condition) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Pier.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 2400 && p.isAlive() && !condition.holds(); i++) {
                Thread.sleep(25);
            }
            assertThat(p.isAlive()).as("pier was still copying when the condition held").isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException;
    }

    private static long bytesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        // the registry deletes an upload's folder as it finishes it: what vanishes during the walk counts for nothing
        long[] total = {0};
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                total[0] += attrs.isRegularFile() ? attrs.size() : 0;
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** Files named like blobs must hold exactly those bytes; temporary files may stay, hidden. */
    private static void assertEveryBlobMatchesItsName(Path layout) throws IOException {
        Path dir = layout.resolve("blobs/sha256");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path blob : s.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                try (InputStream in = Files.newInputStream(blob)) {
                    assertThat(Digest.of(DigestAlgorithm.SHA256, in).encoded()).as(blob.toString()).isEqualTo(blob.getFileName().toString());
                }
            }
        }
    }
}
