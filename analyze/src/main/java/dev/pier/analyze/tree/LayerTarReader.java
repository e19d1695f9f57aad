package dev.pier.analyze.tree;

import dev.pier.image.PierException;
import dev.pier.image.layer.EntryType;
import dev.pier.image.layer.Whiteout;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an uncompressed layer tar into {@link LayerEntry}s: entries with their metadata and the
 * SHA-256 of each regular file, whiteouts and opaque markers. Content streams once, through the
 * {@link ContentVisitor} and the hash; nothing is kept in memory but the entry list.
 */
public final class LayerTarReader {
    private static final String XATTR = "SCHILY.xattr.";

    private LayerTarReader() {}

    /**
     * Reads every entry of {@code tar} (which is not closed).
     *
     * @param layer the index recorded in each entry
     * @param what names the layer in error messages
     */
    public static List<LayerEntry> read(InputStream tar, int layer, String what, ContentVisitor visitor) throws IOException {
        List<LayerEntry> out = new ArrayList<>();
        TarArchiveInputStream in = new TarArchiveInputStream(new NonClosing(tar), "UTF-8");
        for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
            String path = clean(e.getName(), what);
            if (path.isEmpty()) {
                continue; // the root directory itself
            }
            if (Whiteout.isOpaque(path)) {
                out.add(new LayerEntry.Opaque(Whiteout.parent(path)));
            } else if (Whiteout.isWhiteout(path)) {
                out.add(new LayerEntry.Whiteout(clean(Whiteout.target(path), what)));
            } else if (!Whiteout.isWhiteoutScheme(path)) {
                out.add(new LayerEntry.Put(entry(e, path, layer, in, what, visitor)));
            }
        }
        return out;
    }

    private static FileEntry entry(TarArchiveEntry e, String path, int layer, InputStream in, String what,
                                   ContentVisitor visitor) throws IOException {
        EntryType type = type(e, what);
        Map<String, String> xattrs = new TreeMap<>();
        e.getExtraPaxHeaders().forEach((k, v) -> {
            if (k.startsWith(XATTR)) {
                xattrs.put(k.substring(XATTR.length()), v);
            }
        });
        String link = type == EntryType.SYMLINK ? e.getLinkName()
                : type == EntryType.HARDLINK ? clean(e.getLinkName(), what) : null;
        long size = type == EntryType.FILE ? e.getSize() : 0;
        FileEntry entry = new FileEntry(path, type, size, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                e.getModTime().toInstant(), link, xattrs, null, layer, false);
        if (type != EntryType.FILE) {
            return entry;
        }
        MessageDigest sha = sha256();
        DigestInputStream hashed = new DigestInputStream(new NonClosing(in), sha);
        visitor.visit(layer, entry, hashed);
        hashed.transferTo(java.io.OutputStream.nullOutputStream());
        String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
        return new FileEntry(path, type, size, entry.mode(), entry.uid(), entry.gid(), entry.mtime(), null, xattrs,
                digest, layer, false);
    }

    private static EntryType type(TarArchiveEntry e, String what) {
        if (e.isDirectory()) {
            return EntryType.DIRECTORY;
        } else if (e.isSymbolicLink()) {
            return EntryType.SYMLINK;
        } else if (e.isLink()) {
            return EntryType.HARDLINK;
        } else if (e.isCharacterDevice()) {
            return EntryType.CHAR_DEVICE;
        } else if (e.isBlockDevice()) {
            return EntryType.BLOCK_DEVICE;
        } else if (e.isFIFO()) {
            return EntryType.FIFO;
        } else if (e.isFile()) {
            return EntryType.FILE;
        }
        throw new PierException(what + ": entry \"" + e.getName() + "\" has an unsupported type");
    }

    /**
     * The clean relative form of a tar name: no leading {@code /} or {@code ./}, no trailing
     * slash, {@code .} components dropped, {@code a/../b} resolved; a name climbing above the root
     * is rejected.
     */
    public static String clean(String name, String what) {
        List<String> parts = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (parts.isEmpty()) {
                    throw new PierException(what + ": entry \"" + name + "\" escapes the root with \"..\"");
                }
                parts.removeLast();
            } else {
                parts.add(c);
            }
        }
        return String.join("/", parts);
    }

    private static MessageDigest sha256() {
        return dev.pier.image.digest.DigestAlgorithm.SHA256.newMessageDigest();
    }

    /** Keeps a visitor or the tar reader from closing the stream below. */
    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
