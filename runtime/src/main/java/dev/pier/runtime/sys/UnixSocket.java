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
public final class UnixSocket {
    private static final SymbolLookup C = Native.LINKER.defaultLookup();
    private static final Native.Lazy SOCKET = Native.lazy(C, "socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy CONNECT = Native.lazy(C, "connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy SENDMSG = Native.lazy(C, "sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;

    private final int fd;

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    /** Connects to the socket at {@code path}. */
    public static UnixSocket connect(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new dev.pier.runtime.RuntimeError("socket path too long: " + path);
        }
        int fd = (int) Native.call("socket", SOCKET, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(110);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
            Native.call("connect " + path, CONNECT, fd, addr, 2 + name.length + 1);
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
        return new UnixSocket(fd);
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
            MemorySegment msg = a.allocate(56, 8);
            msg.set(ADDRESS, 16, iov);
            msg.set(JAVA_LONG, 24, 1);
            msg.set(ADDRESS, 32, control);
            msg.set(JAVA_LONG, 40, 24);
            Native.call("sendmsg", SENDMSG, fd, msg, 0);
        }
    }

    /** Closes the socket. */
    public void close() {
        Libc.close(fd);
    }
}
