package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.CopyOptions;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push of what the registry already has asks only HEADs (blobs, config and the tag's manifest)
 * and writes nothing; a push that moves the tag to another image still writes its manifest; a
 * first push, which uploads blobs, pushes its manifest without asking for the tag.
 */
class RegistryNoOpPushTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondPushOfTheSameImageWritesNothing() throws Exception {
        try (RegistryServer registry = RegistryServer.start(java.nio.file.Files.createDirectories(tmp.resolve("r")), RegistryServer.Config.plain());
             RecordingProxy proxy = new RecordingProxy(registry.host(), (method, path) -> OptionalInt.empty())) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RegistryFixtures.taggedImage(layout, "v1", "noop", 200_000);
            RegistryFixtures.taggedImage(layout, "v2", "other", 200_000);
            RegistryOptions options = RegistryOptions.defaults().withTlsVerify(false);
            String ref = "docker://" + proxy.host() + "/pier/noop:v1";

            RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", ref, CopyOptions.defaults(), options);
            assertThat(proxy.requests).contains("PUT /v2/pier/noop/manifests/v1")
                    .as("a push that uploaded blobs does not ask for the tag first").doesNotContain("HEAD /v2/pier/noop/manifests/v1");

            proxy.requests.clear();
            RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", ref, CopyOptions.defaults(), options);
            assertThat(proxy.requests).contains("HEAD /v2/pier/noop/manifests/v1")
                    .filteredOn(r -> r.startsWith("HEAD /v2/pier/noop/blobs/")).hasSizeGreaterThanOrEqualTo(2);
            assertThat(proxy.requests).noneMatch(r -> r.startsWith("PUT") || r.startsWith("POST") || r.startsWith("PATCH"));

            proxy.requests.clear();
            RegistryTransportTest.copy("oci:" + layout.dir() + ":v2", ref, CopyOptions.defaults(), options);
            assertThat(proxy.requests).contains("PUT /v2/pier/noop/manifests/v1");
        }
    }
}
