package dev.pier.build.context;

import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of files, remembered across builds under the file's identity: its path, size,
 * modification and change times and inode. A rebuild after a one-class change then reads one
 * class file instead of every file of every layer (a jlink runtime alone is tens of megabytes),
 * as Jib does with modification times. The change time cannot be set back by a program, so a file
 * rewritten with its old mtime restored is still seen as changed.
 *
 * <p>The memo is one text file, read at {@link #load} and written atomically by {@link #save};
 * a missing or damaged memo only means hashing again.
 */
public final class FileHashes {
    private static final String HEADER = "pier-file-hashes-v1";
    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean changed;

    private record Entry(String identity, String sha256) {}

    private FileHashes(Path file) {
        this.file = file;
    }

    /** The memo kept in {@code file} (which need not exist yet). */
    public static FileHashes load(Path file) {
        FileHashes hashes = new FileHashes(file);
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.getFirst().equals(HEADER)) {
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split("\t", 3);
                    if (f.length == 3) {
                        hashes.entries.put(f[2], new Entry(f[0], f[1]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            hashes.entries.clear();   // no memo yet, or an unreadable one: start afresh
        }
        return hashes;
    }

    /** The SHA-256 of the regular file {@code path}, from the memo when the file is unchanged. */
    public Digest sha256(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        String key = absolute.toString();
        String identity = identity(absolute);
        Entry known = entries.get(key);
        if (known != null && known.identity().equals(identity)) {
            return new Digest(DigestAlgorithm.SHA256, known.sha256());
        }
        Digest digest = hash(absolute);
        // the file may have changed while it was read: remember it only if it is as it was
        if (identity.equals(identity(absolute))) {
            entries.put(key, new Entry(identity, digest.encoded()));
            changed = true;
        }
        return digest;
    }

    /** Writes the memo if anything was added; failures are ignored (the memo is only a cache). */
    public void save() {
        if (!changed) {
            return;
        }
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        entries.entrySet().stream()
                .filter(e -> Files.exists(Path.of(e.getKey()), LinkOption.NOFOLLOW_LINKS))
                .forEach(e -> text.append(e.getValue().identity()).append('\t').append(e.getValue().sha256())
                        .append('\t').append(e.getKey()).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
            changed = false;
        } catch (IOException | RuntimeException e) {
            // next build hashes again
        }
    }

    private static String identity(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,ino,dev", LinkOption.NOFOLLOW_LINKS);
        return a.get("size") + "," + nanos(a.get("lastModifiedTime")) + "," + nanos(a.get("ctime")) + ","
                + a.get("ino") + "," + a.get("dev");
    }

    private static long nanos(Object time) {
        FileTime t = (FileTime) Objects.requireNonNull(time);
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static Digest hash(Path path) throws IOException {
        MessageDigest md = DigestAlgorithm.SHA256.newMessageDigest();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return Digest.fromHash(DigestAlgorithm.SHA256, md.digest());
    }
}
