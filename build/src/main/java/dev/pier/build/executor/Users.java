package dev.pier.build.executor;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves {@code --chown=user[:group]} against a stage's {@code /etc/passwd} and
 * {@code /etc/group}: numeric ids are taken as they are; a user without a group gets the user's
 * primary group when named, the same number when numeric (as Docker documents).
 */
final class Users {
    /** A numeric owner. */
    record Owner(long uid, long gid) {}

    private Users() {}

    static Owner resolve(Path rootfs, String spec) throws IOException {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        if (user.isEmpty()) {
            throw new PierException("invalid owner \"" + spec + "\": expected user[:group]");
        }
        long uid;
        long primary;
        if (user.matches("\\d+")) {
            uid = Long.parseLong(user);
            primary = uid;
        } else {
            String[] entry = lookup(rootfs, "/etc/passwd", user, "user");
            uid = Long.parseLong(entry[2]);
            primary = Long.parseLong(entry[3]);
        }
        if (group == null || group.isEmpty()) {
            return new Owner(uid, primary);
        }
        long gid = group.matches("\\d+") ? Long.parseLong(group) : Long.parseLong(lookup(rootfs, "/etc/group", group, "group")[2]);
        return new Owner(uid, gid);
    }

    private static String[] lookup(Path rootfs, String file, String name, String what) throws IOException {
        Path p = RootPaths.host(rootfs, RootPaths.resolve(rootfs, file));
        if (Files.isRegularFile(p)) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[0].equals(name) && f[2].matches("\\d+") && (f.length < 4 || what.equals("group") || f[3].matches("\\d+"))) {
                    return f;
                }
            }
        }
        throw new PierException("unable to find " + what + " " + name + ": no matching entries in " + file.substring(5) + " file");
    }
}
