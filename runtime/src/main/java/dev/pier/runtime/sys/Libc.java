package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.List;

/**
 * The C library calls of the runtime, through the FFM API. Each method throws
 * {@link SysException} (call, argument, errno) when the call fails. Capabilities, seccomp and
 * no_new_privs are per thread: the thread that calls them must be the one that calls {@link #execve}.
 */
public final class Libc {
    private static final SymbolLookup C = Native.LINKER.defaultLookup();
    private static final Linker.Option VAR1 = Linker.Option.firstVariadicArg(1);
    private static final FunctionDescriptor I_I = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    private static final FunctionDescriptor I_P = FunctionDescriptor.of(JAVA_INT, ADDRESS);

    private static final Native.Lazy UNSHARE = Native.lazy(C, "unshare", I_I);
    private static final Native.Lazy SETNS = Native.lazy(C, "setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy MOUNT = Native.lazy(C, "mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final Native.Lazy UMOUNT2 = Native.lazy(C, "umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final Native.Lazy SYSCALL_PP = Native.lazy(C, "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS), VAR1);
    private static final Native.Lazy SYSCALL_III = Native.lazy(C, "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT), VAR1);
    private static final Native.Lazy SYSCALL6 = Native.lazy(C, "syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), VAR1);
    private static final Native.Lazy MEMFD_CREATE = Native.lazy(C, "memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy PIPE2 = Native.lazy(C, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy CHDIR = Native.lazy(C, "chdir", I_P);
    private static final Native.Lazy FCHDIR = Native.lazy(C, "fchdir", I_I);
    private static final Native.Lazy CHROOT = Native.lazy(C, "chroot", I_P);
    private static final Native.Lazy SETHOSTNAME = Native.lazy(C, "sethostname", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Native.Lazy SETDOMAINNAME = Native.lazy(C, "setdomainname", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Native.Lazy PRCTL = Native.lazy(C, "prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), VAR1);
    private static final Native.Lazy SETRESUID = Native.lazy(C, "setresuid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy SETRESGID = Native.lazy(C, "setresgid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy SETGROUPS = Native.lazy(C, "setgroups", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS));
    private static final Native.Lazy EXECVE = Native.lazy(C, "execve", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final Native.Lazy KILL = Native.lazy(C, "kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy WAITPID = Native.lazy(C, "waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy OPEN = Native.lazy(C, "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final Native.Lazy CLOSE = Native.lazy(C, "close", I_I);
    private static final Native.Lazy WRITE = Native.lazy(C, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Native.Lazy READ = Native.lazy(C, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Native.Lazy MKNOD = Native.lazy(C, "mknod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final Native.Lazy LSETXATTR = Native.lazy(C, "lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final Native.Lazy MKFIFO = Native.lazy(C, "mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy UMASK = Native.lazyPlain(C, "umask", I_I);
    private static final Native.Lazy SETRLIMIT = Native.lazy(C, "setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Native.Lazy IOCTL_INT = Native.lazy(C, "ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(2));
    private static final Native.Lazy IOCTL_PTR = Native.lazy(C, "ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2));
    private static final Native.Lazy SETSID = Native.lazy(C, "setsid", FunctionDescriptor.of(JAVA_INT));
    private static final Native.Lazy GETPID = Native.lazyPlain(C, "getpid", FunctionDescriptor.of(JAVA_INT));
    private static final Native.Lazy DUP2 = Native.lazy(C, "dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy LGETXATTR = Native.lazy(C, "lgetxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    private static final Native.Lazy SIGPROCMASK = Native.lazy(C, "sigprocmask", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    private static final long SYS_PIVOT_ROOT = 155;
    private static final long SYS_CLOSE_RANGE = 436;

    private Libc() {}

    /** unshare(2). */
    public static void unshare(int flags) {
        Native.call("unshare", UNSHARE, flags);
    }

    /** setns(2). */
    public static void setns(int fd, int nstype) {
        Native.call("setns", SETNS, fd, nstype);
    }

    /** mount(2); {@code source}, {@code type} and {@code data} may be null. */
    public static void mount(String source, String target, String type, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("mount " + target, MOUNT, str(a, source), str(a, target), str(a, type), flags, str(a, data));
        }
    }

    /** umount2(2). */
    public static void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("umount " + target, UMOUNT2, a.allocateFrom(target), flags);
        }
    }

    /** pivot_root(2), through syscall(). */
    public static void pivotRoot(String newRoot, String putOld) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("pivot_root " + newRoot, SYSCALL_PP, SYS_PIVOT_ROOT, a.allocateFrom(newRoot), a.allocateFrom(putOld));
        }
    }

    /** A raw system call with six arguments (addresses as longs); throws {@link SysException} naming {@code what}. */
    public static long syscall(String what, long number, long a0, long a1, long a2, long a3, long a4, long a5) {
        return Native.call(what, SYSCALL6, number, a0, a1, a2, a3, a4, a5);
    }

    /** memfd_create(2) with MFD_CLOEXEC: an anonymous file in memory. */
    public static int memfdCreate(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Native.call("memfd_create", MEMFD_CREATE, a.allocateFrom(name), 1 /* MFD_CLOEXEC */);
        }
    }

    /** pipe2(2) with O_CLOEXEC: {read end, write end}. */
    public static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            Native.call("pipe2", PIPE2, fds, 02000000 /* O_CLOEXEC */);
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        }
    }

    /** close_range(2) with flags (CLOSE_RANGE_CLOEXEC = 4). */
    public static void closeRange(int first, int last, int flags) {
        Native.call("close_range", SYSCALL_III, SYS_CLOSE_RANGE, first, last, flags);
    }

    /** chdir(2). */
    public static void chdir(String dir) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("chdir " + dir, CHDIR, a.allocateFrom(dir));
        }
    }

    /** fchdir(2). */
    public static void fchdir(int fd) {
        Native.call("fchdir", FCHDIR, fd);
    }

    /** chroot(2). */
    public static void chroot(String dir) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("chroot " + dir, CHROOT, a.allocateFrom(dir));
        }
    }

    /** sethostname(2). */
    public static void sethostname(String name) {
        try (Arena a = Arena.ofConfined()) {
            byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Native.call("sethostname " + name, SETHOSTNAME, a.allocateFrom(name), (long) b.length);
        }
    }

    /** setdomainname(2). */
    public static void setdomainname(String name) {
        try (Arena a = Arena.ofConfined()) {
            byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Native.call("setdomainname " + name, SETDOMAINNAME, a.allocateFrom(name), (long) b.length);
        }
    }

    /** prctl(2). */
    public static int prctl(int option, long a2, long a3, long a4, long a5) {
        return (int) Native.call("prctl " + option, PRCTL, option, a2, a3, a4, a5);
    }

    /** setresuid(2) — glibc applies it to every thread of the process. */
    public static void setresuid(int r, int e, int s) {
        Native.call("setresuid " + e, SETRESUID, r, e, s);
    }

    /** setresgid(2) — glibc applies it to every thread of the process. */
    public static void setresgid(int r, int e, int s) {
        Native.call("setresgid " + e, SETRESGID, r, e, s);
    }

    /** setgroups(2). */
    public static void setgroups(List<Long> gids) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment list = a.allocate(JAVA_INT, Math.max(1, gids.size()));
            for (int i = 0; i < gids.size(); i++) {
                list.setAtIndex(JAVA_INT, i, gids.get(i).intValue());
            }
            Native.call("setgroups", SETGROUPS, (long) gids.size(), list);
        }
    }

    /** execve(2); returns only by throwing. */
    public static void execve(String path, List<String> args, List<String> env) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("exec " + path, EXECVE, a.allocateFrom(path), strings(a, args), strings(a, env));
        }
    }

    /** kill(2). */
    public static void kill(int pid, int signal) {
        Native.call("kill " + pid, KILL, pid, signal);
    }

    /** waitpid(2): the raw status of {@code pid}. */
    public static int waitpid(int pid, int options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment status = a.allocate(JAVA_INT);
            Native.call("waitpid " + pid, WAITPID, pid, status, options);
            return status.get(JAVA_INT, 0);
        }
    }

    /** open(2). */
    public static int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Native.call("open " + path, OPEN, a.allocateFrom(path), flags, mode);
        }
    }

    /** close(2). */
    public static void close(int fd) {
        Native.call("close", CLOSE, fd);
    }

    /** write(2) of all of {@code bytes}. */
    public static void write(int fd, byte[] bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocateFrom(JAVA_BYTE_LAYOUT, bytes);
            long done = 0;
            while (done < bytes.length) {
                done += Native.call("write", WRITE, fd, buf.asSlice(done), bytes.length - done);
            }
        }
    }

    /** read(2) of up to {@code max} bytes; an empty array at end of file. */
    public static byte[] read(int fd, int max) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(max);
            long n = Native.call("read", READ, fd, buf, (long) max);
            return buf.asSlice(0, n).toArray(JAVA_BYTE_LAYOUT);
        }
    }

    /** mknod(2). */
    public static void mknod(String path, int mode, long dev) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("mknod " + path, MKNOD, a.allocateFrom(path), mode, dev);
        }
    }

    /** lsetxattr(2): sets extended attribute {@code name} of {@code path} (not following a symlink). */
    public static void lsetxattr(String path, String name, byte[] value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(1, value.length));
            v.copyFrom(MemorySegment.ofArray(value));
            Native.call("setxattr " + name + " " + path, LSETXATTR, a.allocateFrom(path), a.allocateFrom(name), v, (long) value.length, 0);
        }
    }

    /** mkfifo(3). */
    public static void mkfifo(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("mkfifo " + path, MKFIFO, a.allocateFrom(path), mode);
        }
    }

    /** umask(2): sets the mask, returns the previous one. */
    public static int umask(int mask) {
        return (int) Native.callPlain(UMASK, mask);
    }

    /** setrlimit(2); -1 is RLIM_INFINITY. */
    public static void setrlimit(int resource, long soft, long hard) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment lim = a.allocate(16);
            lim.set(JAVA_LONG, 0, soft);
            lim.set(JAVA_LONG, 8, hard);
            Native.call("setrlimit " + resource, SETRLIMIT, resource, lim);
        }
    }

    /** ioctl(2) with an integer argument. */
    public static int ioctl(int fd, long request, long arg) {
        return (int) Native.call("ioctl " + Long.toHexString(request), IOCTL_INT, fd, request, arg);
    }

    /** ioctl(2) with a pointer argument. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        return (int) Native.call("ioctl " + Long.toHexString(request), IOCTL_PTR, fd, request, arg);
    }

    /** setsid(2). */
    public static int setsid() {
        return (int) Native.call("setsid", SETSID);
    }

    /** getpid(2). */
    public static int getpid() {
        return (int) Native.callPlain(GETPID);
    }

    /** dup2(2). */
    public static void dup2(int from, int to) {
        Native.call("dup2", DUP2, from, to);
    }

    /**
     * lgetxattr(2): the value of extended attribute {@code name} of {@code path} (symlinks not
     * followed), or null when the file has no such attribute (ENODATA) or its file system none
     * (ENOTSUP). Values longer than 4 KiB are cut.
     */
    public static byte[] lgetxattr(String path, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            long n = Native.call("lgetxattr " + path, LGETXATTR, a.allocateFrom(path), a.allocateFrom(name), buf, 4096L);
            return buf.asSlice(0, n).toArray(JAVA_BYTE_LAYOUT);
        } catch (SysException e) {
            if (e.errno() == 61 /* ENODATA */ || e.errno() == 95 /* ENOTSUP */) {
                return null;
            }
            throw e;
        }
    }

    /** Unblocks every signal of the calling thread (the mask survives execve). */
    public static void unblockAllSignals() {
        try (Arena a = Arena.ofConfined()) {
            Native.call("sigprocmask", SIGPROCMASK, 2 /* SIG_SETMASK */, a.allocate(128), MemorySegment.NULL);
        }
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    private static MemorySegment str(Arena a, String s) {
        return s == null ? MemorySegment.NULL : a.allocateFrom(s);
    }

    static MemorySegment strings(Arena a, List<String> list) {
        MemorySegment array = a.allocate(ADDRESS, list.size() + 1);
        for (int i = 0; i < list.size(); i++) {
            array.setAtIndex(ADDRESS, i, a.allocateFrom(list.get(i)));
        }
        array.setAtIndex(ADDRESS, list.size(), MemorySegment.NULL);
        return array;
    }
}
