package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.SymbolLookup;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * fanotify(7) notifications of executions ({@code FAN_OPEN_EXEC}, Linux 5.0) on whole mounts,
 * read without blocking. Needs CAP_SYS_ADMIN in the initial user namespace (Pier runs containers as
 * root). A mount is named by any path on it, also one through {@code /proc/PID/root}, so the
 * mounts of a container's mount namespace can be watched from the host.
 */
public final class Fanotify implements AutoCloseable {
    private static final SymbolLookup C = Native.LINKER.defaultLookup();
    private static final Native.Lazy INIT = Native.lazy(C, "fanotify_init", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Native.Lazy MARK = Native.lazy(C, "fanotify_mark",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS));
    private static final int FAN_CLASS_NOTIF = 0;
    private static final int FAN_CLOEXEC = 1;
    private static final int FAN_NONBLOCK = 2;
    private static final int FAN_MARK_ADD = 1;
    private static final int FAN_MARK_MOUNT = 0x10;
    private static final long FAN_OPEN_EXEC = 0x1000;
    private static final int AT_FDCWD = -100;
    private static final int O_LARGEFILE = 0100000;
    private static final int EAGAIN = 11;
    private static final int METADATA_BYTES = 24;

    private final int fd;

    private Fanotify(int fd) {
        this.fd = fd;
    }

    /**
     * An execution seen on a watched mount.
     *
     * @param path the executed file, as the process that executed it sees it (its mount namespace's path)
     * @param pid the process, in this process's pid namespace
     */
    public record Execution(String path, int pid) {}

    /** A new fanotify group for notifications; {@link SysException} where fanotify is missing or not permitted. */
    public static Fanotify open() {
        return new Fanotify((int) Native.call("fanotify_init", INIT, FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK,
                Flags.O_RDONLY | O_LARGEFILE | Flags.O_CLOEXEC));
    }

    /** Reports executions of files on the mount that {@code pathOnMount} is on. */
    public void watchExecutions(Path pathOnMount) {
        try (Arena a = Arena.ofConfined()) {
            Native.call("fanotify_mark " + pathOnMount, MARK, fd, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN_EXEC, AT_FDCWD,
                    a.allocateFrom(pathOnMount.toString()));
        }
    }

    /** The executions queued since the last call; empty when there are none (it never blocks). */
    public List<Execution> poll() {
        List<Execution> out = new ArrayList<>();
        while (true) {
            byte[] bytes;
            try {
                bytes = Libc.read(fd, 64 * METADATA_BYTES);
            } catch (SysException e) {
                if (e.errno() == EAGAIN) {
                    return out;
                }
                throw e;
            }
            if (bytes.length == 0) {
                return out;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            for (int at = 0; at + METADATA_BYTES <= bytes.length; ) {
                int length = b.getInt(at);
                int eventFd = b.getInt(at + 16);
                int pid = b.getInt(at + 20);
                if (eventFd >= 0) {
                    out.add(new Execution(pathOf(eventFd), pid));
                }
                at += Math.max(length, METADATA_BYTES);
            }
        }
    }

    /** The path of an event's descriptor, which is closed. */
    private static String pathOf(int eventFd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + eventFd)).toString();
        } catch (IOException e) {
            return "(unknown)";
        } finally {
            Libc.close(eventFd);
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
