package dev.pier.image.layer;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The system's libdeflate (Debian's libdeflate0), called through the Foreign Function and Memory
 * API: it decompresses a whole gzip member from memory to memory two to three times faster than
 * zlib's streaming inflate, which is what the JDK's {@code Inflater} runs. It checks the member's
 * CRC-32 and length itself. Optional: without the library, layers are inflated by the JDK.
 */
final class LibDeflate {
    private static final Optional<LibDeflate> INSTANCE = load();

    private final MethodHandle alloc;
    private final MethodHandle gzipDecompress;
    private final MethodHandle free;

    private LibDeflate(MethodHandle alloc, MethodHandle gzipDecompress, MethodHandle free) {
        this.alloc = alloc;
        this.gzipDecompress = gzipDecompress;
        this.free = free;
    }

    /** The library, if it can be loaded here. */
    static Optional<LibDeflate> get() {
        return INSTANCE;
    }

    /**
     * Decompresses the gzip member at the start of {@code in} into {@code out}.
     *
     * @return the number of bytes of {@code in} consumed and of {@code out} written, or empty
     *     when the data is not valid gzip or does not fit in {@code out} exactly
     */
    Optional<long[]> gunzip(MemorySegment in, MemorySegment out) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actual = arena.allocate(ValueLayout.JAVA_LONG, 2);
            MemorySegment decompressor = (MemorySegment) alloc.invokeExact();
            if (decompressor.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate_alloc_decompressor");
            }
            int result;
            try {
                result = (int) gzipDecompress.invokeExact(decompressor, in, in.byteSize(), out, out.byteSize(),
                        actual, actual.asSlice(ValueLayout.JAVA_LONG.byteSize()));
            } finally {
                free.invokeExact(decompressor);
            }
            if (result != 0) {   // LIBDEFLATE_BAD_DATA, _SHORT_OUTPUT or _INSUFFICIENT_SPACE
                return Optional.empty();
            }
            return Optional.of(new long[] {actual.getAtIndex(ValueLayout.JAVA_LONG, 0), actual.getAtIndex(ValueLayout.JAVA_LONG, 1)});
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libdeflate call failed", e);
        }
    }

    private static Optional<LibDeflate> load() {
        if (Boolean.getBoolean("pier.inflate.jdk")) {
            return Optional.empty();
        }
        try {
            SymbolLookup lib = SymbolLookup.libraryLookup("libdeflate.so.0", Arena.global());
            Linker linker = Linker.nativeLinker();
            var address = ValueLayout.ADDRESS;
            var size = ValueLayout.JAVA_LONG;
            return Optional.of(new LibDeflate(
                    linker.downcallHandle(lib.find("libdeflate_alloc_decompressor").orElseThrow(), FunctionDescriptor.of(address)),
                    linker.downcallHandle(lib.find("libdeflate_gzip_decompress_ex").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, address, address, size, address, size, address, address)),
                    linker.downcallHandle(lib.find("libdeflate_free_decompressor").orElseThrow(), FunctionDescriptor.ofVoid(address))));
        } catch (IllegalArgumentException | IllegalCallerException | java.util.NoSuchElementException e) {
            return Optional.empty();   // no libdeflate.so.0, or native access not enabled
        }
    }
}
