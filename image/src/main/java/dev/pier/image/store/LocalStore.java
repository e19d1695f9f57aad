package dev.pier.image.store;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pier's local image store. Its root is itself an OCI image layout whose index.json names images
 * by their normalised reference ({@code docker.io/library/busybox:latest}), so
 * {@code skopeo inspect oci:<root>:<name>} reads it. Blobs are shared by all images.
 */
public final class LocalStore {
    private static final java.util.Map<Path, StoreLock> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();
    private final OciLayout layout;
    private final StoreLock lock;

    private LocalStore(OciLayout layout) {
        this.layout = layout;
        this.lock = LOCKS.computeIfAbsent(layout.dir().toAbsolutePath().normalize(),
                d -> new StoreLock(d.resolve(".pier-gc.lock")));
    }

    /** Opens the store at {@code root}, creating it if needed. */
    public static LocalStore open(Path root) {
        try {
            return new LocalStore(OciLayout.openOrCreate(root));
        } catch (IOException e) {
            throw new PierException("cannot open the image store at " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The default root: {@code $PIER_ROOT}, else {@code /var/lib/pier} for root, else
     * {@code $XDG_DATA_HOME/pier} or {@code ~/.local/share/pier}.
     */
    public static Path defaultRoot() {
        String env = System.getenv("PIER_ROOT");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        if (dev.pier.image.layer.ProcessIdentity.current().isRoot()) {
            return Path.of("/var/lib/pier");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : dev.pier.image.io.UserHome.get().resolve(".local").resolve("share");
        return base.resolve("pier");
    }

    public OciLayout layout() {
        return layout;
    }

    public Path root() {
        return layout.dir();
    }

    /** Held by anything that writes blobs into the store, so garbage collection waits for it. */
    public StoreLock.Held writing() throws IOException {
        return lock.shared();
    }

    /** All named images, sorted by name. */
    public List<StoredImage> images() {
        return layout.index().manifests().stream()
                .flatMap(d -> d.refName().map(n -> new StoredImage(n, d)).stream())
                .sorted(java.util.Comparator.comparing(StoredImage::name))
                .toList();
    }

    /**
     * Finds an image by name (normalised as Docker does), by full manifest digest, or by a prefix
     * of at least 4 hex digits of its image id (the config digest) or manifest digest.
     */
    public Optional<StoredImage> find(String nameOrId) {
        Optional<StoredImage> byName = parseName(nameOrId)
                .flatMap(r -> images().stream().filter(i -> i.name().equals(r.toString())).findFirst());
        if (byName.isPresent()) {
            return byName;
        }
        String hex = nameOrId.startsWith("sha256:") ? nameOrId.substring(7) : nameOrId;
        if (hex.length() < 4 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Optional.empty();
        }
        return images().stream()
                .filter(i -> i.manifest().digest().encoded().startsWith(hex)
                        || imageId(i).map(id -> id.encoded().startsWith(hex)).orElse(false))
                .findFirst();
    }

    private static Optional<Reference> parseName(String s) {
        try {
            return Optional.of(Reference.parse(s));
        } catch (PierException e) {
            return Optional.empty();
        }
    }

    /** The image id, as docker shows it: the config digest of an image, the manifest digest of an index. */
    public Optional<Digest> imageId(StoredImage image) {
        Descriptor d = image.manifest();
        if (!MediaType.isImageManifest(d.mediaType())) {
            return Optional.of(d.digest());
        }
        try {
            byte[] bytes = layout.blobs().readVerified(d, Json.MAX_DOCUMENT_BYTES);
            return Optional.of(new RawManifest(bytes, d.mediaType(), d.digest()).asManifest().config().digest());
        } catch (IOException | PierException e) {
            return Optional.empty();
        }
    }

    /** Creation time and size of a stored image. */
    public ImageSummary summary(StoredImage image) {
        return ImageSummary.of(layout, image);
    }

    /** Gives the image named {@code source} the additional name {@code target}. */
    public void tag(String source, Reference target) throws IOException {
        StoredImage image = find(source).orElseThrow(() -> new PierException("image not known: " + source));
        layout.tag(target.toString(), stripRefName(image.manifest()));
    }

    /**
     * Removes a name; when no other name points at the same content, its blobs are collected.
     * Returns the removed image.
     */
    public StoredImage remove(String nameOrId) throws IOException {
        StoredImage image = find(nameOrId).orElseThrow(() -> new PierException("image not known: " + nameOrId));
        layout.untag(image.name());
        collectGarbage();
        return image;
    }

    /** Deletes every blob no named image reaches; returns how many bytes were freed. */
    public long collectGarbage() throws IOException {
        try (var ignored = lock.exclusive()) {
            return layout.withLock(() -> {
                Set<Digest> live = new HashSet<>();
                for (Descriptor d : layout.index().manifests()) {
                    mark(d, live);
                }
                long freed = 0;
                for (Digest d : layout.blobs().list().toList()) {
                    if (!live.contains(d)) {
                        freed += layout.blobs().size(d).orElse(0L);
                        layout.blobs().delete(d);
                    }
                }
                return freed;
            });
        }
    }

    /**
     * The diff_ids of the layers of every image the store holds (each platform of an index whose
     * manifest is stored): what a cache of extracted layers keeps warm.
     */
    public Set<Digest> diffIds() throws IOException {
        Set<Digest> diffIds = new HashSet<>();
        Set<Digest> seen = new HashSet<>();
        for (Descriptor d : layout.index().manifests()) {
            collectDiffIds(d, seen, diffIds);
        }
        return diffIds;
    }

    private void collectDiffIds(Descriptor d, Set<Digest> seen, Set<Digest> diffIds) throws IOException {
        if (!seen.add(d.digest()) || !MediaType.isManifest(d.mediaType()) || !layout.blobs().has(d.digest())) {
            return;
        }
        RawManifest raw = new RawManifest(layout.blobs().readVerified(d, Json.MAX_DOCUMENT_BYTES), d.mediaType(), d.digest());
        if (raw.isIndex()) {
            for (Descriptor child : raw.asIndex().manifests()) {
                collectDiffIds(child, seen, diffIds);
            }
            return;
        }
        Descriptor config = raw.asManifest().config();
        if ((config.mediaType().equals(MediaType.OCI_CONFIG) || config.mediaType().equals(MediaType.DOCKER_CONFIG))
                && layout.blobs().has(config.digest())) {
            diffIds.addAll(Json.read(layout.blobs().readVerified(config, Json.MAX_DOCUMENT_BYTES), ImageConfig.class, "config")
                    .rootfs().diffIds());
        }
    }

    private void mark(Descriptor d, Set<Digest> live) throws IOException {
        if (!live.add(d.digest()) || !MediaType.isManifest(d.mediaType()) || !layout.blobs().has(d.digest())) {
            return;
        }
        RawManifest raw = new RawManifest(layout.blobs().readVerified(d, Json.MAX_DOCUMENT_BYTES), d.mediaType(), d.digest());
        if (raw.isIndex()) {
            for (Descriptor child : raw.asIndex().manifests()) {
                mark(child, live);
            }
        } else {
            var m = raw.asManifest();
            live.add(m.config().digest());
            m.layers().forEach(l -> live.add(l.digest()));
            if (m.subject() != null) {
                live.add(m.subject().digest());
            }
        }
    }

    private static Descriptor stripRefName(Descriptor d) {
        var a = new java.util.TreeMap<>(d.annotations());
        a.remove(Descriptor.REF_NAME);
        return d.withAnnotations(a);
    }
}
