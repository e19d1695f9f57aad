package dev.pier.runtime.engine;

import dev.pier.image.layer.ExtractOptions;
import dev.pier.image.layer.LayerApplier;
import dev.pier.image.layer.Whiteout;
import dev.pier.image.transport.Layer;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.sys.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Extracted layers, one directory per diff_id under {@code <store root>/layers/<hex>/}, shared by
 * every container. A layer is extracted once: into a temporary directory, then renamed, under a
 * file lock per diff_id (so concurrent Pier processes extract it once too). Whiteouts are kept in
 * overlayfs' form (a 0/0 character device; {@code trusted.overlay.opaque=y} on opaque directories,
 * {@code user.overlay.opaque=y} in a rootless user namespace),
 * so the directories can be overlay lower dirs directly.
 *
 * @param dir the {@code layers} directory
 */
public record LayerStore(Path dir) {
    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    /** overlayfs's opaque marker: trusted.* as root; user.* in a user namespace, where RootfsMount mounts with userxattr. */
    private static final String OPAQUE = RootlessLimits.rootless() ? "user.overlay.opaque" : "trusted.overlay.opaque";
    /** Users in this JVM share it; {@link #prune} takes it alone (a JVM cannot hold overlapping file locks). */
    private static final ReentrantReadWriteLock USERS = new ReentrantReadWriteLock();
    /** Each user's byte of {@link #USERS_LOCK}, so the users of one JVM lock different regions. */
    private static final AtomicLong SLOTS = new AtomicLong();
    /** The file whose lock makes {@link #prune} wait for the users in every process, and them for it. */
    static final String USERS_LOCK = "users.lock";

    /**
     * Held while a container's rootfs is made of the cache, from extracting its layers until it
     * records them ({@code lower-layers}): {@link #prune} waits for it (in any process), so it
     * never removes a layer that is about to be used.
     */
    public final class Use implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Use(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // closing the channel releases the lock in any case
            } finally {
                USERS.readLock().unlock();
            }
        }
    }

    /** Marks the cache in use until the returned hold is closed (by the thread that took it). */
    public Use use() {
        USERS.readLock().lock();
        try {
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(dir.resolve(USERS_LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                return new Use(ch, ch.lock(SLOTS.incrementAndGet(), 1, true));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            USERS.readLock().unlock();
            throw new RuntimeError("cannot lock the layer cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The directories of {@code layers} (bottom first), extracting the missing ones in parallel. */
    public List<Path> extractAll(List<Layer> layers) {
        List<Path> dirs = layers.stream().map(l -> dir.resolve(l.diffId().encoded())).toList();
        // the warm case (a layer's directory appears only once complete, by rename): no threads, no hashing of
        // layer records (the first hashCode of a record class links a method through a bootstrap, milliseconds)
        List<Layer> missing = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!Files.isDirectory(dirs.get(i)) && seen.add(dirs.get(i))) {
                missing.add(layers.get(i));
            }
        }
        if (missing.isEmpty()) {
            return dirs;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Path>> futures = new ArrayList<>();
            for (Layer l : missing) {
                futures.add(pool.submit(() -> extract(l)));
            }
            for (Future<Path> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new RuntimeError("cannot extract a layer: " + e.getCause().getMessage(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RuntimeError("interrupted while extracting layers", e);
                }
            }
        }
        return dirs;
    }

    /** The directory of {@code layer}, extracted if it is not yet. */
    public Path extract(Layer layer) throws IOException {
        String hex = layer.diffId().encoded();
        Path target = dir.resolve(hex);
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(dir);
        ReentrantLock inJvm = LOCKS.computeIfAbsent(hex, k -> new ReentrantLock());
        inJvm.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(hex + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            if (Files.isDirectory(target)) {
                return target;
            }
            Path tmp = Files.createTempDirectory(dir, hex + ".tmp-");
            try {
                List<String> whiteouts;
                try (InputStream in = layer.openUncompressed()) {
                    whiteouts = LayerApplier.apply(in, "layer " + layer.digest(), tmp, ExtractOptions.defaults()).whiteouts();
                    in.transferTo(OutputStream.nullOutputStream());   // to the end, where the diff_id is verified
                }
                markWhiteouts(whiteouts, tmp);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                    Trees.delete(tmp);
                }
            }
            return target;
        } finally {
            inJvm.unlock();
        }
    }

    /** The diff_ids (hex) of the layers extracted here. */
    public Set<String> all() {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new RuntimeError("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * What {@link #prune} removed.
     *
     * @param layers how many extracted layers
     * @param bytes the size of their files
     */
    public record Pruned(int layers, long bytes) {}

    /**
     * Removes every extracted layer whose diff_id (hex) is not in {@code inUse}, and what
     * interrupted extractions left behind. {@code inUse} is asked once no container is being
     * made of the cache (see {@link #use}), and none can start being made until this returns.
     */
    public Pruned prune(Supplier<Set<String>> inUse) {
        if (!Files.isDirectory(dir)) {
            return new Pruned(0, 0);
        }
        USERS.writeLock().lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(USERS_LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             FileLock all = ch.lock(0, Long.MAX_VALUE, false)) {
            Set<String> keep = inUse.get();
            int layers = 0;
            long bytes = 0;
            List<Path> entries;
            try (var list = Files.list(dir)) {
                entries = list.sorted().toList();
            }
            for (Path p : entries) {
                String name = p.getFileName().toString();
                boolean temporary = name.contains(".tmp-");
                if (name.equals(USERS_LOCK) || (!temporary && keep.contains(name.replaceFirst("\\.lock$", "")))) {
                    continue;
                }
                if (!temporary && !name.endsWith(".lock")) {
                    layers++;
                    bytes += Trees.size(p);
                }
                Trees.delete(p);   // a lock file too: nobody waits on it, extractions run only in use()
            }
            return new Pruned(layers, bytes);
        } catch (IOException e) {
            throw new RuntimeError("cannot prune the layer cache " + dir + ": " + e.getMessage(), e);
        } finally {
            USERS.writeLock().unlock();
        }
    }

    /** Records the layer's whiteouts as overlayfs does (LayerApplier drops them: nothing lower exists here). */
    private static void markWhiteouts(List<String> names, Path root) throws IOException {
        for (String name : names) {
            String parent = Whiteout.parent(name.startsWith("./") ? name.substring(2) : name);
            Path dirPath = parent.isEmpty() || parent.equals(".") ? root : root.resolve(parent).normalize();
            if (!dirPath.startsWith(root) || !Files.isDirectory(dirPath, LinkOption.NOFOLLOW_LINKS)) {
                continue;   // LayerApplier already refused names that leave the root
            }
            if (Whiteout.isOpaque(name)) {
                Libc.lsetxattr(dirPath.toString(), OPAQUE, "y".getBytes(StandardCharsets.US_ASCII));
            } else if (Whiteout.isWhiteout(name)) {
                Path hidden = dirPath.resolve(Whiteout.baseName(name).substring(Whiteout.PREFIX.length()));
                if (!Files.exists(hidden, LinkOption.NOFOLLOW_LINKS) && hidden.getParent().equals(dirPath)) {
                    Libc.mknod(hidden.toString(), 0020000, 0);   // S_IFCHR, device 0/0
                }
            }
        }
    }
}
