// Compresses one file to gzip level 6 in memory, several times in one JVM, and prints the output
// size, wall time and process CPU time of each run (the first run includes JIT warm-up). Run as a
// single-file program on the image module's class path (build it first):
//   java -cp image/target/classes:$(ls ~/.m2/repository/com/github/luben/zstd-jni/*/zstd-jni-*.jar | tail -1) \
//        [-XX:ActiveProcessorCount=N] bench/GzipLayer.java MODE FILE [RUNS [BLOCK_SIZE]]
// MODE: jdk         one java.util.zip.GZIPOutputStream (how Pier compressed layers before)
//       pier        Compression.GZIP (ParallelGzipOutputStream: one thread per processor, so
//                   -XX:ActiveProcessorCount=1 gives its single-thread cost); with BLOCK_SIZE,
//                   ParallelGzipOutputStream's package-private constructor with that block size
//       libdeflate  1 MiB blocks, each a gzip member of its own, by libdeflate_gzip_compress on one
//                   thread per processor (the alternative that was measured and not taken; needs
//                   --enable-native-access=ALL-UNNAMED and libdeflate0)
import dev.pier.image.layer.Compression;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

public class GzipLayer {
    public static void main(String[] a) throws Exception {
        String mode = a[0];
        byte[] data = Files.readAllBytes(Path.of(a[1]));
        int runs = a.length > 2 ? Integer.parseInt(a[2]) : 3;
        int blockSize = a.length > 3 ? Integer.parseInt(a[3]) : 0;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs; run++) {
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long size = mode.equals("libdeflate") ? libdeflate(data) : stream(mode, data, blockSize);
            System.out.printf("%s processors=%d block=%d in=%d out=%d wall_ms=%d cpu_ms=%d%n", mode,
                    Runtime.getRuntime().availableProcessors(), blockSize, data.length, size,
                    (System.nanoTime() - wall0) / 1_000_000, (os.getProcessCpuTime() - cpu0) / 1_000_000);
        }
    }

    private static long stream(String mode, byte[] data, int blockSize) throws Exception {
        long[] count = {0};
        OutputStream sink = new OutputStream() {
            @Override public void write(int b) { count[0]++; }
            @Override public void write(byte[] b, int off, int len) { count[0] += len; }
        };
        try (OutputStream gz = switch (mode) {
            case "jdk" -> new GZIPOutputStream(sink, 64 * 1024);
            case "pier" -> blockSize == 0 ? Compression.GZIP.compress(sink, 6) : withBlockSize(sink, blockSize);
            default -> throw new IllegalArgumentException("mode: jdk, pier or libdeflate");
        }) {
            // 64 KiB writes, as LayerWriter's buffer hands them over
            for (int off = 0; off < data.length; off += 64 * 1024) {
                gz.write(data, off, Math.min(64 * 1024, data.length - off));
            }
        }
        return count[0];
    }

    private static OutputStream withBlockSize(OutputStream sink, int blockSize) throws Exception {
        var constructor = Class.forName("dev.pier.image.layer.ParallelGzipOutputStream")
                .getDeclaredConstructor(OutputStream.class, int.class, int.class, int.class);
        constructor.setAccessible(true);
        return (OutputStream) constructor.newInstance(sink, 6, blockSize, Runtime.getRuntime().availableProcessors());
    }

    private static long libdeflate(byte[] data) throws Exception {
        SymbolLookup lib = SymbolLookup.libraryLookup("libdeflate.so.0", Arena.global());
        Linker linker = Linker.nativeLinker();
        MethodHandle alloc = linker.downcallHandle(lib.find("libdeflate_alloc_compressor").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle gzip = linker.downcallHandle(lib.find("libdeflate_gzip_compress").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        MethodHandle free = linker.downcallHandle(lib.find("libdeflate_free_compressor").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        int block = 1 << 20;
        try (Arena arena = Arena.ofShared();
             ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            MemorySegment in = arena.allocate(data.length);
            MemorySegment.copy(data, 0, in, ValueLayout.JAVA_BYTE, 0, data.length);
            List<Future<Long>> members = new ArrayList<>();
            for (long off = 0; off < data.length; off += block) {
                long at = off;
                long n = Math.min(block, data.length - off);
                members.add(pool.submit(() -> {
                    try (Arena out = Arena.ofConfined()) {
                        MemorySegment compressor = (MemorySegment) alloc.invokeExact(6);
                        MemorySegment buf = out.allocate(n + n / 8 + 1024);
                        long size = (long) gzip.invokeExact(compressor, in.asSlice(at, n), n, buf, buf.byteSize());
                        free.invokeExact(compressor);
                        return size;
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            long total = 0;
            for (Future<Long> member : members) {
                total += member.get();
            }
            return total;
        }
    }
}
