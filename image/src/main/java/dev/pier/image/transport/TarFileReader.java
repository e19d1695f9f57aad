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

    InputStream open(String name) throws IOException {
        TarArchiveEntry e = resolve(name).orElseThrow(() -> new PierException(file + ": the archive has no member " + name));
        return tar.getInputStream(e);
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
