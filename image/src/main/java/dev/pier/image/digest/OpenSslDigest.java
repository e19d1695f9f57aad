package dev.pier.image.digest;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * SHA-256 and SHA-512 computed by the system's OpenSSL (libcrypto), called through the Foreign
 * Function and Memory API. Why: Pier's commands are short-lived JVMs, and the JDK's own SHA-2 is
 * fast (SHA-NI) only once C2 has compiled it; until then it runs interpreted or as C1 code, about
 * eight times slower, and a 300 MB unpack or copy hashes most of its bytes in that window.
 * OpenSSL's code is at full speed from the first byte. Results are identical (checked in tests);
 * where libcrypto cannot be loaded, {@link DigestAlgorithm} uses the JDK's digests instead.
 *
 * <p>The context is OpenSSL's plain {@code SHA256_CTX}/{@code SHA512_CTX} struct, held in memory
 * the garbage collector frees, so nothing needs closing; cloning copies it.
 */
final class OpenSslDigest extends MessageDigest implements Cloneable {
    /** Larger than SHA512_CTX (216 bytes) and SHA256_CTX (112 bytes): room for any build's padding. */
    private static final long CONTEXT_BYTES = 256;
    private static final Optional<Library> LIBRARY = Library.load();

    private final Functions functions;
    private final int length;
    private MemorySegment context;

    private OpenSslDigest(String name, Functions functions, int length) {
        super(name);
        this.functions = functions;
        this.length = length;
        this.context = Arena.ofAuto().allocate(CONTEXT_BYTES, 8);
        engineReset();
    }

    /** A native digest for {@code algorithm}, if libcrypto could be loaded. */
    static Optional<MessageDigest> create(DigestAlgorithm algorithm) {
        return LIBRARY.map(library -> switch (algorithm) {
            case SHA256 -> new OpenSslDigest("SHA-256", library.sha256(), 32);
            case SHA512 -> new OpenSslDigest("SHA-512", library.sha512(), 64);
        });
    }

    @Override
    protected int engineGetDigestLength() {
        return length;
    }

    @Override
    protected void engineUpdate(byte input) {
        engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        if (len > 0) {
            update(MemorySegment.ofArray(input).asSlice(offset, len));
        }
    }

    @Override
    protected void engineUpdate(ByteBuffer input) {
        if (input.hasArray()) {
            engineUpdate(input.array(), input.arrayOffset() + input.position(), input.remaining());
            input.position(input.limit());
        } else {
            update(MemorySegment.ofBuffer(input));
            input.position(input.limit());
        }
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[length];
        int status;
        try {
            status = (int) functions.finish().invokeExact(MemorySegment.ofArray(out), context, 0L);
        } catch (Throwable e) {
            throw failed(e);
        }
        check(status);
        engineReset();
        return out;
    }

    @Override
    protected void engineReset() {
        int status;
        try {
            status = (int) functions.init().invokeExact(context, MemorySegment.NULL, 0L);
        } catch (Throwable e) {
            throw failed(e);
        }
        check(status);
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        OpenSslDigest copy = (OpenSslDigest) super.clone();
        copy.context = Arena.ofAuto().allocate(CONTEXT_BYTES, 8).copyFrom(context);
        return copy;
    }

    private void update(MemorySegment data) {
        int status;
        try {
            status = (int) functions.update().invokeExact(context, data, data.byteSize());
        } catch (Throwable e) {
            throw failed(e);
        }
        check(status);
    }

    private static IllegalStateException failed(Throwable e) {
        return new IllegalStateException("libcrypto call failed", e);
    }

    private static void check(int status) {
        if (status != 1) {
            throw new IllegalStateException("libcrypto's SHA-2 function returned " + status);
        }
    }

    /** SHAxxx_Init(ctx), SHAxxx_Update(ctx, data, len) and SHAxxx_Final(md, ctx) of one algorithm, all (address, address, long) -> int. */
    private record Functions(MethodHandle init, MethodHandle update, MethodHandle finish) {}

    private record Library(Functions sha256, Functions sha512) {
        static Optional<Library> load() {
            if (Boolean.getBoolean("pier.digest.jdk")) {
                return Optional.empty();
            }
            for (String name : new String[] {"libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"}) {
                try {
                    SymbolLookup lookup = SymbolLookup.libraryLookup(name, Arena.global());
                    return Optional.of(new Library(functions(lookup, "SHA256"), functions(lookup, "SHA512")));
                } catch (IllegalArgumentException | IllegalCallerException | UnsupportedOperationException e) {
                    // not this name, or native access is not enabled: try the next, then the JDK's digests
                }
            }
            return Optional.empty();
        }

        private static Functions functions(SymbolLookup lookup, String prefix) {
            Linker linker = Linker.nativeLinker();
            // One descriptor for the three functions, each given three arguments (Init ignores the last two,
            // Final the last): every distinct descriptor costs a fresh JVM a generated class and a stub when it
            // is linked, several milliseconds of CPU each (a pull's binding thread), and in the x86-64 and
            // AArch64 calling conventions a callee ignores the argument registers it does not read.
            // Critical: the data is a Java array, passed without copying; the calls are short and never call back.
            var shape = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);
            Linker.Option critical = Linker.Option.critical(true);
            return new Functions(linker.downcallHandle(find(lookup, prefix + "_Init"), shape, critical),
                    linker.downcallHandle(find(lookup, prefix + "_Update"), shape, critical),
                    linker.downcallHandle(find(lookup, prefix + "_Final"), shape, critical));
        }

        private static MemorySegment find(SymbolLookup lookup, String symbol) {
            return lookup.find(symbol).orElseThrow(() -> new IllegalArgumentException("libcrypto lacks " + symbol));
        }
    }
}
