package dev.pier.image.layer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * open(2), write(2), futimens(2) and close(2) called directly through the Foreign Function and
 * Memory API, for writing the regular files of a layer. Why not the JDK's file API: it has no
 * futimens on an open channel, so setting a file's mtime costs another open and close, and its
 * exclusive create is preceded by an lstat in the applier; per file that is seven system calls
 * instead of four, for layers of tens of thousands of files. Not thread-safe: one per applier.
 */
final class NativeFiles {
    // Same values on x86_64 and aarch64. O_CREAT|O_EXCL never follows a symlink at the last component.
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_CLOEXEC = 02000000;
    private static final int EEXIST = 17;
    private static final int EINTR = 4;
    private static final Charset PATH_CHARSET = pathCharset();
    private static final Optional<Functions> FUNCTIONS = Functions.load();

    private final Functions functions;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment callState;
    private final MemorySegment times;
    private MemorySegment pathBuffer;

    private NativeFiles(Functions functions) {
        this.functions = functions;
        this.callState = arena.allocate(Functions.CALL_STATE);
        this.times = arena.allocate(ValueLayout.JAVA_LONG, 4);
        this.pathBuffer = arena.allocate(4096);
    }

    /** An instance, if the C library can be called (native access enabled, Linux). */
    static Optional<NativeFiles> open() {
        return FUNCTIONS.map(NativeFiles::new);
    }

    /**
     * Creates {@code path}, which must not exist, for writing, with permission bits
     * {@code mode & 0777} (less the umask); returns the file descriptor.
     *
     * @throws FileAlreadyExistsException if something (even a dangling symlink) is there
     */
    int createExclusive(Path path, int mode) throws IOException {
        MemorySegment cPath = cString(path);
        while (true) {
            int fd;
            try {
                fd = (int) functions.open().invokeExact(callState, cPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode & 0777);
            } catch (Throwable e) {
                throw new IOException("open " + path + ": " + e, e);
            }
            if (fd >= 0) {
                return fd;
            }
            int errno = errno();
            if (errno == EEXIST) {
                throw new FileAlreadyExistsException(path.toString());
            }
            if (errno != EINTR) {
                throw new FileSystemException(path.toString(), null, "open failed (errno " + errno + ")");
            }
        }
    }

    /** Writes all of {@code buf[off, off + len)} to {@code fd}. */
    void write(int fd, byte[] buf, int off, int len, Path path) throws IOException {
        MemorySegment data = MemorySegment.ofArray(buf);
        while (len > 0) {
            long n;
            try {
                n = (long) functions.write().invokeExact(callState, fd, data.asSlice(off, len), (long) len);
            } catch (Throwable e) {
                throw new IOException("write " + path + ": " + e, e);
            }
            if (n < 0) {
                if (errno() == EINTR) {
                    continue;
                }
                throw new FileSystemException(path.toString(), null, "write failed (errno " + errno() + ")");
            }
            off += (int) n;
            len -= (int) n;
        }
    }

    /** Sets the access and modification times of the open file to {@code seconds} and {@code nanos}. */
    void setTimes(int fd, long seconds, int nanos, Path path) throws IOException {
        times.setAtIndex(ValueLayout.JAVA_LONG, 0, seconds);
        times.setAtIndex(ValueLayout.JAVA_LONG, 1, nanos);
        times.setAtIndex(ValueLayout.JAVA_LONG, 2, seconds);
        times.setAtIndex(ValueLayout.JAVA_LONG, 3, nanos);
        int status;
        try {
            status = (int) functions.futimens().invokeExact(callState, fd, times);
        } catch (Throwable e) {
            throw new IOException("futimens " + path + ": " + e, e);
        }
        if (status != 0) {
            throw new FileSystemException(path.toString(), null, "setting the times failed (errno " + errno() + ")");
        }
    }

    /** Closes {@code fd}; a failure (an I/O error reported late) is an error of the file. */
    void close(int fd, Path path) throws IOException {
        int status;
        try {
            status = (int) functions.close().invokeExact(callState, fd);
        } catch (Throwable e) {
            throw new IOException("close " + path + ": " + e, e);
        }
        if (status != 0 && errno() != EINTR) {
            throw new FileSystemException(path.toString(), null, "close failed (errno " + errno() + ")");
        }
    }

    private int errno() {
        return (int) Functions.ERRNO.get(callState, 0L);
    }

    /** The path as the JDK encodes it for system calls, NUL-terminated, in a reused buffer. */
    private MemorySegment cString(Path path) {
        byte[] bytes = path.toString().getBytes(PATH_CHARSET);
        if (bytes.length + 1 > pathBuffer.byteSize()) {
            pathBuffer = arena.allocate(bytes.length + 1L);
        }
        MemorySegment.copy(bytes, 0, pathBuffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
        pathBuffer.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return pathBuffer;
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private record Functions(MethodHandle open, MethodHandle write, MethodHandle futimens, MethodHandle close) {
        static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

        static Optional<Functions> load() {
            if (!System.getProperty("os.name", "").equals("Linux") || Boolean.getBoolean("pier.files.jdk")) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                var errno = Linker.Option.captureCallState("errno");
                var address = ValueLayout.ADDRESS;
                var integer = ValueLayout.JAVA_INT;
                return Optional.of(new Functions(
                        linker.downcallHandle(libc.find("open").orElseThrow(),
                                FunctionDescriptor.of(integer, address, integer, integer), errno, Linker.Option.firstVariadicArg(2)),
                        // critical: the data is a Java array, written without a copy
                        linker.downcallHandle(libc.find("write").orElseThrow(),
                                FunctionDescriptor.of(ValueLayout.JAVA_LONG, integer, address, ValueLayout.JAVA_LONG),
                                errno, Linker.Option.critical(true)),
                        linker.downcallHandle(libc.find("futimens").orElseThrow(),
                                FunctionDescriptor.of(integer, integer, address), errno),
                        linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(integer, integer), errno)));
            } catch (RuntimeException e) {
                // IllegalCallerException without native access, or a C library without these symbols
                return Optional.empty();
            }
        }
    }
}
