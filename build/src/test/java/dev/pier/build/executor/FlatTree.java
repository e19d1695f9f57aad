package dev.pier.build.executor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A flattened file system for comparisons: path to type, mode, owner, size, content hash, link target. */
public final class FlatTree {
    private FlatTree() {}

    public static Map<String, String> of(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                String type = switch (mode & 0170000) {
                    case 0040000 -> "dir";
                    case 0120000 -> "link";
                    case 0100000 -> "file";
                    default -> "other";
                };
                String desc = type + " " + Integer.toOctalString(mode & 07777) + " " + a.get("uid") + ":" + a.get("gid");
                if (type.equals("file")) {
                    desc += " " + a.get("size") + " " + sha256(p);
                } else if (type.equals("link")) {
                    desc += " -> " + Files.readSymbolicLink(p);
                }
                out.put(root.relativize(p).toString(), desc);
            }
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
