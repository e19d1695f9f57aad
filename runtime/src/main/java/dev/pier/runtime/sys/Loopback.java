package dev.pier.runtime.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Brings the loopback interface of another network namespace up, as {@code ip link set lo up}
 * would there: a thread of its own joins the namespace (a thread may join a network namespace
 * alone), and SIOCGIFFLAGS/SIOCSIFFLAGS on a datagram socket made there set IFF_UP. No process is
 * started, so it costs microseconds rather than a fork and two exec.
 */
public final class Loopback {
    private static final long SOCKET = 41;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1;
    private static final int IFREQ_SIZE = 40;
    private static final int IFR_FLAGS = 16;

    private Loopback() {}

    /** Sets lo up in the network namespace at {@code netns} (a /proc/PID/ns/net path); throws {@link SysException}. */
    public static void up(String netns) throws InterruptedException {
        int nsfd = Libc.open(netns, Flags.O_RDONLY | Flags.O_CLOEXEC, 0);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            Thread t = Thread.ofPlatform().name("pier-lo").start(() -> {
                try {
                    Libc.setns(nsfd, Flags.CLONE_NEWNET);
                    upHere();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            t.join();   // the thread ends with it, in the container's namespace
        } finally {
            Libc.close(nsfd);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * Sets lo up in the calling thread's network namespace (a container's init, or the thread
     * that made the container's namespaces); throws {@link SysException}.
     */
    public static void upHere() {
        int fd = (int) Native.syscall("socket", SOCKET, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(IFREQ_SIZE, 8);
            byte[] name = "lo".getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(MemorySegment.ofArray(name), 0, ifr, 0, name.length);
            Native.syscall("ioctl SIOCGIFFLAGS lo", 16, fd, SIOCGIFFLAGS, ifr.address());
            short[] flags = new short[1];   // copied, not through a var handle (see Native)
            MemorySegment.copy(ifr, IFR_FLAGS, MemorySegment.ofArray(flags), 0, Short.BYTES);
            flags[0] |= IFF_UP;
            MemorySegment.copy(MemorySegment.ofArray(flags), 0, ifr, IFR_FLAGS, Short.BYTES);
            Native.syscall("ioctl SIOCSIFFLAGS lo", 16, fd, SIOCSIFFLAGS, ifr.address());
        } finally {
            Libc.close(fd);
        }
    }
}
