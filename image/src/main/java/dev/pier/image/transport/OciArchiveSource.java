package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.digest.DigestMismatchException;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads an {@code oci-archive:} file (a tar of an OCI image layout) in place, without extracting it. */
public final class OciArchiveSource implements ImageSource {
    private final TarFileReader tar;
    private final Optional<String> refName;
    private final String description;
    private final List<Descriptor> entries;

    public OciArchiveSource(Path file, Optional<String> refName) throws IOException {
        this.description = "oci-archive:" + file + refName.map(r -> ":" + r).orElse("");
        this.tar = new TarFileReader(file, "oci-archive");
        this.refName = refName;
        if (!tar.has("oci-layout") || !tar.has("index.json")) {
            tar.close();
            throw new PierException(description + ": not an OCI archive (no oci-layout or index.json inside)");
        }
        this.entries = Json.read(tar.read("index.json", Json.MAX_DOCUMENT_BYTES), ImageIndex.class, description + " index.json").manifests();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public RawManifest manifest() throws IOException {
        return manifest(IndexEntries.select(entries, refName, description));
    }

    @Override
    public RawManifest manifest(Descriptor d) throws IOException {
        if (!MediaType.isManifest(d.mediaType())) {
            throw new PierException(description + ": " + d.digest() + " has media type " + d.mediaType() + ", not a manifest");
        }
        byte[] bytes = tar.read(blobName(d), Json.MAX_DOCUMENT_BYTES);
        RawManifest m = RawManifest.of(bytes, d.mediaType());
        if (!m.digest().equals(d.digest())) {
            throw DigestMismatchException.digest(description + ": manifest", d.digest(), m.digest());
        }
        return m;
    }

    @Override
    public InputStream rawBlob(Descriptor d) throws IOException {
        return tar.open(blobName(d));
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        return new VerifyingInputStream(tar.open(blobName(d)), "blob " + d.digest(), d.digest(), d.size());
    }

    @Override
    public List<String> repoTags() {
        return IndexEntries.namesOf(entries, IndexEntries.select(entries, refName, description));
    }

    private static String blobName(Descriptor d) {
        return "blobs/" + d.digest().algorithm().id() + "/" + d.digest().encoded();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
