package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;

/**
 * A connected AF_UNIX stream socket that can pass a file descriptor (SCM_RIGHTS), which
 * {@code java.nio}'s unix domain sockets cannot: the console-socket protocol of runc.
 */
public final class UnixSocket implements AutoCloseable {
    private static final SymbolLookup C = Native.LINKER.defaultLookup();
    private static final Native.Lazy SOCKET = Native.lazy(C, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy CONNECT = Native.lazy(C, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy SENDMSG = Native.lazy(C, "sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy RECVMSG = Native.lazy(C, "recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy BIND = Native.lazy(C, "bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy LISTEN = Native.lazy(C, "listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy ACCEPT4 = Native.lazy(C, "accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;

    private int fd;

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to the socket at {@code path}. */
    public static UnixSocket connect(String path) {
        return new UnixSocket(bound(path, CONNECT, "connect "));
    }

    /**
     * Binds a socket to {@code path} (which must not exist) and listens: the receiving side of
     * the console-socket protocol. A peer can connect and send before {@link #accept} is called.
     */
    public static UnixSocket listen(String path) {
        int fd = bound(path, BIND, "bind ");
        try {
            Native.call("listen " + path, LISTEN, fd, 1);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        return new UnixSocket(fd);
    }

    /** A new socket, connected ({@code connect}) or bound ({@code bind}) to {@code path}. */
    private static int bound(String path, Native.Lazy call, String what) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new dev.pier.runtime.RuntimeError("socket path too long: " + path);
        }
        int fd = (int) Native.call("socket", SOCKET, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(110);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
            Native.call(what + path, call, fd, addr, 2 + name.length + 1);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        return fd;
    }

    /** Waits for a peer of this listening socket; returns the connection. */
    public UnixSocket accept() {
        return new UnixSocket((int) Native.call("accept", ACCEPT4, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC));
    }

    /**
     * Receives one message and the descriptor attached to it (close-on-exec); throws when the
     * peer closed the connection or attached none.
     */
    public int receiveFd() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment data = a.allocate(4096);
            MemorySegment iov = a.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, data.byteSize());
            MemorySegment control = a.allocate(24, 8);
            MemorySegment msg = msghdr(a, iov, control);
            long n = Native.call("recvmsg", RECVMSG, fd, msg, MSG_CMSG_CLOEXEC);
            long controlLen = msg.get(JAVA_LONG, 40);
            if (n == 0 || controlLen < 20 || control.get(JAVA_INT, 8) != SOL_SOCKET || control.get(JAVA_INT, 12) != SCM_RIGHTS) {
                throw new dev.pier.runtime.RuntimeError("the console socket's peer sent no descriptor");
            }
            return control.get(JAVA_INT, 16);
        }
    }

    /** A {@code struct msghdr} of one iovec and a control buffer of one descriptor. */
    private static MemorySegment msghdr(Arena a, MemorySegment iov, MemorySegment control) {
        MemorySegment msg = a.allocate(56, 8);
        msg.set(ADDRESS, 16, iov);
        msg.set(JAVA_LONG, 24, 1);
        msg.set(ADDRESS, 32, control);
        msg.set(JAVA_LONG, 40, control.byteSize());
        return msg;
    }

    /** Sends {@code message} with the descriptor {@code passed} attached. */
    public void sendFd(String message, int passed) {
        try (Arena a = Arena.ofConfined()) {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            MemorySegment data = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, data, JAVA_BYTE, 0, bytes.length);
            MemorySegment iov = a.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, Math.max(1, bytes.length));
            MemorySegment control = a.allocate(24, 8);   // CMSG_SPACE(sizeof(int))
            control.set(JAVA_LONG, 0, 20);                // CMSG_LEN(sizeof(int))
            control.set(JAVA_INT, 8, SOL_SOCKET);
            control.set(JAVA_INT, 12, SCM_RIGHTS);
            control.set(JAVA_INT, 16, passed);
            MemorySegment msg = msghdr(a, iov, control);
            Native.call("sendmsg", SENDMSG, fd, msg, 0);
        }
    }

    /** Closes the socket (once: a second close does nothing). */
    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
        }
    }
}
