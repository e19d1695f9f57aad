package dev.pier.image.transport;

import dev.pier.image.PierException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Random access to the members of an uncompressed tar file (an oci-archive or a docker save
 * archive), without extracting it. Symbolic links between members, which {@code docker save}
 * uses to share layers, are followed inside the archive only.
 */
final class TarFileReader implements Closeable {
    private static final int MAX_LINK_DEPTH = 8;
    private final Path file;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    TarFileReader(Path file, String transport) {
        this.file = file;
        try {
            this.tar = new TarFile(file);
        } catch (IOException | RuntimeException e) {
            throw new PierException(transport + ":" + file + ": not a readable tar archive: " + e.getMessage(), e);
        }
        for (TarArchiveEntry e : tar.getEntries()) {
            entries.put(normalize(e.getName()), e);
        }
    }

    Path file() {
        return file;
    }

    boolean has(String name) {
        return entries.containsKey(normalize(name));
    }

    /** The member's size, after following symlinks. */
    Optional<Long> size(String name) {
        return resolve(name).map(TarArchiveEntry::getSize);
    }

    /**
     * The member's bytes, through a file channel of its own: Commons Compress's streams share one
     * channel and its position, so members read at once by parallel copies or unpacks would mix.
     */
    InputStream open(String name) throws IOException {
        TarArchiveEntry e = resolve(name).orElseThrow(() -> new PierException(file + ": the archive has no member " + name));
        if (e.isSparse()) {
            throw new PierException(file + ": member " + name + " is a sparse file, which image archives do not use");
        }
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
        try {
            ch.position(e.getDataOffset());
        } catch (IOException | RuntimeException ex) {
            ch.close();
            throw ex;
        }
        return new java.io.BufferedInputStream(boundedTo(java.nio.channels.Channels.newInputStream(ch), e.getSize()), 1 << 16);
    }

    /** At most {@code size} bytes of {@code in}; closing it closes {@code in}. */
    private static InputStream boundedTo(InputStream in, long size) {
        return new java.io.FilterInputStream(in) {
            private long left = size;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = in.skip(Math.min(n, left));
                left -= Math.max(s, 0);
                return s;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(in.available(), left);
            }
        };
    }

    byte[] read(String name, int limit) throws IOException {
        long size = size(name).orElseThrow(() -> new PierException(file + ": the archive has no member " + name));
        if (size > limit) {
            throw new PierException(file + ": member " + name + " of " + size + " bytes exceeds the limit of " + limit);
        }
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    private Optional<TarArchiveEntry> resolve(String name) {
        String current = normalize(name);
        for (int depth = 0; depth < MAX_LINK_DEPTH; depth++) {
            TarArchiveEntry e = entries.get(current);
            if (e == null) {
                return Optional.empty();
            }
            if (e.isSymbolicLink()) {
                current = normalize(resolveLink(current, e.getLinkName()));
            } else if (e.isLink()) {
                current = normalize(e.getLinkName());
            } else if (e.isFile()) {
                return Optional.of(e);
            } else {
                return Optional.empty();
            }
        }
        throw new PierException(file + ": too many symbolic links resolving member " + name);
    }

    private static String resolveLink(String member, String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int slash = member.lastIndexOf('/');
        String dir = slash < 0 ? "" : member.substring(0, slash + 1);
        return dir + target;
    }

    /** Canonical member names: no leading "./" or "/", "." and ".." resolved, never above the archive root. */
    static String normalize(String name) {
        var parts = new java.util.ArrayDeque<String>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
