package dev.pier.cli.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A comparable picture of an unpacked root filesystem: for every path its type, permission bits
 * (with setuid, setgid and sticky), owner, size and SHA-256 of a regular file, the target of a
 * symlink, and for a file with several links the first path (in sort order) of its inode within
 * the same tree, so hardlink grouping compares across trees. Directory sizes and times are left out.
 */
record TreeSnapshot(Map<String, Entry> entries) {

    record Entry(char type, int mode, int uid, int gid, long size, String sha256, String linkTarget, String hardlinkGroup) {
        @Override
        public String toString() {
            return type + " " + String.format("%04o", mode) + " " + uid + ":" + gid
                    + (type == 'f' ? " " + size + " " + sha256.substring(0, 12) : "")
                    + (linkTarget != null ? " -> " + linkTarget : "")
                    + (hardlinkGroup != null ? " hardlink-group " + hardlinkGroup : "");
        }
    }

    static TreeSnapshot of(Path root) {
        Map<String, Path> paths = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(p -> paths.put(root.relativize(p).toString(), p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // first path of each multiply-linked inode, in sort order
        Map<Object, String> firstOfInode = new java.util.HashMap<>();
        Map<String, Entry> out = new TreeMap<>();
        for (var e : paths.entrySet()) {
            String rel = e.getKey().isEmpty() ? "." : e.getKey();
            Path p = e.getValue();
            try {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,ino,nlink", LinkOption.NOFOLLOW_LINKS);
                int rawMode = (Integer) a.get("mode");
                char type = switch (rawMode & 0170000) {
                    case 0040000 -> 'd';
                    case 0100000 -> 'f';
                    case 0120000 -> 'l';
                    case 0010000 -> 'p';
                    case 0020000 -> 'c';
                    case 0060000 -> 'b';
                    default -> '?';
                };
                String group = null;
                if (type != 'd' && (Integer) a.get("nlink") > 1) {
                    group = firstOfInode.computeIfAbsent(a.get("ino"), k -> rel);
                }
                out.put(rel, new Entry(type, rawMode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                        type == 'f' ? (Long) a.get("size") : 0,
                        type == 'f' ? sha256(p) : null,
                        type == 'l' ? Files.readSymbolicLink(p).toString() : null,
                        group));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return new TreeSnapshot(out);
    }

    /** One line per difference, empty when the trees are the same. */
    List<String> differences(TreeSnapshot other) {
        List<String> diffs = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(entries.keySet());
        all.addAll(other.entries.keySet());
        for (String path : all) {
            Entry a = entries.get(path);
            Entry b = other.entries.get(path);
            if (!Objects.equals(a, b)) {
                diffs.add(path + ": " + a + " <> " + b);
            }
        }
        return diffs;
    }

    /** The paths of entries matching a predicate, for checks that the fixture holds what it should. */
    List<String> paths(java.util.function.Predicate<Entry> p) {
        return entries.entrySet().stream().filter(e -> p.test(e.getValue())).map(Map.Entry::getKey).toList();
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
