package dev.pier.runtime.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** Links C functions through the FFM API with errno captured, and calls them. */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO = errnoOffset();

    private Native() {}

    /**
     * The one downcall handle every native call of the runtime shares: a C function taking up to
     * seven integer or pointer arguments and returning an integer, its address given at each call,
     * errno captured. Linking a handle costs milliseconds of generated code per distinct signature,
     * so syscall(3), posix_spawn and its helpers, libseccomp, termios, sockets and fanotify all go
     * through this one ({@link Lazy} for the functions looked up by name). Passing
     * unused trailing arguments, and declaring the arguments after the first variadic, is sound in
     * the x86-64 System V convention the runtime is built for: the callee ignores registers it does
     * not read, and %al (the vector register count a variadic callee reads) is set to zero.
     */
    private static final class Call {
        static final MethodHandle HANDLE = LINKER.downcallHandle(FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_LONG,
                java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG,
                java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG,
                java.lang.foreign.ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
        static final MemorySegment SYSCALL = function("syscall");
    }

    /** Where errno is in the captured call state, summed from its members rather than through a layout path. */
    private static long errnoOffset() {
        long offset = 0;
        for (var member : CAPTURE.memberLayouts()) {
            if (member.name().filter("errno"::equals).isPresent()) {
                return offset;
            }
            offset += member.byteSize();
        }
        throw new IllegalStateException("no errno in the captured call state " + CAPTURE);
    }

    /*
     * Memory is read and written here by copies between segments, one of them over a Java array,
     * not with the var handles of MemorySegment.get, set and allocateFrom, nor with the copies
     * that take an array (their type switch is linked at run time): the first use of those builds
     * layout paths and method handles, several milliseconds of CPU for a short command that makes
     * a few dozen calls (measured with CPU profiles of pier-runc run and exec).
     */

    /** {@code s} as a NUL-terminated C string (UTF-8) in {@code a}. */
    static MemorySegment cString(Arena a, String s) {
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MemorySegment m = a.allocate(bytes.length + 1L);   // zeroed: the last byte is the NUL
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, m, 0, bytes.length);
        return m;
    }

    /** The native int at {@code offset} of {@code m}. */
    static int intAt(MemorySegment m, long offset) {
        int[] value = new int[1];
        MemorySegment.copy(m, offset, MemorySegment.ofArray(value), 0, Integer.BYTES);
        return value[0];
    }

    /** {@code values} (addresses, say) as consecutive native longs in {@code a}. */
    static MemorySegment longs(Arena a, long[] values) {
        MemorySegment m = a.allocate((long) Long.BYTES * values.length, Long.BYTES);
        MemorySegment.copy(MemorySegment.ofArray(values), 0, m, 0, (long) Long.BYTES * values.length);
        return m;
    }

    /** The address of C library function {@code name}. */
    static MemorySegment function(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name));
    }

    /**
     * Calls the C function at {@code fn} with up to seven integer or pointer arguments (addresses
     * as longs) and returns its result unchecked; functions returning {@code int} are read with a
     * cast to int (the upper half of the register is undefined).
     */
    static long invoke(MemorySegment fn, long... args) {
        return invoke(fn, null, args);
    }

    private static long invoke(MemorySegment fn, MemorySegment state, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 7);
        try (Arena arena = state == null ? Arena.ofConfined() : null) {
            MemorySegment capture = state == null ? arena.allocate(CAPTURE) : state;
            return (long) Call.HANDLE.invokeExact(fn, capture, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * System call {@code number} with up to six arguments (addresses as longs); a result of -1
     * throws {@link SysException} naming {@code what} and the errno.
     */
    static long syscall(String what, long number, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 6);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            long r = invoke(Call.SYSCALL, state, number, a[0], a[1], a[2], a[3], a[4], a[5]);
            if (r == -1) {
                throw new SysException(what, intAt(state, ERRNO));
            }
            return r;
        }
    }

    /**
     * A C function of {@code lookup}, called through the shared handle ({@link #invoke}); its
     * address is looked up on first use (a run uses about half of the functions). The descriptor
     * says how to read the result: an {@code int} is the low half of the register, an address a
     * {@link MemorySegment}, void nothing. Arguments are ints, longs, shorts or segments, at most
     * seven, none of them floating point.
     */
    static final class Lazy {
        private final SymbolLookup lookup;
        private final String name;
        private final FunctionDescriptor fd;
        private volatile MemorySegment address;

        Lazy(SymbolLookup lookup, String name, FunctionDescriptor fd) {
            this.lookup = lookup;
            this.name = name;
            this.fd = fd;
        }

        MemorySegment address() {
            MemorySegment a = address;
            if (a == null) {
                a = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name));
                address = a;
            }
            return a;
        }

        long call(MemorySegment state, Object... args) {
            long r = Native.invoke(address(), state, arguments(args));
            return fd.returnLayout().map(l -> l.byteSize() == 4 ? (long) (int) r : r).orElse(0L);
        }
    }

    /** Function {@code name} of {@code lookup}; {@link #call} checks its errno, {@link #callPlain} does not. */
    static Lazy lazy(SymbolLookup lookup, String name, FunctionDescriptor fd) {
        return new Lazy(lookup, name, fd);
    }

    /** The arguments of a call through the shared handle: segments by address, numbers widened to long. */
    static long[] arguments(Object... args) {
        long[] a = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i] instanceof MemorySegment m ? m.address() : ((Number) args[i]).longValue();
        }
        return a;
    }

    /**
     * Calls {@code fn} with {@code args}; a negative result throws {@link SysException} naming
     * {@code what} and the errno. Returns the result as a long.
     */
    static long call(String what, Lazy fn, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            long v = fn.call(state, args);
            if (v < 0) {
                throw new SysException(what, intAt(state, ERRNO));
            }
            return v;
        }
    }

    /** Calls {@code fn} and returns its result unchecked. */
    static long callPlain(Lazy fn, Object... args) {
        return fn.call(null, args);
    }
}
