package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * posix_spawn(3) through FFM. Unlike {@link ProcessBuilder} it starts the child from the calling
 * thread without creating any thread, so a thread that unshared namespaces (a new pid namespace
 * forbids it to create threads) can start its container's first process; the child inherits
 * that thread's namespaces, root, working directory and credentials. The child starts with no
 * blocked signals and every signal at its default action.
 */
public final class Spawn {
    private static final MemorySegment FA_INIT = Native.function("posix_spawn_file_actions_init");
    private static final MemorySegment FA_DUP2 = Native.function("posix_spawn_file_actions_adddup2");
    private static final MemorySegment FA_CHDIR = Native.function("posix_spawn_file_actions_addchdir_np");
    private static final MemorySegment FA_DESTROY = Native.function("posix_spawn_file_actions_destroy");
    private static final MemorySegment ATTR_INIT = Native.function("posix_spawnattr_init");
    private static final MemorySegment ATTR_FLAGS = Native.function("posix_spawnattr_setflags");
    private static final MemorySegment ATTR_SIGMASK = Native.function("posix_spawnattr_setsigmask");
    private static final MemorySegment ATTR_SIGDEFAULT = Native.function("posix_spawnattr_setsigdefault");
    private static final MemorySegment ATTR_DESTROY = Native.function("posix_spawnattr_destroy");
    private static final MemorySegment SIGFILLSET = Native.function("sigfillset");
    private static final MemorySegment SPAWN = Native.function("posix_spawn");
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    /** Descriptor {@code from} of this process becomes {@code to} in the child (inheritable there). */
    public record Dup(int from, int to) {
        /**
         * The child's standard streams from {@code stdio} (three descriptors of this process),
         * then descriptors 3 to {@code 2 + preserved} kept as they are (runc's --preserve-fds).
         */
        public static java.util.List<Dup> standard(int[] stdio, int preserved) {
            java.util.List<Dup> dups = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                dups.add(new Dup(stdio[i], i));
            }
            for (int fd = 3; fd < 3 + preserved; fd++) {
                dups.add(new Dup(fd, fd));
            }
            return dups;
        }
    }

    private Spawn() {}

    /** Starts {@code path} with {@code argv} and {@code env} in directory {@code dir}; returns its pid. */
    public static int spawn(String path, List<String> argv, List<String> env, List<Dup> dups, String dir) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment actions = a.allocate(256, 16);   // posix_spawn_file_actions_t is 80 bytes in glibc
            MemorySegment attr = a.allocate(512, 16);      // posix_spawnattr_t is 336
            MemorySegment all = a.allocate(128, 16);       // sigset_t
            MemorySegment none = a.allocate(128, 16);
            check("posix_spawn_file_actions_init", call(FA_INIT, actions));
            check("posix_spawnattr_init", call(ATTR_INIT, attr));
            try {
                for (Dup d : dups) {
                    check("posix_spawn_file_actions_adddup2", call(FA_DUP2, actions, d.from(), d.to()));
                }
                check("posix_spawn_file_actions_addchdir_np", call(FA_CHDIR, actions, Native.cString(a, dir)));
                check("sigfillset", call(SIGFILLSET, all));
                check("posix_spawnattr_setsigdefault", call(ATTR_SIGDEFAULT, attr, all));
                check("posix_spawnattr_setsigmask", call(ATTR_SIGMASK, attr, none));
                check("posix_spawnattr_setflags", call(ATTR_FLAGS, attr, (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
                MemorySegment pid = a.allocate(JAVA_INT);
                check("posix_spawn " + path, call(SPAWN, pid, Native.cString(a, path), actions, attr, Libc.strings(a, argv), Libc.strings(a, env)));
                return Native.intAt(pid, 0);
            } finally {
                call(FA_DESTROY, actions);
                call(ATTR_DESTROY, attr);
            }
        }
    }

    /** The posix_spawn family returns an error number rather than setting errno. */
    private static void check(String what, int r) {
        if (r != 0) {
            throw new SysException(what, r);
        }
    }

    /** Every function of the family takes pointers and ints and returns an int (see Native.invoke). */
    private static int call(MemorySegment fn, Object... args) {
        return (int) Native.invoke(fn, Native.arguments(args));
    }
}
