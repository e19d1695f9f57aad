package dev.pier.image.transport;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.layer.Compression;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code docker save} archive in place. Such archives carry no manifest, so one is made
 * from manifest.json: an OCI manifest whose config is the archive's config file and whose layers
 * are the layer files as they are (uncompressed tar usually, so their digest is their diff_id).
 * The made manifest is deterministic, so reading the same archive twice gives the same digest.
 */
public final class DockerArchiveSource implements ImageSource {
    private final TarFileReader tar;
    private final String description;
    private final DockerArchiveManifest entry;
    private final Map<Digest, String> members = new HashMap<>();
    private RawManifest manifest;

    /** @param ref a tag in the archive's RepoTags, or {@code @N} for the N-th image; empty for the only one */
    public DockerArchiveSource(Path file, Optional<String> ref) throws IOException {
        this.description = "docker-archive:" + file + ref.map(r -> ":" + r).orElse("");
        this.tar = new TarFileReader(file, "docker-archive");
        if (!tar.has("manifest.json")) {
            tar.close();
            throw new PierException(description + ": not a docker save archive (no manifest.json inside)");
        }
        try {
            List<DockerArchiveManifest> all = java.util.Arrays.asList(Json.read(tar.read("manifest.json", Json.MAX_DOCUMENT_BYTES),
                    DockerArchiveManifest[].class, description + ": manifest.json"));
            this.entry = select(all, ref);
            if (entry == null || entry.config() == null) {
                throw new PierException(description + ": manifest.json: malformed: an image without Config");
            }
        } catch (IOException | RuntimeException e) {
            tar.close();
            throw e;
        }
    }

    private DockerArchiveManifest select(List<DockerArchiveManifest> all, Optional<String> ref) {
        if (all == null || all.isEmpty()) {
            throw new PierException(description + ": manifest.json lists no image");
        }
        if (ref.isEmpty()) {
            if (all.size() != 1) {
                throw new PierException(description + ": holds " + all.size() + " images; add :NAME:TAG or :@N to choose one");
            }
            return all.getFirst();
        }
        String r = ref.get();
        if (r.startsWith("@")) {
            int n = parseIndex(r.substring(1), all.size());
            return all.get(n);
        }
        Reference wanted = Reference.parse(r);
        return all.stream()
                .filter(m -> m.repoTags().stream().anyMatch(t -> sameReference(t, wanted)))
                .findFirst()
                .orElseThrow(() -> new PierException(description + ": no image tagged " + r + " in the archive"));
    }

    private int parseIndex(String s, int count) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 0 && n < count) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new PierException(description + ": @" + s + " is not an image index between 0 and " + (count - 1));
    }

    private static boolean sameReference(String tag, Reference wanted) {
        try {
            return Reference.parse(tag).toString().equals(wanted.toString());
        } catch (PierException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized RawManifest manifest() throws IOException {
        if (manifest == null) {
            manifest = RawManifest.of(Manifest.oci(configDescriptor(), layerDescriptors()));
        }
        return manifest;
    }

    private Descriptor configDescriptor() throws IOException {
        byte[] config = tar.read(entry.config(), Json.MAX_DOCUMENT_BYTES);
        Descriptor d = Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        members.put(d.digest(), entry.config());
        return d;
    }

    private List<Descriptor> layerDescriptors() throws IOException {
        ImageConfig config = Json.read(tar.read(entry.config(), Json.MAX_DOCUMENT_BYTES), ImageConfig.class, description + " config");
        List<Digest> diffIds = config.rootfs().diffIds();
        if (diffIds.size() != entry.layers().size()) {
            throw new PierException(description + ": manifest.json lists " + entry.layers().size()
                    + " layers but the config has " + diffIds.size() + " diff_ids");
        }
        List<Descriptor> out = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            out.add(layerDescriptor(entry.layers().get(i), diffIds.get(i)));
        }
        return out;
    }

    private Descriptor layerDescriptor(String member, Digest diffId) throws IOException {
        long size = tar.size(member).orElseThrow(() -> new PierException(description + ": layer file " + member + " is missing"));
        Compression c;
        try (InputStream in = new BufferedInputStream(tar.open(member))) {
            c = Compression.detect(in);
        }
        Digest digest = diffId;
        if (c != Compression.NONE) {
            try (InputStream in = tar.open(member)) {
                digest = Digest.of(DigestAlgorithm.SHA256, in);
            }
        }
        members.put(digest, member);
        return Descriptor.of(c.ociMediaType(), digest, size);
    }

    @Override
    public RawManifest manifest(Descriptor child) {
        throw new PierException(description + ": docker archives hold no image index");
    }

    @Override
    public InputStream blob(Descriptor d) throws IOException {
        manifest();
        String member = members.get(d.digest());
        if (member == null) {
            throw new PierException(description + ": no blob " + d.digest() + " in the archive");
        }
        return new VerifyingInputStream(tar.open(member), "blob " + d.digest(), d.digest(), d.size());
    }

    @Override
    public List<String> repoTags() {
        return entry.repoTags();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
