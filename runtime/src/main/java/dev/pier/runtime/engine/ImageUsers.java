package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.init.SecureJoin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves docker's {@code user[:group]} through the image's {@code /etc/passwd} and
 * {@code /etc/group} (read inside the rootfs, symlinks resolved within it), as docker does:
 * numeric ids need no entry; the primary group comes from passwd; supplementary groups are the
 * primary group and the groups that list the user (as podman gives them).
 */
public final class ImageUsers {
    private ImageUsers() {}

    /**
     * A resolved user.
     *
     * @param uid user id
     * @param gid primary group id
     * @param additionalGids supplementary groups
     * @param home the home directory from passwd, or {@code /}
     */
    public record Resolved(long uid, long gid, List<Long> additionalGids, String home) {}

    /** Resolves {@code spec} (null or empty is root) in {@code rootfs}. */
    public static Resolved resolve(Path rootfs, String spec) {
        String userPart = spec == null || spec.isEmpty() ? "0" : spec;
        String groupPart = null;
        int colon = userPart.indexOf(':');
        if (colon >= 0) {
            groupPart = userPart.substring(colon + 1);
            userPart = userPart.substring(0, colon);
        }
        List<String[]> passwd = read(rootfs, "/etc/passwd");
        List<String[]> groups = read(rootfs, "/etc/group");
        String[] entry = null;
        for (String[] p : passwd) {
            if (p.length >= 4 && (p[0].equals(userPart) || (isNumber(userPart) && p[2].equals(userPart)))) {
                entry = p;
                break;
            }
        }
        long uid;
        long gid;
        if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
            gid = entry != null && isNumber(entry[3]) ? Long.parseLong(entry[3]) : 0;
        } else if (entry == null) {
            throw new RuntimeError("unable to find user " + userPart + ": no matching entries in passwd file");
        } else {
            uid = Long.parseLong(entry[2]);
            gid = Long.parseLong(entry[3]);
        }
        if (groupPart != null && !groupPart.isEmpty()) {
            gid = group(groups, groupPart);
        }
        List<Long> extra = new ArrayList<>();
        String userName = entry == null ? null : entry[0];
        if (userName != null && groupPart == null) {
            extra.add(gid);   // as podman (and runc's GetExecUser) do: the primary group is listed too
            for (String[] g : groups) {
                if (g.length >= 4 && isNumber(g[2]) && List.of(g[3].split(",")).contains(userName) && Long.parseLong(g[2]) != gid) {
                    extra.add(Long.parseLong(g[2]));
                }
            }
        }
        String home = entry != null && entry.length >= 6 && !entry[5].isEmpty() ? entry[5] : "/";
        return new Resolved(uid, gid, extra, home);
    }

    private static long group(List<String[]> groups, String name) {
        if (isNumber(name)) {
            return Long.parseLong(name);
        }
        for (String[] g : groups) {
            if (g.length >= 3 && g[0].equals(name) && isNumber(g[2])) {
                return Long.parseLong(g[2]);
            }
        }
        throw new RuntimeError("unable to find group " + name + ": no matching entries in group file");
    }

    private static List<String[]> read(Path rootfs, String file) {
        Path p = SecureJoin.join(rootfs, file);
        List<String[]> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > (4 << 20)) {
                return out;
            }
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split(":", -1));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return out;   // unreadable: like a missing file, numeric ids still work
        }
        return out;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 11 && s.chars().allMatch(Character::isDigit);
    }
}
