package dev.pier.runtime.engine;

import dev.pier.runtime.sys.Capabilities;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Docker's default capability set and its {@code --cap-add}/{@code --cap-drop} arithmetic. */
public final class CapabilitySets {
    /** The 14 capabilities Docker gives a container by default. */
    public static final List<String> DOCKER_DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private CapabilitySets() {}

    /** The set after dropping {@code drop} and adding {@code add} (either may name {@code ALL}); all when privileged. */
    public static List<String> of(List<String> add, List<String> drop, boolean privileged) {
        // "all" is what this host can grant: a capability outside Pier's own bounding set makes capset fail
        long bounding = boundingSet();
        List<String> all = Capabilities.NAMES.subList(0, Math.min(Capabilities.NAMES.size(), Capabilities.lastCap() + 1)).stream()
                .filter(c -> (bounding & (1L << Capabilities.number(c))) != 0).toList();
        if (privileged) {
            return List.copyOf(all);
        }
        Set<String> caps = new LinkedHashSet<>(DOCKER_DEFAULT);
        List<String> adds = add.stream().map(CapabilitySets::normalize).toList();
        List<String> drops = drop.stream().map(CapabilitySets::normalize).toList();
        if (drops.contains("CAP_ALL")) {
            caps.clear();
        } else {
            drops.forEach(caps::remove);
        }
        if (adds.contains("CAP_ALL")) {
            caps.addAll(all);
            if (!drops.contains("CAP_ALL")) {
                drops.forEach(caps::remove);
            }
        } else {
            adds.forEach(caps::add);
        }
        return List.copyOf(caps);
    }

    /** CapBnd of this process, from /proc/self/status (every capability when it cannot be read). */
    private static long boundingSet() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return Long.parseUnsignedLong(line.substring(7).strip(), 16);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // keep every capability: capset will name the problem
        }
        return -1L;
    }

    private static String normalize(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        n = n.startsWith("CAP_") ? n : "CAP_" + n;
        if (!n.equals("CAP_ALL")) {
            Capabilities.number(n);   // rejects unknown names
        }
        return n;
    }
}
