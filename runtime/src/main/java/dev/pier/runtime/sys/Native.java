package dev.pier.runtime.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/** Links C functions through the FFM API with errno captured, and calls them. */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(StructLayout.PathElement.groupElement("errno"));

    private Native() {}

    /** A handle on {@code name} in {@code lookup} whose first argument is the errno capture segment. */
    static MethodHandle link(SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... more) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name));
        List<Linker.Option> options = new ArrayList<>(List.of(more));
        options.add(Linker.Option.captureCallState("errno"));
        return LINKER.downcallHandle(symbol, fd, options.toArray(Linker.Option[]::new));
    }

    /** A handle without errno capture, for functions that cannot fail. */
    static MethodHandle plain(SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... more) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("no symbol " + name));
        return LINKER.downcallHandle(symbol, fd, more);
    }

    /**
     * Calls {@code handle} with {@code args}; a negative result throws {@link SysException} naming
     * {@code what} and the errno. Returns the result as a long.
     */
    static long call(String what, MethodHandle handle, Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            Object[] all = new Object[args.length + 1];
            all[0] = state;
            System.arraycopy(args, 0, all, 1, args.length);
            Object r;
            try {
                r = handle.invokeWithArguments(all);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(what, t);
            }
            long v = ((Number) r).longValue();
            if (v < 0) {
                throw new SysException(what, (int) ERRNO.get(state, 0L));
            }
            return v;
        }
    }

    /** syscall(3), linked on first use, called with exact types (no argument spreading). */
    private static final class Syscall {
        static final MethodHandle HANDLE = link(LINKER.defaultLookup(), "syscall", FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_LONG,
                java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG,
                java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG, java.lang.foreign.ValueLayout.JAVA_LONG,
                java.lang.foreign.ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
    }

    /**
     * System call {@code number} with up to six arguments (addresses as longs); a result of -1
     * throws {@link SysException} naming {@code what} and the errno.
     */
    static long syscall(String what, long number, long... args) {
        long[] a = java.util.Arrays.copyOf(args, 6);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            long r;
            try {
                r = (long) Syscall.HANDLE.invokeExact(state, number, a[0], a[1], a[2], a[3], a[4], a[5]);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(what, t);
            }
            if (r == -1) {
                throw new SysException(what, (int) ERRNO.get(state, 0L));
            }
            return r;
        }
    }

    /**
     * A C function linked on first use: linking costs a few milliseconds each, and a run uses
     * about half of the functions. (Linking after pivot_root is fine: the library is mapped and
     * the JDK's classes come from its runtime image, opened at start.)
     */
    static final class Lazy {
        private final SymbolLookup lookup;
        private final String name;
        private final FunctionDescriptor fd;
        private final boolean errno;
        private final Linker.Option[] options;
        private volatile MethodHandle handle;

        Lazy(SymbolLookup lookup, String name, FunctionDescriptor fd, boolean errno, Linker.Option... options) {
            this.lookup = lookup;
            this.name = name;
            this.fd = fd;
            this.errno = errno;
            this.options = options;
        }

        MethodHandle handle() {
            MethodHandle h = handle;
            if (h == null) {
                h = errno ? link(lookup, name, fd, options) : plain(lookup, name, fd, options);
                handle = h;
            }
            return h;
        }
    }

    /** A lazily linked function with errno capture. */
    static Lazy lazy(SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... more) {
        return new Lazy(lookup, name, fd, true, more);
    }

    /** A lazily linked function without errno capture. */
    static Lazy lazyPlain(SymbolLookup lookup, String name, FunctionDescriptor fd, Linker.Option... more) {
        return new Lazy(lookup, name, fd, false, more);
    }

    /** {@link #call(String, MethodHandle, Object...)} of a lazily linked function. */
    static long call(String what, Lazy fn, Object... args) {
        return call(what, fn.handle(), args);
    }

    /** {@link #callPlain(MethodHandle, Object...)} of a lazily linked function. */
    static long callPlain(Lazy fn, Object... args) {
        return callPlain(fn.handle(), args);
    }

    /** Calls a handle made by {@link #plain}. */
    static long callPlain(MethodHandle handle, Object... args) {
        try {
            Object r = handle.invokeWithArguments(args);
            return r == null ? 0 : ((Number) r).longValue();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
