package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mount options as fstab and the runtime-spec write them, split into mount(2) flags, propagation
 * flags and the filesystem's data string.
 *
 * @param flags the mount flags
 * @param propagation propagation flags applied after the mount (MS_PRIVATE, MS_REC|MS_SLAVE, ...)
 * @param data options passed to the filesystem, comma separated
 * @param bind whether it is a bind mount
 * @param copyUp podman's {@code tmpcopyup}: a tmpfs starts with a copy of what its destination held
 */
public record MountOptions(long flags, List<Long> propagation, String data, boolean bind, boolean copyUp) {
    /** Podman's option for a tmpfs that starts with the destination's content (not passed to the filesystem). */
    public static final String TMPCOPYUP = "tmpcopyup";

    private static final Map<String, long[]> FLAGS = Map.ofEntries(
            Map.entry("ro", new long[] {MS_RDONLY, 0}), Map.entry("rw", new long[] {0, MS_RDONLY}),
            Map.entry("nosuid", new long[] {MS_NOSUID, 0}), Map.entry("suid", new long[] {0, MS_NOSUID}),
            Map.entry("nodev", new long[] {MS_NODEV, 0}), Map.entry("dev", new long[] {0, MS_NODEV}),
            Map.entry("noexec", new long[] {MS_NOEXEC, 0}), Map.entry("exec", new long[] {0, MS_NOEXEC}),
            Map.entry("sync", new long[] {MS_SYNCHRONOUS, 0}), Map.entry("async", new long[] {0, MS_SYNCHRONOUS}),
            Map.entry("dirsync", new long[] {MS_DIRSYNC, 0}), Map.entry("remount", new long[] {MS_REMOUNT, 0}),
            Map.entry("mand", new long[] {MS_MANDLOCK, 0}), Map.entry("nomand", new long[] {0, MS_MANDLOCK}),
            Map.entry("atime", new long[] {0, MS_NOATIME}), Map.entry("noatime", new long[] {MS_NOATIME, 0}),
            Map.entry("diratime", new long[] {0, MS_NODIRATIME}), Map.entry("nodiratime", new long[] {MS_NODIRATIME, 0}),
            Map.entry("relatime", new long[] {MS_RELATIME, 0}), Map.entry("norelatime", new long[] {0, MS_RELATIME}),
            Map.entry("strictatime", new long[] {MS_STRICTATIME, 0}), Map.entry("nosymfollow", new long[] {MS_NOSYMFOLLOW, 0}),
            Map.entry("bind", new long[] {MS_BIND, 0}), Map.entry("rbind", new long[] {MS_BIND | MS_REC, 0}),
            Map.entry("defaults", new long[] {0, 0}));
    private static final Map<String, Long> PROPAGATION = Map.of(
            "private", MS_PRIVATE, "rprivate", MS_PRIVATE | MS_REC, "shared", MS_SHARED, "rshared", MS_SHARED | MS_REC,
            "slave", MS_SLAVE, "rslave", MS_SLAVE | MS_REC, "unbindable", MS_UNBINDABLE, "runbindable", MS_UNBINDABLE | MS_REC);

    /** Parses {@code options} of a mount of {@code type}. */
    public static MountOptions parse(String type, List<String> options) {
        long flags = 0;
        List<Long> propagation = new ArrayList<>();
        List<String> data = new ArrayList<>();
        boolean copyUp = false;
        for (String o : options) {
            long[] f = FLAGS.get(o);
            if (o.equals(TMPCOPYUP) || o.equals("notmpcopyup")) {
                copyUp = o.equals(TMPCOPYUP);
            } else if (f != null) {
                flags = (flags | f[0]) & ~f[1];
            } else if (PROPAGATION.containsKey(o)) {
                propagation.add(PROPAGATION.get(o));
            } else {
                data.add(o);
            }
        }
        boolean bind = "bind".equals(type) || (flags & MS_BIND) != 0;
        return new MountOptions(flags, List.copyOf(propagation), String.join(",", data), bind, copyUp && "tmpfs".equals(type));
    }

    /** The propagation flags of a {@code rootfsPropagation} value, or 0 when absent. */
    public static long propagation(String name) {
        return name == null || name.isEmpty() ? 0 : PROPAGATION.getOrDefault(name, 0L);
    }
}
