package dev.pier.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo (containers/image) against Pier's registry: copy in and out, inspect, list-tags, delete. */
class SkopeoInteropTest {
    @TempDir
    Path tmp;
    private RegistryServer server;
    private Path skopeo;

    @BeforeEach
    void start() throws Exception {
        skopeo = Peers.require("skopeo");
        server = RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0"), tmp.resolve("registry"), null);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private String ref(String repoAndTag) {
        return "docker://127.0.0.1:" + server.port() + "/" + repoAndTag;
    }

    private Exec skopeo(String... args) {
        return Exec.of(skopeo, "--insecure-policy").args(args).env("HOME", tmp.toString());
    }

    @Test
    void copyInspectListTagsPullAndDelete() throws Exception {
        Path layout = tmp.resolve("src");
        Descriptor manifest = writeImage(layout);

        skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", ref("interop/app:v1")).check();
        skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", ref("interop/app:v2")).check();
        skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":v1", ref("interop/other:latest")).check(); // mounts

        String raw = skopeo("inspect", "--tls-verify=false", "--raw", ref("interop/app:v1")).check().stdout();
        byte[] stored = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(manifest.digest().encoded()));
        assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(stored);

        JsonNode inspect = Json.tree(skopeo("inspect", "--tls-verify=false", ref("interop/app:v1")).check().stdout().getBytes(StandardCharsets.UTF_8), "inspect");
        assertThat(inspect.path("Digest").asText()).isEqualTo(manifest.digest().toString());

        JsonNode tags = Json.tree(skopeo("list-tags", "--tls-verify=false", ref("interop/app")).check().stdout().getBytes(StandardCharsets.UTF_8), "tags");
        assertThat(tags.path("Tags").toString()).contains("\"v1\"").contains("\"v2\"");

        Path out = tmp.resolve("out");
        skopeo("copy", "--src-tls-verify=false", ref("interop/app:v1"), "oci:" + out + ":pulled").check();
        for (Path blob : Files.list(layout.resolve("blobs/sha256")).toList()) {
            assertThat(out.resolve("blobs/sha256").resolve(blob.getFileName())).hasSameBinaryContentAs(blob);
        }

        skopeo("delete", "--tls-verify=false", ref("interop/app:v1")).check();
        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", ref("interop/app:v1")).run().ok()).isFalse();
        assertThat(skopeo("inspect", "--tls-verify=false", "--raw", ref("interop/other:latest")).run().ok()).isTrue();
    }

    /** A one-layer OCI image in a layout, tagged v1; returns its manifest's descriptor. */
    static Descriptor writeImage(Path dir) throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir);
        byte[] tar = tar("hello.txt", "hello from pier\n");
        byte[] layer = gzip(tar);
        Descriptor layerDesc = layout.blobs().put(MediaType.OCI_LAYER_GZIP, layer);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/hello.txt\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]}}";
        Descriptor configDesc = layout.blobs().put(MediaType.OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        Descriptor m = layout.blobs().put(MediaType.OCI_MANIFEST, Json.write(Manifest.oci(configDesc, List.of(layerDesc))));
        layout.tag("v1", m);
        return m;
    }

    private static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
