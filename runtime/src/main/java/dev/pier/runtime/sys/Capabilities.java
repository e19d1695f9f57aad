package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.pier.runtime.RuntimeError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.List;

/** Capability names and numbers, and capget/capset of the calling thread. */
public final class Capabilities {
    /** The capabilities by number, as capability.h names them (0 to 40). */
    public static final List<String> NAMES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
            "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
            "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
            "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
            "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private static final long SYS_CAPGET = 125;
    private static final long SYS_CAPSET = 126;

    /** {@link #lastCap()} once read; -1 before. */
    private static volatile int lastCap = -1;

    private Capabilities() {}

    /** The number of a capability name ({@code CAP_CHOWN} or {@code chown}). */
    public static int number(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT);
        int i = NAMES.indexOf(n.startsWith("CAP_") ? n : "CAP_" + n);
        if (i < 0) {
            throw new RuntimeError("unknown capability " + name);
        }
        return i;
    }

    /** The bit mask of the named capabilities. */
    public static long mask(Collection<String> names) {
        long m = 0;
        for (String n : names) {
            m |= 1L << number(n);
        }
        return m;
    }

    /**
     * The highest capability number the kernel knows (/proc/sys/kernel/cap_last_cap), read once:
     * it is fixed at boot, and callers ask in loops (a read through /proc costs a fraction of a
     * millisecond; a container's start asked about 80 times).
     */
    public static int lastCap() {
        int last = lastCap;
        if (last < 0) {
            try {
                last = Integer.parseInt(ProcFiles.read(java.nio.file.Path.of("/proc/sys/kernel/cap_last_cap")).trim());
            } catch (java.io.IOException | NumberFormatException e) {
                last = NAMES.size() - 1;
            }
            lastCap = last;
        }
        return last;
    }


    /** capget(2): the calling thread's sets as {effective, permitted, inheritable}, 64 bits each. */
    public static long[] get() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment header = a.allocate(8);
            header.set(JAVA_INT, 0, 0x20080522);
            MemorySegment data = a.allocate(24);
            Native.syscall("capget", SYS_CAPGET, header.address(), data.address());
            long[] sets = new long[3];
            for (int i = 0; i < 3; i++) {
                sets[i] = Integer.toUnsignedLong(data.get(JAVA_INT, i * 4L)) | (Integer.toUnsignedLong(data.get(JAVA_INT, 12 + i * 4L)) << 32);
            }
            return sets;
        }
    }

    /** capset(2) of the calling thread. */
    public static void set(long effective, long permitted, long inheritable) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment header = a.allocate(8);
            header.set(JAVA_INT, 0, 0x20080522);
            MemorySegment data = a.allocate(24);
            long[] sets = {effective, permitted, inheritable};
            for (int i = 0; i < 3; i++) {
                data.set(JAVA_INT, i * 4L, (int) sets[i]);
                data.set(JAVA_INT, 12 + i * 4L, (int) (sets[i] >>> 32));
            }
            Native.syscall("capset", SYS_CAPSET, header.address(), data.address());
        }
    }

}
