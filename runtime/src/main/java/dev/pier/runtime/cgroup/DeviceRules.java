package dev.pier.runtime.cgroup;

import dev.pier.runtime.spec.Linux;
import dev.pier.runtime.spec.LinuxDevice;
import dev.pier.runtime.spec.LinuxDeviceCgroup;
import dev.pier.runtime.spec.LinuxResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices cgroup's rules as runc applies them: the spec's {@code linux.resources.devices} in
 * order, then the devices every container may use (mknod of any node; read, write and mknod of
 * null, zero, full, random, urandom, tty, console, ptmx and the pts), then the nodes of
 * {@code linux.devices}. Later rules override earlier ones.
 */
public final class DeviceRules {
    /** What runc allows every container after the spec's own rules. */
    static final List<LinuxDeviceCgroup> ALWAYS_ALLOWED = List.of(
            new LinuxDeviceCgroup(true, "c", null, null, "m"),
            new LinuxDeviceCgroup(true, "b", null, null, "m"),
            chr(1, 3), chr(1, 8), chr(1, 7), chr(5, 0), chr(1, 5), chr(1, 9), chr(5, 1),
            new LinuxDeviceCgroup(true, "c", 136L, null, "rwm"),   // /dev/pts/*
            chr(5, 2));

    private DeviceRules() {}

    /**
     * The limits of {@code linux} with the complete list of device rules; unchanged where the
     * spec gives no device rules (a new cgroup allows every device then, as its parent does).
     */
    public static LinuxResources resources(Linux linux) {
        LinuxResources r = linux == null ? null : linux.resources();
        if (r == null || r.devices().isEmpty()) {
            return r;
        }
        List<LinuxDeviceCgroup> rules = new ArrayList<>(r.devices());
        rules.addAll(ALWAYS_ALLOWED);
        for (LinuxDevice d : linux.devices()) {
            if (d.type() != null && (d.type().equals("c") || d.type().equals("b") || d.type().equals("u"))) {
                rules.add(new LinuxDeviceCgroup(true, d.type().equals("u") ? "c" : d.type(), d.major(), d.minor(), "rwm"));
            }
        }
        return r.withDevices(rules);
    }

    /** Writes {@code rules} in order to the v1 devices cgroup {@code dir}'s devices.allow and devices.deny. */
    static void writeV1(Path dir, List<LinuxDeviceCgroup> rules) {
        for (LinuxDeviceCgroup rule : rules) {
            if (rule.type() != null && !List.of("a", "b", "c", "").contains(rule.type())) {
                throw new dev.pier.runtime.RuntimeError("invalid device rule type " + rule.type() + " (a, b or c)");
            }
            if (rule.access() != null && !rule.access().matches("[rwm]*")) {
                throw new dev.pier.runtime.RuntimeError("invalid device rule access " + rule.access() + " (r, w, m)");
            }
            Cgroups.write(dir.resolve(rule.allow() ? "devices.allow" : "devices.deny"), rule.v1());
        }
    }

    private static LinuxDeviceCgroup chr(long major, long minor) {
        return new LinuxDeviceCgroup(true, "c", major, minor, "rwm");
    }
}
