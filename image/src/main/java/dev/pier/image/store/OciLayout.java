package dev.pier.image.store;

import dev.pier.image.PierException;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/}). Updates
 * of index.json are serialised by a lock on the {@code oci-layout} file (between processes) and a
 * lock per directory (between threads), and written atomically, so concurrent copies into one
 * layout never lose a tag and readers never see a torn index.
 */
public final class OciLayout {
    static final String LAYOUT_FILE = "oci-layout";
    static final String INDEX_FILE = "index.json";
    private static final byte[] LAYOUT_CONTENT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final BlobStore blobs;

    private OciLayout(Path dir) {
        this.dir = dir;
        this.blobs = new BlobStore(dir.resolve("blobs"));
    }

    /** Opens an existing layout; fails with a clear message when {@code dir} is not one. */
    public static OciLayout open(Path dir) {
        Path layoutFile = dir.resolve(LAYOUT_FILE);
        if (!Files.isRegularFile(layoutFile)) {
            throw new PierException(dir + " is not an OCI image layout (no oci-layout file)");
        }
        try {
            var node = Json.tree(Files.readAllBytes(layoutFile), dir + "/oci-layout");
            String version = node.path("imageLayoutVersion").asText("");
            if (!version.startsWith("1.")) {
                throw new PierException(dir + "/oci-layout: unsupported imageLayoutVersion \"" + version + "\"");
            }
        } catch (IOException e) {
            throw new PierException("cannot read " + layoutFile + ": " + e.getMessage(), e);
        }
        return new OciLayout(dir);
    }

    /** Opens the layout at {@code dir}, creating an empty one if nothing is there. */
    public static OciLayout openOrCreate(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(LAYOUT_FILE))) {
            Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
            // Created only if absent, never replaced: a concurrent creator may already have
            // tagged an image in index.json, or hold the lock on oci-layout.
            AtomicFile.writeIfAbsent(dir.resolve(INDEX_FILE), Json.write(ImageIndex.oci(List.of())));
            AtomicFile.writeIfAbsent(dir.resolve(LAYOUT_FILE), LAYOUT_CONTENT);
        }
        return open(dir);
    }

    public Path dir() {
        return dir;
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Reads index.json, validating every descriptor's digest. */
    public ImageIndex index() {
        try {
            byte[] bytes = Files.readAllBytes(dir.resolve(INDEX_FILE));
            return Json.read(bytes, ImageIndex.class, dir + "/index.json");
        } catch (NoSuchFileException e) {
            return ImageIndex.oci(List.of());
        } catch (IOException e) {
            throw new PierException("cannot read " + dir.resolve(INDEX_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The manifest descriptor tagged {@code refName}, if any. */
    public Optional<Descriptor> find(String refName) {
        return index().manifests().stream()
                .filter(d -> d.refName().filter(refName::equals).isPresent())
                .findFirst();
    }

    /** Points {@code refName} at {@code manifest}, replacing an earlier entry of that name. */
    public void tag(String refName, Descriptor manifest) throws IOException {
        Descriptor tagged = manifest.withAnnotations(merge(manifest.annotations(), refName));
        updateIndex(list -> {
            List<Descriptor> out = new ArrayList<>();
            for (Descriptor d : list) {
                if (!d.refName().filter(refName::equals).isPresent()) {
                    out.add(d);
                }
            }
            out.add(tagged);
            return out;
        });
    }

    /** Adds a manifest to index.json without a name (unless an equal entry is already there). */
    public void addUntagged(Descriptor manifest) throws IOException {
        updateIndex(list -> {
            if (list.stream().anyMatch(d -> d.digest().equals(manifest.digest()) && d.refName().isEmpty())) {
                return list;
            }
            List<Descriptor> out = new ArrayList<>(list);
            out.add(manifest);
            return out;
        });
    }

    /** Removes the entry named {@code refName}; returns whether there was one. */
    public boolean untag(String refName) throws IOException {
        boolean[] removed = {false};
        updateIndex(list -> {
            List<Descriptor> out = new ArrayList<>();
            for (Descriptor d : list) {
                if (d.refName().filter(refName::equals).isPresent()) {
                    removed[0] = true;
                } else {
                    out.add(d);
                }
            }
            return out;
        });
        return removed[0];
    }

    /** Applies {@code change} to index.json's manifest list under the layout lock, atomically. */
    public void updateIndex(UnaryOperator<List<Descriptor>> change) throws IOException {
        withLock(() -> {
            ImageIndex current = index();
            List<Descriptor> updated = change.apply(current.manifests());
            if (!updated.equals(current.manifests())) {
                AtomicFile.write(dir.resolve(INDEX_FILE), Json.write(current.withManifests(updated)));
            }
            return null;
        });
    }

    /** Work done while holding the layout's lock. */
    @FunctionalInterface
    public interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding this layout's lock, against other threads and other processes. */
    public <T> T withLock(Locked<T> work) throws IOException {
        ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), k -> new ReentrantLock());
        threadLock.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(LAYOUT_FILE), StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.run();
        } finally {
            threadLock.unlock();
        }
    }

    private static Map<String, String> merge(Map<String, String> annotations, String refName) {
        var m = new java.util.TreeMap<>(annotations);
        m.put(Descriptor.REF_NAME, refName);
        return m;
    }
}
