package dev.pier.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Copies that change nothing keep the manifest digest, as skopeo sees it; a second copy into an
 * OCI layout or the local store copies no blob.
 */
class InteropCopyKeepsDigestTest {
    private static final Pattern WROTE = Pattern.compile("Wrote (.+) (sha256:[0-9a-f]{64}) \\((\\d+) blobs copied, (\\d+) already present\\)");

    @TempDir
    static Path work;

    static Path layout;
    static String source;
    static String sourceDigest;
    /** The config and the layers of {@code multi}. */
    static int blobs;

    @BeforeAll
    static void images() throws IOException {
        dev.pier.image.testing.Peers.require("skopeo");
        layout = InteropImages.umoci(work);
        source = "oci:" + layout + ":" + InteropImages.MULTI;
        var inspected = InteropPeersReadPierOutputTest.skopeoInspect(source);
        sourceDigest = inspected.get("Digest").asText();
        blobs = inspected.get("Layers").size() + 1;
    }

    /** {@code %s} is a fresh directory; the middle location is copied to and then from. */
    @ParameterizedTest
    @ValueSource(strings = {"", "oci-archive:%s/image.tar:m", "dir:%s/dir", "oci:%s/layout", "STORE"})
    void roundTripKeepsTheDigest(String via) throws IOException {
        Path dir = Files.createTempDirectory(work, "case-");
        PierCli pier = new PierCli(dir.resolve("store"));
        String from = source;
        if (!via.isEmpty()) {
            String middle = via.equals("STORE") ? "example.org/multi:1" : via.formatted(dir);
            assertThat(wrote(pier.check("copy", source, middle)).group(2)).isEqualTo(sourceDigest);
            from = middle;
        }
        Path out = dir.resolve("out");
        Matcher m = wrote(pier.check("copy", from, "oci:" + out + ":m"));
        assertThat(m.group(2)).isEqualTo(sourceDigest);
        assertThat(InteropPeersReadPierOutputTest.skopeoInspect("oci:" + out + ":m").get("Digest").asText()).isEqualTo(sourceDigest);
        assertThat(pier.check("inspect", from).json().get("Digest").asText()).isEqualTo(sourceDigest);
    }

    @Test
    void secondCopyIntoALayoutSkipsEveryBlob() {
        PierCli pier = new PierCli(work.resolve("store-layout-case"));
        String dst = "oci:" + work.resolve("again") + ":m";
        assertCounts(pier.check("copy", source, dst), blobs, 0);
        assertCounts(pier.check("copy", source, dst), 0, blobs);
        // another name in the same layout shares the blobs too
        assertCounts(pier.check("copy", source, "oci:" + work.resolve("again") + ":other"), 0, blobs);
        assertThat(pier.check("copy", source, dst).out()).contains("skipped: already exists");
    }

    @Test
    void secondCopyIntoTheStoreSkipsEveryBlob() {
        PierCli pier = new PierCli(work.resolve("store-again"));
        assertCounts(pier.check("copy", source, "multi:1"), blobs, 0);
        assertCounts(pier.check("copy", source, "multi:1"), 0, blobs);
        assertCounts(pier.check("copy", source, "multi:2"), 0, blobs);
        assertThat(pier.check("images", "--format", "json").out()).contains("docker.io/library/multi");
    }

    private static void assertCounts(PierCli.Result r, int copied, int present) {
        Matcher m = wrote(r);
        assertThat(List.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))))
                .as("blobs copied and already present in: %s", r.out())
                .containsExactly(copied, present);
        assertThat(m.group(2)).isEqualTo(sourceDigest);
    }

    private static Matcher wrote(PierCli.Result r) {
        Matcher m = WROTE.matcher(r.out());
        assertThat(m.find()).as("a 'Wrote' line in: %s", r.out()).isTrue();
        return m;
    }
}
