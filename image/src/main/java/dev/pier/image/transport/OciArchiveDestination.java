package dev.pier.image.transport;

import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes an {@code oci-archive:} file: an OCI layout staged beside the target, packed into a tar
 * and renamed over the target on commit. An existing archive is replaced, as skopeo does.
 */
public final class OciArchiveDestination implements ImageDestination {
    private final Path file;
    private final Path staged;
    private final OciLayoutDestination layout;

    public OciArchiveDestination(Path file, Optional<String> refName) throws IOException {
        this.file = file;
        this.staged = StagingDirectory.createBeside(file);
        this.layout = new OciLayoutDestination(OciLayout.openOrCreate(staged), refName, describe());
    }

    @Override
    public String describe() {
        return "oci-archive:" + file;
    }

    @Override
    public boolean hasBlob(Descriptor d) {
        return layout.hasBlob(d);
    }

    @Override
    public void putBlob(Descriptor d, InputStream content) throws IOException {
        layout.putBlob(d, content);
    }

    @Override
    public void putManifest(RawManifest manifest, boolean topLevel) throws IOException {
        layout.putManifest(manifest, topLevel);
    }

    @Override
    public void commit() throws IOException {
        layout.commit();
        TarFileWriter.pack(staged, file);
    }

    @Override
    public void close() throws IOException {
        StagingDirectory.deleteTree(staged);
    }
}
