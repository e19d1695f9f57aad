package dev.pier.image.store;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts the kernel's write-back of a file while it is still being written, every few MiB
 * (Linux's {@code sync_file_range} with {@code SYNC_FILE_RANGE_WRITE}, which queues the pages
 * and does not wait for them), so that the {@code fsync} that makes the file durable finds
 * little left to write. Why: otherwise the kernel writes nothing back before that {@code fsync}
 * (dirty pages may wait 30 s), and a pull's blobs were all written to disk at their ends: the
 * fsyncs of its last blobs kept a pull of 191 MiB waiting 50 to 150 ms (strace, loaded machine),
 * while with write-back started early they take 10 to 20 ms. Called through FFM on a second,
 * read-only descriptor of the file (the call acts on the file's pages, whichever descriptor
 * names it). Best effort: without libc, native access or the call, or when it fails, nothing
 * happens and the {@code fsync} does all the work, as before. Not thread-safe: one per file.
 */
final class Writeback implements AutoCloseable {
    private static final long STEP = 8L << 20;
    // Same values on x86_64 and aarch64.
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final Charset PATH_CHARSET = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);
    private static final Optional<Functions> FUNCTIONS = Functions.load();
    private static final Writeback NONE = new Writeback(null, -1);

    private final Functions functions;
    private final int fd;
    private long started;

    private Writeback(Functions functions, int fd) {
        this.functions = functions;
        this.fd = fd;
    }

    /**
     * Binds the calls and makes their first invocations (on descriptor -1, which fails at once),
     * where the calling thread has time to spare: binding and a first call cost a fresh JVM about
     * 20 ms of CPU (profile of a pull), which a blob's thread would otherwise spend while the
     * others wait for the class to be initialised.
     */
    static void prepare() {
        FUNCTIONS.ifPresent(f -> {
            try {
                int ignored = (int) f.syncFileRange().invokeExact(-1L, 0L, 0L, (long) SYNC_FILE_RANGE_WRITE);
                ignored = (int) f.close().invokeExact(-1L, 0L, 0L, 0L);
            } catch (Throwable e) {
                // best effort, as every call here
            }
        });
    }

    /** Write-back for {@code file}, which exists; one that does nothing when it cannot be had. */
    static Writeback of(Path file) {
        if (FUNCTIONS.isEmpty()) {
            return NONE;
        }
        Functions f = FUNCTIONS.get();
        byte[] name = file.toString().getBytes(PATH_CHARSET);
        try (Arena arena = Arena.ofConfined()) {
            var cPath = arena.allocate(name.length + 1L);
            cPath.copyFrom(java.lang.foreign.MemorySegment.ofArray(name));
            int fd = (int) f.open().invokeExact(cPath.address(), (long) (O_RDONLY | O_CLOEXEC), 0L, 0L);
            return fd >= 0 ? new Writeback(f, fd) : NONE;
        } catch (Throwable e) {
            return NONE;
        }
    }

    /** Whether write-back is started early for this file (false: the fsync alone writes it). */
    boolean active() {
        return fd >= 0;
    }

    /** The file's first {@code end} bytes are written: queues them for the disk once a step has gathered. */
    void written(long end) {
        if (fd < 0 || end - started < STEP) {
            return;
        }
        try {
            int ignored = (int) functions.syncFileRange().invokeExact((long) fd, started, end - started, (long) SYNC_FILE_RANGE_WRITE);
        } catch (Throwable e) {
            // best effort: the fsync writes these pages
        }
        started = end;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                int ignored = (int) functions.close().invokeExact((long) fd, 0L, 0L, 0L);
            } catch (Throwable e) {
                // a read-only descriptor: nothing to lose
            }
        }
    }

    private record Functions(MethodHandle open, MethodHandle syncFileRange, MethodHandle close) {
        static Optional<Functions> load() {
            if (!System.getProperty("os.name", "").equals("Linux")) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                // One descriptor for the three calls, four integer arguments each (a descriptor costs a fresh JVM a
                // generated class and a stub when linked; see OpenSslDigest), the last two variadic for open's sake:
                // in the x86-64 and AArch64 conventions a callee reads only the registers it declares, and %al (the
                // vector register count a variadic callee reads) is zero. The path is passed as its address.
                var l = ValueLayout.JAVA_LONG;
                var shape = FunctionDescriptor.of(ValueLayout.JAVA_INT, l, l, l, l);
                var variadic = Linker.Option.firstVariadicArg(2);
                return Optional.of(new Functions(
                        linker.downcallHandle(libc.find("open").orElseThrow(), shape, variadic),
                        linker.downcallHandle(libc.find("sync_file_range").orElseThrow(), shape, variadic),
                        linker.downcallHandle(libc.find("close").orElseThrow(), shape, variadic)));
            } catch (RuntimeException e) {
                // IllegalCallerException without native access, or a C library without these symbols
                return Optional.empty();
            }
        }
    }
}
