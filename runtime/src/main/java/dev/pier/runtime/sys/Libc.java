package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The system calls of the runtime, through the FFM API. Each method throws {@link SysException}
 * (call, argument, errno) when the call fails. They all go through one downcall handle of
 * {@code syscall(3)} ({@link Native#syscall}): every distinct native function costs a JVM
 * several milliseconds of generated code on first use, and a container start makes twenty kinds
 * of call. System call numbers are x86-64's. Like the kernel's calls and unlike glibc's wrappers,
 * credential changes apply to the calling thread only.
 */
public final class Libc {
    private static final long READ = 0, WRITE = 1, OPEN = 2, CLOSE = 3, LSEEK = 8, IOCTL = 16, DUP2 = 33,
            GETPID = 39, KILL = 62, WAIT4 = 61, CHDIR = 80, FCHDIR = 81, UMASK = 95, SETSID = 112, SETFSUID = 122, SETFSGID = 123, MKNOD = 133,
            PIVOT_ROOT = 155, PRCTL = 157, CHROOT = 161, MOUNT = 165, UMOUNT2 = 166, SETHOSTNAME = 170,
            SETDOMAINNAME = 171, LSETXATTR = 189, LGETXATTR = 192, UNSHARE = 272, PIPE2 = 293, SETNS = 308,
            MEMFD_CREATE = 319, CLOSE_RANGE = 436;
    private static final int S_IFIFO = 0010000;
    private static final java.util.concurrent.atomic.AtomicBoolean LINKING = new java.util.concurrent.atomic.AtomicBoolean();

    private Libc() {}

    /** unshare(2). */
    public static void unshare(int flags) {
        Native.syscall("unshare", UNSHARE, flags);
    }

    /** setns(2). */
    public static void setns(int fd, int nstype) {
        Native.syscall("setns", SETNS, fd, nstype);
    }

    /**
     * Makes the first native call now, on the calling thread: a JVM's first call pays for the
     * shared downcall handle and the memory-access code of strings and pointer arrays (about 20 ms
     * of CPU here), and a command can have another thread pay that while it reads its input.
     * Cheap once done; any thread may call it.
     */
    public static void link() {
        try (Arena a = Arena.ofConfined()) {
            strings(a, List.of("/"));
            Native.syscall("getpid", GETPID);
        }
    }

    /**
     * Starts {@link #link} on a daemon thread of its own and returns at once: a command that will
     * make native calls calls this first, so that the linking overlaps its reading of its input
     * (JSON, the bundle, an image) rather than delaying its first system call. A failure is left
     * to that first call to report, in its context. Only the first call starts a thread.
     */
    public static void linkInBackground() {
        if (LINKING.getAndSet(true)) {
            return;
        }
        Thread.ofPlatform().name("pier-link").daemon().start(() -> {
            try {
                link();
            } catch (RuntimeException | LinkageError e) {
                // the command's own first native call reports it
            }
        });
    }

    /** mount(2); {@code source}, {@code type} and {@code data} may be null. */
    public static void mount(String source, String target, String type, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            Native.syscall("mount " + target, MOUNT, str(a, source), str(a, target), str(a, type), flags, str(a, data));
        }
    }

    /** umount2(2). */
    public static void umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            Native.syscall("umount " + target, UMOUNT2, str(a, target), flags);
        }
    }

    /** pivot_root(2). */
    public static void pivotRoot(String newRoot, String putOld) {
        try (Arena a = Arena.ofConfined()) {
            Native.syscall("pivot_root " + newRoot, PIVOT_ROOT, str(a, newRoot), str(a, putOld));
        }
    }

    /** A raw system call with six arguments (addresses as longs); throws {@link SysException} naming {@code what}. */
    public static long syscall(String what, long number, long a0, long a1, long a2, long a3, long a4, long a5) {
        return Native.syscall(what, number, a0, a1, a2, a3, a4, a5);
    }

    /** memfd_create(2) with MFD_CLOEXEC: an anonymous file in memory. */
    public static int memfdCreate(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Native.syscall("memfd_create", MEMFD_CREATE, str(a, name), 1 /* MFD_CLOEXEC */);
        }
    }

    /** pipe2(2) with O_CLOEXEC: {read end, write end}. */
    public static int[] pipe() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            Native.syscall("pipe2", PIPE2, fds.address(), 02000000 /* O_CLOEXEC */);
            return new int[] {Native.intAt(fds, 0), Native.intAt(fds, 4)};
        }
    }

    /** close_range(2) with flags (CLOSE_RANGE_CLOEXEC = 4). */
    public static void closeRange(int first, int last, int flags) {
        Native.syscall("close_range", CLOSE_RANGE, first, Integer.toUnsignedLong(last), flags);
    }

    /** chdir(2). */
    public static void chdir(String dir) {
        try (Arena a = Arena.ofConfined()) {
            Native.syscall("chdir " + dir, CHDIR, str(a, dir));
        }
    }

    /** fchdir(2). */
    public static void fchdir(int fd) {
        Native.syscall("fchdir", FCHDIR, fd);
    }

    /** chroot(2). */
    public static void chroot(String dir) {
        try (Arena a = Arena.ofConfined()) {
            Native.syscall("chroot " + dir, CHROOT, str(a, dir));
        }
    }

    /** sethostname(2). */
    public static void sethostname(String name) {
        try (Arena a = Arena.ofConfined()) {
            byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Native.syscall("sethostname " + name, SETHOSTNAME, str(a, name), b.length);
        }
    }

    /** setdomainname(2). */
    public static void setdomainname(String name) {
        try (Arena a = Arena.ofConfined()) {
            byte[] b = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Native.syscall("setdomainname " + name, SETDOMAINNAME, str(a, name), b.length);
        }
    }

    /** prctl(2), for the calling thread. */
    public static int prctl(int option, long a2, long a3, long a4, long a5) {
        return (int) Native.syscall("prctl " + option, PRCTL, option, a2, a3, a4, a5);
    }

    /** kill(2). */
    public static void kill(int pid, int signal) {
        Native.syscall("kill " + pid, KILL, pid, signal);
    }

    /** waitpid(2) (wait4 without usage): the raw status of {@code pid}. */
    public static int waitpid(int pid, int options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment status = a.allocate(JAVA_INT);
            Native.syscall("waitpid " + pid, WAIT4, pid, status.address(), options, 0);
            return Native.intAt(status, 0);
        }
    }

    /** open(2). */
    public static int open(String path, int flags, int mode) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Native.syscall("open " + path, OPEN, str(a, path), flags, mode);
        }
    }

    /** close(2). */
    public static void close(int fd) {
        Native.syscall("close", CLOSE, fd);
    }

    /** write(2) of all of {@code bytes}. */
    public static void write(int fd, byte[] bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, bytes.length));
            buf.copyFrom(MemorySegment.ofArray(bytes));
            long done = 0;
            while (done < bytes.length) {
                done += Native.syscall("write", WRITE, fd, buf.address() + done, bytes.length - done);
            }
        }
    }

    /**
     * setfsgid(2) then setfsuid(2), for the calling thread only: the ids files it creates get and
     * its file accesses are checked with (the kernel answers with the previous ids, never an error).
     */
    public static void setFsIds(long uid, long gid) {
        Native.syscall("setfsgid", SETFSGID, gid);
        Native.syscall("setfsuid", SETFSUID, uid);
    }

    /** lseek(2) with SEEK_SET: the descriptor's offset becomes {@code offset}. */
    public static void seek(int fd, long offset) {
        Native.syscall("lseek", LSEEK, fd, offset, 0);
    }

    /** read(2) of up to {@code max} bytes; an empty array at end of file. */
    public static byte[] read(int fd, int max) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, max));
            long n = Native.syscall("read", READ, fd, buf.address(), max);
            return buf.asSlice(0, n).toArray(JAVA_BYTE_LAYOUT);
        }
    }

    /** mknod(2). */
    public static void mknod(String path, int mode, long dev) {
        try (Arena a = Arena.ofConfined()) {
            Native.syscall("mknod " + path, MKNOD, str(a, path), mode, dev);
        }
    }

    /** lsetxattr(2): sets extended attribute {@code name} of {@code path} (not following a symlink). */
    public static void lsetxattr(String path, String name, byte[] value) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Math.max(1, value.length));
            v.copyFrom(MemorySegment.ofArray(value));
            Native.syscall("setxattr " + name + " " + path, LSETXATTR, str(a, path), str(a, name), v.address(), value.length, 0);
        }
    }

    /** mkfifo(3), as mknod(2) of a fifo. */
    public static void mkfifo(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            Native.syscall("mkfifo " + path, MKNOD, str(a, path), S_IFIFO | mode, 0);
        }
    }

    /** umask(2): sets the mask, returns the previous one. */
    public static int umask(int mask) {
        return (int) Native.syscall("umask", UMASK, mask);
    }

    /** ioctl(2) with an integer argument. */
    public static int ioctl(int fd, long request, long arg) {
        return (int) Native.syscall("ioctl " + Long.toHexString(request), IOCTL, fd, request, arg);
    }

    /** ioctl(2) with a pointer argument. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        return ioctl(fd, request, arg.address());
    }

    /** setsid(2). */
    public static int setsid() {
        return (int) Native.syscall("setsid", SETSID);
    }


    /** dup2(2). */
    public static void dup2(int from, int to) {
        Native.syscall("dup2", DUP2, from, to);
    }

    /**
     * lgetxattr(2): the value of extended attribute {@code name} of {@code path} (symlinks not
     * followed), or null when the file has no such attribute (ENODATA) or its file system none
     * (ENOTSUP). Values longer than 4 KiB are cut.
     */
    public static byte[] lgetxattr(String path, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(4096);
            long n = Native.syscall("lgetxattr " + path, LGETXATTR, str(a, path), str(a, name), buf.address(), 4096);
            return buf.asSlice(0, n).toArray(JAVA_BYTE_LAYOUT);
        } catch (SysException e) {
            if (e.errno() == 61 /* ENODATA */ || e.errno() == 95 /* ENOTSUP */) {
                return null;
            }
            throw e;
        }
    }


    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    /** The address of {@code s} as a C string in {@code a}, or 0 for null. */
    private static long str(Arena a, String s) {
        return s == null ? 0 : Native.cString(a, s).address();
    }

    /** {@code list} as a NULL-terminated array of C strings in {@code a} (argv, envp). */
    static MemorySegment strings(Arena a, List<String> list) {
        long[] pointers = new long[list.size() + 1];   // the last stays NULL
        for (int i = 0; i < list.size(); i++) {
            pointers[i] = Native.cString(a, list.get(i)).address();
        }
        return Native.longs(a, pointers);
    }
}
