package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.LocalStore;
import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.CopyListener;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import dev.pier.image.transport.ImageCopier;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.transport.OciLayoutSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A push or pull that breaks halfway leaves nothing visible under the name, and running it again completes. */
class RegistryInterruptTest {
    static final RegistryOptions OPTIONS = RegistryOptions.defaults().withTlsVerify(false).withMaxAttempts(2);
    static final CopyOptions SERIAL = new CopyOptions(false, Optional.empty(), 1);
    @TempDir
    static Path shared;
    static RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = RegistryServer.start(shared, RegistryServer.Config.plain());
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void interruptedPushThenRerunCompletes() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "interrupted-push", 2_000_000);
        Descriptor big = m.asManifest().layers().get(1);
        Reference ref = Reference.parse(registry.host() + "/pier/interrupted-push:v1");

        try (ImageSource src = new BreakingSource(new OciLayoutSource(layout, Optional.of("v1"), "src"), big, 1_000_000);
             ImageDestination dst = new RegistryDestination(ref, OPTIONS)) {
            assertThatThrownBy(() -> ImageCopier.copy(src, dst, SERIAL, CopyListener.NONE)).isInstanceOf(Exception.class);
        }
        try (RegistrySource check = new RegistrySource(ref, OPTIONS)) {
            assertThat(check.repository().headManifest("v1")).isEmpty();
            assertThat(check.repository().hasBlob(big.digest())).isFalse();
        }

        CopyResult rerun = RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", "docker://" + ref, SERIAL, OPTIONS);
        assertThat(rerun.manifest().digest()).isEqualTo(m.digest());
        assertThat(rerun.blobsSkipped()).isEqualTo(2); // the config and the first layer made it the first time
        assertThat(rerun.blobsCopied()).isEqualTo(1);
    }

    @Test
    void interruptedPullLeavesNoPartialBlobAndRerunCompletes() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "interrupted-pull", 2_000_000);
        Descriptor big = m.asManifest().layers().get(1);
        String name = registry.host() + "/pier/interrupted-pull:v1";
        RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", "docker://" + name, SERIAL, OPTIONS);
        LocalStore store = LocalStore.open(tmp.resolve("store"));

        try (ImageSource src = new BreakingSource(new RegistrySource(Reference.parse(name), OPTIONS), big, 1_000_000);
             ImageDestination dst = ImageLocation.parse(name, () -> store, OPTIONS).openDestination()) {
            assertThatThrownBy(() -> ImageCopier.copy(src, dst, SERIAL, CopyListener.NONE)).isInstanceOf(Exception.class);
        }
        assertThat(store.find(name)).isEmpty();
        assertThat(store.layout().blobs().has(big.digest())).isFalse();

        try (ImageSource src = ImageLocation.parse("docker://" + name, () -> store, OPTIONS).openSource();
             ImageDestination dst = ImageLocation.parse(name, () -> store, OPTIONS).openDestination()) {
            CopyResult rerun = ImageCopier.copy(src, dst, SERIAL, CopyListener.NONE);
            assertThat(rerun.manifest().digest()).isEqualTo(m.digest());
            assertThat(rerun.blobsSkipped()).isEqualTo(2);
        }
        assertThat(store.find(name)).isPresent();
    }

    /** A source whose stream of one blob fails after {@code limit} bytes, as when the process is killed. */
    private record BreakingSource(ImageSource inner, Descriptor victim, long limit) implements ImageSource {
        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public RawManifest manifest() throws IOException {
            return inner.manifest();
        }

        @Override
        public RawManifest manifest(Descriptor child) throws IOException {
            return inner.manifest(child);
        }

        @Override
        public InputStream blob(Descriptor d) throws IOException {
            return wrap(d, inner.blob(d));
        }

        @Override
        public InputStream rawBlob(Descriptor d) throws IOException {
            return wrap(d, inner.rawBlob(d));
        }

        private InputStream wrap(Descriptor d, InputStream in) {
            if (!d.digest().equals(victim.digest())) {
                return in;
            }
            return new FilterInputStream(in) {
                long count;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (count >= limit) {
                        throw new IOException("killed");
                    }
                    int n = super.read(b, off, (int) Math.min(len, limit - count));
                    count += Math.max(n, 0);
                    return n;
                }
            };
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
