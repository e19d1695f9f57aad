package dev.pier.analyze.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Infers the capabilities a traced run used from the calls that succeeded: a call that the
 * kernel allows only with a capability (and that did not fail with EPERM) needed it. Permission
 * checks on the image's files are redone with the run's user: opening or executing a file whose
 * mode bits deny that user needed CAP_DAC_OVERRIDE; chmod or utimes on a file the user does not own
 * needed CAP_FOWNER. It is an inference from one run, so paths the run did not take are not covered.
 */
public final class CapabilityInference {
    private static final Map<String, String> BY_CALL = Map.ofEntries(
            Map.entry("chown", "CAP_CHOWN"), Map.entry("fchown", "CAP_CHOWN"), Map.entry("lchown", "CAP_CHOWN"),
            Map.entry("fchownat", "CAP_CHOWN"), Map.entry("setuid", "CAP_SETUID"), Map.entry("setreuid", "CAP_SETUID"),
            Map.entry("setresuid", "CAP_SETUID"), Map.entry("setfsuid", "CAP_SETUID"), Map.entry("setgid", "CAP_SETGID"),
            Map.entry("setregid", "CAP_SETGID"), Map.entry("setresgid", "CAP_SETGID"), Map.entry("setfsgid", "CAP_SETGID"),
            Map.entry("setgroups", "CAP_SETGID"), Map.entry("chroot", "CAP_SYS_CHROOT"), Map.entry("capset", "CAP_SETPCAP"),
            Map.entry("mount", "CAP_SYS_ADMIN"), Map.entry("umount2", "CAP_SYS_ADMIN"), Map.entry("unshare", "CAP_SYS_ADMIN"),
            Map.entry("setns", "CAP_SYS_ADMIN"), Map.entry("sethostname", "CAP_SYS_ADMIN"), Map.entry("pivot_root", "CAP_SYS_ADMIN"),
            Map.entry("ptrace", "CAP_SYS_PTRACE"), Map.entry("settimeofday", "CAP_SYS_TIME"), Map.entry("clock_settime", "CAP_SYS_TIME"));

    /**
     * The user whose permissions the run's file accesses are checked against.
     *
     * @param uid user id
     * @param groups the primary and supplementary group ids
     */
    public record User(long uid, Set<Long> groups) {
        /** The user {@code user} ({@code name|uid[:group]}, empty for root) of the image unpacked at {@code rootfs}. */
        public static User of(java.nio.file.Path rootfs, String user) {
            var resolved = dev.pier.runtime.engine.ImageUsers.resolve(rootfs, user);
            Set<Long> groups = new java.util.HashSet<>(resolved.additionalGids());
            groups.add(resolved.gid());
            return new User(resolved.uid(), groups);
        }
    }

    private CapabilityInference() {}

    /** The capabilities {@code calls} needed, each with the first reason found. */
    public static SortedMap<String, String> infer(List<Syscall> calls, ImageTree tree, User user) {
        SortedMap<String, String> caps = new TreeMap<>();
        boolean changedUser = calls.stream().anyMatch(c -> c.succeeded() && BY_CALL.getOrDefault(c.name(), "").equals("CAP_SETUID"));
        for (Syscall c : calls) {
            if (!c.succeeded()) {
                continue;
            }
            String cap = BY_CALL.get(c.name());
            if (cap != null) {
                caps.putIfAbsent(cap, c.name());
            }
            byCall(c, changedUser).ifPresent(r -> caps.putIfAbsent(r[0], r[1]));
        }
        for (FileAccess a : FileAccess.of(calls)) {
            if (a.call().succeeded()) {
                fileCheck(a, tree, user).ifPresent(r -> caps.putIfAbsent(r[0], r[1]));
            }
        }
        return caps;
    }

    /** Capabilities that depend on a call's arguments: {capability, reason}. */
    private static Optional<String[]> byCall(Syscall c, boolean changedUser) {
        return switch (c.name()) {
            case "bind" -> {
                int port = StraceArgs.port(c.arg(1));
                yield port > 0 && port < 1024 ? Optional.of(new String[] {"CAP_NET_BIND_SERVICE", "bind to port " + port}) : Optional.empty();
            }
            case "socket" -> c.arg(0).contains("AF_PACKET") || c.arg(1).contains("SOCK_RAW")
                    ? Optional.of(new String[] {"CAP_NET_RAW", "socket(" + c.arg(0) + ", " + c.arg(1) + ")"})
                    : c.arg(0).contains("AF_NETLINK") && c.arg(2).contains("NETLINK_AUDIT")
                    ? Optional.of(new String[] {"CAP_AUDIT_WRITE", "audit netlink socket"}) : Optional.empty();
            case "mknod", "mknodat" -> String.join(",", c.args()).matches(".*S_IF(CHR|BLK).*")
                    ? Optional.of(new String[] {"CAP_MKNOD", c.name() + " of a device"}) : Optional.empty();
            case "chmod", "fchmod", "fchmodat" -> (mode(c.arg(c.name().equals("fchmodat") ? 2 : 1)) & 06000) != 0
                    ? Optional.of(new String[] {"CAP_FSETID", c.name() + " setting setuid/setgid"}) : Optional.empty();
            case "setxattr", "lsetxattr", "fsetxattr" -> c.arg(1).contains("security.capability")
                    ? Optional.of(new String[] {"CAP_SETFCAP", "set file capabilities"}) : Optional.empty();
            case "prctl" -> c.arg(0).equals("PR_CAPBSET_DROP") ? Optional.of(new String[] {"CAP_SETPCAP", "PR_CAPBSET_DROP"}) : Optional.empty();
            case "kill", "tkill", "tgkill" -> changedUser
                    ? Optional.of(new String[] {"CAP_KILL", c.name() + " after a change of user"}) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static int mode(String arg) {
        try {
            return arg.startsWith("0") ? Integer.parseInt(arg, 8) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** DAC_OVERRIDE for opens and execs the mode bits deny; FOWNER for chmod and utimes of files owned by others. */
    private static Optional<String[]> fileCheck(FileAccess a, ImageTree tree, User user) {
        Optional<String> target = tree.resolve(a.path()).target();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(tree.host(target.get()), "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.empty();
        }
        int mode = (Integer) attrs.get("mode");
        long owner = (Integer) attrs.get("uid") & 0xffffffffL;
        long group = (Integer) attrs.get("gid") & 0xffffffffL;
        int shift = owner == user.uid() ? 6 : user.groups().contains(group) ? 3 : 0;
        int granted = (mode >> shift) & 7;
        String name = a.call().name();
        if (name.equals("chmod") || name.equals("fchmodat") || name.equals("utimensat") || name.equals("utime")) {
            return owner == user.uid() ? Optional.empty() : Optional.of(new String[] {"CAP_FOWNER", name + " " + a.path()});
        }
        int wanted = switch (a.kind()) {
            case EXEC -> 1;
            case OPEN -> {
                String flags = String.join(",", a.call().args());
                yield flags.contains("O_RDWR") ? 6 : flags.contains("O_WRONLY") ? 2 : flags.contains("O_PATH") ? 0 : 4;
            }
            case LOOKUP, MODIFY -> 0;
        };
        return (granted & wanted) != wanted
                ? Optional.of(new String[] {"CAP_DAC_OVERRIDE", a.call().name() + " " + a.path() + " (mode " + Integer.toOctalString(mode & 07777) + ")"})
                : Optional.empty();
    }
}
