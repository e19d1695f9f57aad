package dev.pier.registry;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small generated blobs and manifests for registry tests. */
final class TestImages {
    private TestImages() {}

    static byte[] randomBytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] config(String tag) {
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"t\":\"" + tag + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] manifest(byte[] config, byte[]... layers) {
        Descriptor c = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        List<Descriptor> ls = java.util.Arrays.stream(layers)
                .map(l -> Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.sha256(l), l.length)).toList();
        return Json.write(Manifest.oci(c, ls));
    }

    /** An artifact manifest (empty config) that refers to {@code subject}. */
    static byte[] referrer(String artifactType, Descriptor subject, byte[] emptyConfig, Map<String, String> annotations) {
        Descriptor c = Descriptor.of(MediaType.OCI_EMPTY, Digest.sha256(emptyConfig), emptyConfig.length);
        return Json.write(new Manifest(2, MediaType.OCI_MANIFEST, artifactType, c, List.of(c), subject, annotations));
    }
}
