package dev.pier.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pier reads the images umoci, skopeo and buildah write: {@code pier inspect} agrees with
 * {@code skopeo inspect}, and {@code pier unpack} gives the tree {@code umoci unpack} gives.
 */
class InteropPierReadsPeerImagesTest {
    @TempDir
    static Path work;

    static Path layout;
    static InteropImages.BuildahImages buildah;
    static PierCli pier;

    /** An image a peer wrote, at a location as skopeo spells it. */
    record Written(String writer, String location) {
        boolean dockerArchive() {
            return location.startsWith("docker-archive:");
        }

        @Override
        public String toString() {
            return writer + " " + location.substring(0, location.indexOf(':'));
        }
    }

    @BeforeAll
    static void build() throws IOException {
        Peers.requireRoot();
        Peers.require("skopeo");
        layout = InteropImages.umoci(work);
        String multi = "oci:" + layout + ":" + InteropImages.MULTI;
        InteropImages.skopeoCopy(multi, "oci-archive:" + work.resolve("skopeo-oci.tar") + ":multi");
        InteropImages.skopeoCopy(multi, "docker-archive:" + work.resolve("skopeo-docker.tar") + ":example.org/multi:1");
        InteropImages.skopeoCopy(multi, "dir:" + work.resolve("skopeo-dir"));
        buildah = InteropImages.buildah(work, layout);
        // buildah's layers (uncompressed, with the opaque directory) in a layout skopeo compressed
        InteropImages.skopeoCopy(buildah.ociLocation(), "oci:" + work.resolve("skopeo-oci") + ":bb");
        pier = new PierCli(work.resolve("store"));
    }

    static Stream<Written> written() {
        return Stream.of(
                new Written("umoci", "oci:" + layout + ":" + InteropImages.MULTI),
                new Written("umoci", "oci:" + layout + ":" + InteropImages.BUSYBOX),
                new Written("skopeo", "oci-archive:" + work.resolve("skopeo-oci.tar") + ":multi"),
                new Written("skopeo", "docker-archive:" + work.resolve("skopeo-docker.tar") + ":example.org/multi:1"),
                new Written("skopeo", "dir:" + work.resolve("skopeo-dir")),
                new Written("skopeo", "oci:" + work.resolve("skopeo-oci") + ":bb"),
                new Written("buildah", buildah.ociLocation()),
                new Written("buildah", buildah.dockerLocation()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("written")
    void inspectAgreesWithSkopeo(Written image) {
        JsonNode mine = pier.check("inspect", image.location()).json();
        JsonNode theirs = InteropPeersReadPierOutputTest.skopeoInspect(image.location());
        assertThat(mine.get("Layers")).isEqualTo(theirs.get("Layers"));
        for (String field : List.of("Created", "Architecture", "Os", "Labels", "Env")) {
            assertThat(mine.get(field)).as(field).isEqualTo(theirs.get(field));
        }
        if (image.dockerArchive()) {
            // a docker save archive holds no manifest: skopeo makes a Docker schema 2 one, Pier an OCI one,
            // so the digests differ by design; Pier's is the digest of the manifest it shows
            String raw = pier.check("inspect", "--raw", image.location()).out();
            assertThat(mine.get("Digest").asText()).isEqualTo(dev.pier.image.digest.Digest.sha256(
                    raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
        } else {
            assertThat(mine.get("Digest")).isEqualTo(theirs.get("Digest"));
            String raw = pier.check("inspect", "--raw", image.location()).out();
            String skopeoRaw = Exec.of(Peers.require("skopeo"), "inspect", "--raw", image.location()).check().stdout();
            assertThat(raw).isEqualTo(skopeoRaw);
        }
        String config = pier.check("inspect", "--config", "--raw", image.location()).out();
        String skopeoConfig = Exec.of(Peers.require("skopeo"), "inspect", "--config", "--raw", image.location()).check().stdout();
        assertThat(config.strip()).isEqualTo(skopeoConfig.strip());
    }

    @Test
    void inspectOfAnImageWithoutLayersOrEnvAgreesWithSkopeo() {
        String location = "oci:" + layout + ":" + InteropImages.EMPTY;
        JsonNode mine = pier.check("inspect", location).json();
        JsonNode theirs = InteropPeersReadPierOutputTest.skopeoInspect(location);
        for (String field : List.of("Digest", "Layers", "Created", "Architecture", "Os", "Labels", "Env")) {
            assertThat(mine.get(field)).as(field).isEqualTo(theirs.get(field));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("written")
    void unpackAgreesWithUmoci(Written image) throws IOException {
        Path mine = Files.createTempDirectory(work, "pier-").resolve("rootfs");
        pier.check("unpack", image.location(), mine.toString());

        Path ociLayout;
        String ref;
        if (image.location().startsWith("oci:")) {
            String rest = image.location().substring(4);
            ociLayout = Path.of(rest.substring(0, rest.lastIndexOf(':')));
            ref = rest.substring(rest.lastIndexOf(':') + 1);
        } else {
            ociLayout = Files.createTempDirectory(work, "for-umoci-");
            ref = "x";
            InteropImages.skopeoCopy(image.location(), "oci:" + ociLayout + ":" + ref);
        }
        Path theirs = InteropImages.umociUnpack(ociLayout, ref, Files.createTempDirectory(work, "umoci-").resolve("bundle"));
        TreeSnapshot expected = TreeSnapshot.of(theirs);
        assertThat(expected.entries()).hasSizeGreaterThan(3);
        assertThat(TreeSnapshot.of(mine).differences(expected)).as("pier unpack <> umoci unpack").isEmpty();
    }

    @Test
    void buildahImageHasAnOpaqueDirectoryAndPierAppliesIt() throws IOException {
        // the fixture must really carry an opaque whiteout, else this class would not test it
        Path x = Files.createTempDirectory(work, "tar-");
        Exec.of("tar", "-xf", buildah.ociArchive().toString(), "-C", x.toString()).check();
        JsonNode index = PierCli.json(Files.readString(x.resolve("index.json")));
        String manifestHex = index.get("manifests").get(0).get("digest").asText().substring(7);
        JsonNode manifest = PierCli.json(Files.readString(x.resolve("blobs/sha256/" + manifestHex)));
        JsonNode layers = manifest.get("layers");
        String top = layers.get(layers.size() - 1).get("digest").asText().substring(7);
        String listing = Exec.of("tar", "-tf", x.resolve("blobs/sha256/" + top).toString()).check().stdout();
        assertThat(listing).contains("etc/conf/.wh..wh..opq", "data/.wh.keep");

        for (String location : List.of(buildah.ociLocation(), buildah.dockerLocation())) {
            Path mine = Files.createTempDirectory(work, "pier-").resolve("rootfs");
            pier.check("unpack", location, mine.toString());
            try (Stream<Path> s = Files.list(mine.resolve("etc/conf"))) {
                assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                        .containsExactly("z", "z".repeat(150));
            }
            assertThat(mine.resolve("data/keep")).doesNotExist();
            assertThat(Files.isSameFile(mine.resolve("data/new"), mine.resolve("data/new-link"))).isTrue();
        }
    }
}
