package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.digest.DigestMismatchException;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads skopeo's {@code dir:} format. */
public final class DirSource implements ImageSource {
    private final Path dir;

    public DirSource(Path dir) {
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new PierException("dir:" + dir + ": no manifest.json; not a directory written by skopeo or pier copy to dir:");
        }
        this.dir = dir;
    }

    @Override
    public String describe() {
        return "dir:" + dir;
    }

    @Override
    public RawManifest manifest() throws IOException {
        return RawManifest.of(readBounded(DirLayout.manifest(dir, Optional.empty())), null);
    }

    @Override
    public RawManifest manifest(Descriptor child) throws IOException {
        byte[] bytes = readBounded(DirLayout.manifest(dir, Optional.of(child.digest())));
        RawManifest m = RawManifest.of(bytes, child.mediaType());
        if (!m.digest().equals(child.digest())) {
            throw DigestMismatchException.digest(describe() + ": manifest", child.digest(), m.digest());
        }
        return m;
    }

    @Override
    public InputStream rawBlob(Descriptor d) throws IOException {
        try {
            return Files.newInputStream(DirLayout.blob(dir, d.digest()));
        } catch (NoSuchFileException e) {
            throw new PierException(describe() + ": blob " + d.digest() + " is missing");
        }
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        try {
            return new VerifyingInputStream(Files.newInputStream(DirLayout.blob(dir, d.digest())), "blob " + d.digest(), d.digest(), d.size());
        } catch (NoSuchFileException e) {
            throw new PierException(describe() + ": blob " + d.digest() + " is missing");
        }
    }

    private byte[] readBounded(Path p) throws IOException {
        if (Files.size(p) > Json.MAX_DOCUMENT_BYTES) {
            throw new PierException(p + ": manifest larger than " + Json.MAX_DOCUMENT_BYTES + " bytes");
        }
        return Files.readAllBytes(p);
    }
}
