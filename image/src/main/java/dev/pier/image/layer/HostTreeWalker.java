package dev.pier.image.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Walks a host directory for {@link LayerWriter#addTree}: stable order, no symlink following. */
final class HostTreeWalker {
    /** Identifies a file across its hardlinks. */
    record FileKey(long dev, long ino) {}

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;
    private static final String ATTRS = "unix:mode,uid,gid,ino,dev,rdev,nlink,size,lastModifiedTime";

    private final LayerWriter writer;
    private final boolean xattrs;

    HostTreeWalker(LayerWriter writer, boolean xattrs) {
        this.writer = writer;
        this.xattrs = xattrs;
    }

    void walk(Path dir, List<String> base) throws IOException {
        for (Path child : sortedChildren(dir)) {
            List<String> name = new ArrayList<>(base);
            name.add(child.getFileName().toString());
            add(child, name);
        }
    }

    private void add(Path file, List<String> components) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, ATTRS, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String name = TarPaths.join(components);
        EntryAttributes attrs = new EntryAttributes(mode & 07777, (Integer) a.get("uid") & 0xffffffffL,
                (Integer) a.get("gid") & 0xffffffffL, ((FileTime) a.get("lastModifiedTime")).toInstant(),
                readXattrs(file, mode & S_IFMT, name));
        switch (mode & S_IFMT) {
            case S_IFDIR -> {
                writer.put(name, EntryType.DIRECTORY, attrs, 0, null, 0, 0, null);
                walk(file, components);
            }
            case S_IFREG -> {
                int nlink = (Integer) a.get("nlink");
                String first = nlink > 1
                        ? writer.firstLinkOf(new FileKey((Long) a.get("dev"), (Long) a.get("ino")), name)
                        : null;
                if (first != null) {
                    writer.put(name, EntryType.HARDLINK, attrs, 0, first, 0, 0, null);
                } else {
                    long size = (Long) a.get("size");
                    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                        writer.put(name, EntryType.FILE, attrs, size, null, 0, 0, in);
                    }
                }
            }
            case S_IFLNK -> writer.put(name, EntryType.SYMLINK, attrs, 0,
                    Files.readSymbolicLink(file).toString(), 0, 0, null);
            case S_IFCHR, S_IFBLK -> {
                long rdev = (Long) a.get("rdev");
                writer.put(name, (mode & S_IFMT) == S_IFCHR ? EntryType.CHAR_DEVICE : EntryType.BLOCK_DEVICE,
                        attrs, 0, null, major(rdev), minor(rdev), null);
            }
            case S_IFIFO -> writer.put(name, EntryType.FIFO, attrs, 0, null, 0, 0, null);
            case S_IFSOCK -> writer.warn(name + ": socket skipped (sockets have no tar form)");
            default -> writer.warn(name + ": unknown file type " + Integer.toOctalString(mode & S_IFMT) + " skipped");
        }
    }

    /** Children sorted by the UTF-8 bytes of their names, so order never depends on the directory's. */
    private static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(children::add);
        }
        children.sort((x, y) -> Arrays.compareUnsigned(
                x.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                y.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
        return children;
    }

    private Map<String, String> readXattrs(Path file, int type, String name) {
        // Linux allows user.* xattrs only on regular files and directories.
        if (!xattrs || (type != S_IFREG && type != S_IFDIR)) {
            return Map.of();
        }
        UserDefinedFileAttributeView view =
                Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        try {
            for (String key : view.list()) {
                ByteBuffer value = ByteBuffer.allocate(view.size(key));
                view.read(key, value);
                value.flip();
                try {
                    out.put("user." + key, StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(value).toString());
                } catch (CharacterCodingException e) {
                    writer.warn(name + ": xattr user." + key + " skipped (binary value; PAX values are written as UTF-8)");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // A file system without xattr support simply has none to carry.
            return out;
        }
        return out;
    }

    /** Linux's gnu_dev_major. */
    static int major(long rdev) {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    /** Linux's gnu_dev_minor. */
    static int minor(long rdev) {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }
}
