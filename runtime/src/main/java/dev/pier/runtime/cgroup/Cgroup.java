package dev.pier.runtime.cgroup;

import dev.pier.runtime.spec.LinuxResources;
import java.nio.file.Path;
import java.util.List;

/** A container's cgroup: one directory per v1 controller, or one v2 directory. */
public interface Cgroup {

    /** The directories, in the order they are created. */
    List<Path> dirs();

    /** Creates the directories and writes the limits. */
    void create(LinuxResources resources);

    /** The {@code cgroup.procs} files a process writes "0" to, to join. */
    default List<Path> procsFiles() {
        return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** The pids of the processes in the cgroup. */
    List<Integer> pids();

    /** Freezes ({@code true}) or thaws the processes. */
    void freeze(boolean frozen);

    /** Whether the processes are frozen. */
    boolean frozen();

    /** How many processes the OOM killer killed in the cgroup. */
    long oomKills();

    /** Removes the directories (the processes must have exited). */
    void destroy();

    /** The cgroup of a container with the given directories (as recorded in its state). */
    static Cgroup of(List<Path> dirs) {
        return Cgroups.isUnified() ? new CgroupV2(dirs.isEmpty() ? null : dirs.getFirst()) : new CgroupV1(dirs);
    }
}
