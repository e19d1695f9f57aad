package dev.pier.runtime.cgroup;

import dev.pier.runtime.spec.LinuxResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A container's cgroup in the v1 hierarchies (one directory per controller). */
final class CgroupV1 implements Cgroup {
    private final List<Path> dirs;

    CgroupV1(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    @Override
    public List<Path> dirs() {
        return dirs;
    }

    private Optional<Path> dir(String controller) {
        return dirs.stream().filter(d -> d.startsWith(Cgroups.ROOT.resolve(controller))).findFirst();
    }

    @Override
    public void create(LinuxResources r) {
        for (Path d : dirs) {
            mkdirs(d);
        }
        if (r == null) {
            return;
        }
        dir("memory").ifPresent(d -> {
            var m = r.memory();
            if (m == null) {
                return;
            }
            if (m.limit() != null) {
                Cgroups.write(d.resolve("memory.limit_in_bytes"), String.valueOf(m.limit()));
            }
            if (m.reservation() != null) {
                Cgroups.write(d.resolve("memory.soft_limit_in_bytes"), String.valueOf(m.reservation()));
            }
            if (m.swap() != null && Files.exists(d.resolve("memory.memsw.limit_in_bytes"))) {
                Cgroups.write(d.resolve("memory.memsw.limit_in_bytes"), String.valueOf(m.swap()));
            }
            if (m.swappiness() != null && m.swappiness() >= 0 && m.swappiness() <= 100) {
                Cgroups.write(d.resolve("memory.swappiness"), String.valueOf(m.swappiness()));
            }
            if (Boolean.TRUE.equals(m.disableOOMKiller())) {
                Cgroups.write(d.resolve("memory.oom_control"), "1");
            }
        });
        var cpu = r.cpu();
        if (cpu != null) {
            dir("cpu").ifPresent(d -> {
                if (cpu.shares() != null && cpu.shares() > 0) {
                    Cgroups.write(d.resolve("cpu.shares"), String.valueOf(cpu.shares()));
                }
                if (cpu.period() != null && cpu.period() > 0) {
                    Cgroups.write(d.resolve("cpu.cfs_period_us"), String.valueOf(cpu.period()));
                }
                if (cpu.quota() != null && cpu.quota() != 0) {
                    Cgroups.write(d.resolve("cpu.cfs_quota_us"), String.valueOf(cpu.quota()));
                }
            });
            dir("cpuset").ifPresent(d -> {
                if (cpu.cpus() != null && !cpu.cpus().isEmpty()) {
                    Cgroups.write(d.resolve("cpuset.cpus"), cpu.cpus());
                }
                if (cpu.mems() != null && !cpu.mems().isEmpty()) {
                    Cgroups.write(d.resolve("cpuset.mems"), cpu.mems());
                }
            });
        }
        if (r.pids() != null) {
            dir("pids").ifPresent(d -> Cgroups.write(d.resolve("pids.max"), r.pids().limit() > 0 ? String.valueOf(r.pids().limit()) : "max"));
        }
        if (!r.devices().isEmpty()) {
            dir("devices").ifPresent(d -> DeviceRules.writeV1(d, r.devices()));
        }
        if (r.blockIO() != null && r.blockIO().weight() != null) {
            dir("blkio").ifPresent(d -> {
                Path weight = Files.exists(d.resolve("blkio.weight")) ? d.resolve("blkio.weight") : d.resolve("blkio.bfq.weight");
                if (Files.exists(weight)) {
                    Cgroups.write(weight, String.valueOf(r.blockIO().weight()));
                }
            });
        }
    }

    /** Creates {@code d} and its missing parents; cpuset directories inherit cpus and mems from their parent. */
    private static void mkdirs(Path d) {
        if (Files.isDirectory(d)) {
            return;
        }
        mkdirs(d.getParent());
        try {
            Files.createDirectory(d);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        } catch (java.io.IOException e) {
            throw new dev.pier.runtime.RuntimeError("cannot create cgroup " + d + ": " + e.getMessage(), e);
        }
        if (d.startsWith(Cgroups.ROOT.resolve("cpuset"))) {
            for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
                if (Cgroups.read(d.resolve(f)).isEmpty()) {
                    Cgroups.write(d.resolve(f), Cgroups.read(d.getParent().resolve(f)));
                }
            }
        }
    }

    @Override
    public List<Integer> pids() {
        return dir("pids").or(() -> dirs.stream().findFirst())
                .map(d -> Cgroups.pids(d.resolve("cgroup.procs"))).orElse(List.of());
    }

    @Override
    public void freeze(boolean frozen) {
        Path d = dir("freezer").orElseThrow(() -> new dev.pier.runtime.RuntimeError("the freezer cgroup controller is not mounted"));
        Cgroups.write(d.resolve("freezer.state"), frozen ? "FROZEN" : "THAWED");
        for (int i = 0; i < 500; i++) {
            String state = Cgroups.read(d.resolve("freezer.state"));
            if (state.equals(frozen ? "FROZEN" : "THAWED")) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean frozen() {
        return dir("freezer").map(d -> Cgroups.read(d.resolve("freezer.state")).equals("FROZEN")).orElse(false);
    }

    @Override
    public long oomKills() {
        return dir("memory").map(d -> Cgroups.read(d.resolve("memory.oom_control")).lines()
                .filter(l -> l.startsWith("oom_kill ")).mapToLong(l -> Long.parseLong(l.substring(9).trim())).sum()).orElse(0L);
    }

    @Override
    public void destroy() {
        for (Path d : dirs) {
            Cgroups.rmdir(d);
        }
    }
}
