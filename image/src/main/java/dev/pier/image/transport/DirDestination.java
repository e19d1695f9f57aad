package dev.pier.image.transport;

import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Writes skopeo's {@code dir:} format into a staging directory renamed over the target on commit. */
public final class DirDestination implements ImageDestination {
    private final Path target;
    private final Path staged;
    private boolean committed;

    public DirDestination(Path target) throws IOException {
        this.target = target;
        this.staged = StagingDirectory.createBeside(target);
    }

    @Override
    public String describe() {
        return "dir:" + target;
    }

    @Override
    public boolean hasBlob(Descriptor d) {
        return false;
    }

    @Override
    public void putBlob(Descriptor d, InputStream content) throws IOException {
        Path p = DirLayout.blob(staged, d.digest());
        AtomicFile.write(p, out -> {
            try (var in = new VerifyingInputStream(content, "blob " + d.digest(), d.digest(), d.size())) {
                in.transferTo(out);
            }
        });
    }

    @Override
    public void putManifest(RawManifest manifest, boolean topLevel) throws IOException {
        Path p = DirLayout.manifest(staged, topLevel ? Optional.empty() : Optional.of(manifest.digest()));
        AtomicFile.write(p, manifest.bytes());
    }

    @Override
    public void commit() throws IOException {
        Files.writeString(staged.resolve(DirLayout.VERSION_FILE), DirLayout.VERSION, StandardCharsets.UTF_8);
        StagingDirectory.replace(staged, target);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            StagingDirectory.deleteTree(staged);
        }
    }
}
