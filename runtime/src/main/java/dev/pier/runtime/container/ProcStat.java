package dev.pier.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Facts about host processes from /proc. */
public final class ProcStat {
    private ProcStat() {}

    /** The start time of {@code pid} (field 22 of /proc/pid/stat), or -1 when it does not exist or is a zombie. */
    public static long startTime(int pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = dev.pier.runtime.sys.ProcFiles.read(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (f[0].equals("Z") || f[0].equals("X")) {
                return -1;
            }
            return Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether {@code pid} is the same live process that had {@code startTime}. */
    public static boolean alive(int pid, long startTime) {
        long t = startTime(pid);
        return t >= 0 && t == startTime;
    }

    /** The children of {@code pid}. */
    static List<Integer> children(int pid) {
        List<Integer> out = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                String c = dev.pier.runtime.sys.ProcFiles.read(t.resolve("children")).trim();
                if (!c.isEmpty()) {
                    for (String s : c.split("\\s+")) {
                        out.add(Integer.parseInt(s));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return out;
    }
}
