package dev.pier.runtime.sys;

import dev.pier.runtime.RuntimeError;
import java.util.List;

/** Resource limit names ({@code RLIMIT_NOFILE}) and their numbers. */
public final class Rlimits {
    private static final List<String> NAMES = List.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
            "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
            "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    private Rlimits() {}

    /** The resource number of a limit's name. */
    public static int number(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new RuntimeError("unknown rlimit " + name);
        }
        return i;
    }
}
