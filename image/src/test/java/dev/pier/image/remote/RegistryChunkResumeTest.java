package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked upload whose second PATCH is lost (a proxy answers 502 without passing it on) resumes from the offset the registry reports; a 503 on a manifest GET is retried.
 */
class RegistryChunkResumeTest {
    @TempDir
    Path tmp;

    @Test
    void brokenChunkResumesFromTheRegistrysOffset() throws Exception {
        AtomicInteger brokenPatches = new AtomicInteger();
        AtomicInteger failedGets = new AtomicInteger();
        try (RegistryServer registry = RegistryServer.start(tmp.resolve("r").toFile().mkdirs() ? tmp.resolve("r") : tmp.resolve("r"),
                RegistryServer.Config.plain());
             RecordingProxy proxy = new RecordingProxy(registry.host(), breaking(brokenPatches, failedGets))) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "resume", 3_000_000);
            RegistryOptions options = RegistryOptions.defaults().withTlsVerify(false).withChunkSize(1 << 20).withMaxAttempts(3);
            String ref = "docker://" + proxy.host() + "/pier/resume:v1";

            RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", ref, new CopyOptions(false, Optional.empty(), 1), options);

            assertThat(brokenPatches.get()).isEqualTo(1);
            CopyResult back = RegistryTransportTest.copy(ref, "oci:" + tmp.resolve("back") + ":v1", CopyOptions.defaults(), options);
            assertThat(back.manifest().digest()).isEqualTo(m.digest());
            assertThat(failedGets.get()).isEqualTo(1);
        }
    }

    /** Loses the second PATCH (the registry never sees it: 502) and fails the first manifest GET (503). */
    private static RecordingProxy.Interceptor breaking(AtomicInteger brokenPatches, AtomicInteger failedGets) {
        AtomicInteger patches = new AtomicInteger();
        AtomicInteger manifestGets = new AtomicInteger();
        return (method, path) -> {
            if (method.equals("GET") && path.contains("/manifests/") && manifestGets.incrementAndGet() == 1) {
                failedGets.incrementAndGet();
                return OptionalInt.of(503);
            }
            if (method.equals("PATCH") && patches.incrementAndGet() == 2) {
                brokenPatches.incrementAndGet();
                return OptionalInt.of(502);
            }
            return OptionalInt.empty();
        };
    }
}
