package dev.pier.build.run;

import dev.pier.image.PierException;
import dev.pier.runtime.spec.User;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a USER ({@code user[:group]}, names or numbers) against the stage's
 * {@code /etc/passwd} and {@code /etc/group}, as Docker does: a numeric user missing from passwd
 * runs with group 0; a named user gets its primary group and the groups that list it.
 */
final class RunUser {
    private RunUser() {}

    static User resolve(Path rootfs, String spec) throws IOException {
        if (spec == null || spec.isEmpty()) {
            spec = "0";
        }
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        List<String[]> passwd = read(rootfs, "passwd");
        List<String[]> groups = read(rootfs, "group");
        long uid;
        long gid = 0;
        String name = null;
        String[] entry = find(passwd, user, user.matches("\\d+") ? 2 : 0);
        if (entry != null) {
            uid = Long.parseLong(entry[2]);
            gid = entry.length > 3 && entry[3].matches("\\d+") ? Long.parseLong(entry[3]) : 0;
            name = entry[0];
        } else if (user.matches("\\d+")) {
            uid = Long.parseLong(user);
        } else {
            throw new PierException("unable to find user " + user + ": no matching entries in passwd file");
        }
        if (group != null && !group.isEmpty()) {
            String[] g = find(groups, group, group.matches("\\d+") ? 2 : 0);
            if (g != null) {
                gid = Long.parseLong(g[2]);
            } else if (group.matches("\\d+")) {
                gid = Long.parseLong(group);
            } else {
                throw new PierException("unable to find group " + group + ": no matching entries in group file");
            }
        }
        List<Long> extra = new ArrayList<>();
        if (name != null && group == null) {
            for (String[] g : groups) {
                if (g.length >= 4 && List.of(g[3].split(",")).contains(name) && g[2].matches("\\d+")) {
                    long id = Long.parseLong(g[2]);
                    if (id != gid && !extra.contains(id)) {
                        extra.add(id);
                    }
                }
            }
        }
        return new User(uid, gid, null, extra.isEmpty() ? null : extra);
    }

    private static String[] find(List<String[]> entries, String key, int field) {
        for (String[] e : entries) {
            if (e.length >= 3 && e[field].equals(key) && e[2].matches("\\d+")) {
                return e;
            }
        }
        return null;
    }

    /** Lines of {@code /etc/<name>} split on colons; none when missing or a link leaving the root. */
    private static List<String[]> read(Path rootfs, String name) throws IOException {
        Path p = rootfs.resolve("etc").resolve(name);
        if (!Files.isRegularFile(p) || !p.toRealPath().startsWith(rootfs.toRealPath())) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split(":", -1));
            }
        }
        return out;
    }
}
