package dev.pier.runtime.cgroup;

import dev.pier.runtime.spec.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A container's cgroup in the v2 (unified) hierarchy. */
final class CgroupV2 implements Cgroup {
    private final Path dir;

    CgroupV2(Path dir) {
        this.dir = dir;
    }

    @Override
    public List<Path> dirs() {
        return dir == null ? List.of() : List.of(dir);
    }

    @Override
    public void create(LinuxResources r) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new dev.pier.runtime.RuntimeError("cannot create cgroup " + dir + ": " + e.getMessage(), e);
        }
        if (r == null) {
            return;
        }
        if (r.memory() != null) {
            var m = r.memory();
            writeIf("memory.max", m.limit() == null ? null : m.limit() < 0 ? "max" : String.valueOf(m.limit()));
            writeIf("memory.low", m.reservation() == null ? null : String.valueOf(m.reservation()));
            if (m.swap() != null && m.limit() != null) {   // spec swap is memory+swap; v2 counts swap alone
                writeIf("memory.swap.max", m.swap() < 0 ? "max" : String.valueOf(Math.max(0, m.swap() - m.limit())));
            }
        }
        if (r.cpu() != null) {
            var c = r.cpu();
            if (c.shares() != null && c.shares() > 0) {   // the conversion runc uses
                writeIf("cpu.weight", String.valueOf(1 + ((c.shares() - 2) * 9999) / 262142));
            }
            if (c.quota() != null || c.period() != null) {
                long period = c.period() == null ? 100000 : c.period();
                writeIf("cpu.max", (c.quota() == null || c.quota() < 0 ? "max" : String.valueOf(c.quota())) + " " + period);
            }
            writeIf("cpuset.cpus", c.cpus());
            writeIf("cpuset.mems", c.mems());
        }
        if (r.pids() != null) {
            writeIf("pids.max", r.pids().limit() > 0 ? String.valueOf(r.pids().limit()) : "max");
        }
        if (r.blockIO() != null && r.blockIO().weight() != null) {
            writeIf("io.weight", String.valueOf(r.blockIO().weight()));
        }
        if (!r.devices().isEmpty()) {
            DeviceFilter.attach(dir, r.devices());
        }
    }

    private void writeIf(String file, String value) {
        if (value != null && !value.isEmpty()) {
            Cgroups.write(dir.resolve(file), value);
        }
    }

    @Override
    public List<Integer> pids() {
        return dir == null ? List.of() : Cgroups.pids(dir.resolve("cgroup.procs"));
    }

    @Override
    public void freeze(boolean frozen) {
        Cgroups.write(dir.resolve("cgroup.freeze"), frozen ? "1" : "0");
    }

    @Override
    public boolean frozen() {
        return dir != null && Cgroups.read(dir.resolve("cgroup.freeze")).equals("1");
    }

    @Override
    public long oomKills() {
        return dir == null ? 0 : Cgroups.read(dir.resolve("memory.events")).lines()
                .filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(l.substring(9).trim())).sum();
    }

    @Override
    public void destroy() {
        if (dir != null) {
            Cgroups.rmdir(dir);
        }
    }
}
