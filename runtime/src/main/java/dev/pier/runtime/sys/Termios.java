package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.pier.runtime.spec.Box;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.Optional;

/**
 * A terminal's settings (termios(3)) and window size, through the FFM API: what a program
 * attached to a container's pty needs to put the user's terminal in raw mode and give it back.
 *
 * @param fd the terminal's descriptor
 * @param saved the {@code struct termios} as it was read, to restore
 */
public record Termios(int fd, byte[] saved) {
    private static final SymbolLookup C = Native.LINKER.defaultLookup();
    private static final Native.Lazy ISATTY = Native.lazy(C, "isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Native.Lazy TCGETATTR = Native.lazy(C, "tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Native.Lazy TCSETATTR = Native.lazy(C, "tcsetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final Native.Lazy CFMAKERAW = Native.lazy(C, "cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));
    /** {@code sizeof(struct termios)} is 60 with glibc on x86_64 and aarch64; room to spare. */
    private static final int SIZE = 128;
    private static final int TCSANOW = 0;
    private static final long TIOCGWINSZ = 0x5413;

    public Termios {
        saved = saved.clone();
    }

    /** Whether {@code fd} is a terminal. */
    public static boolean isTerminal(int fd) {
        return Native.callPlain(ISATTY, fd) == 1;
    }

    /** The current settings of terminal {@code fd}. */
    public static Termios of(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(SIZE);
            Native.call("tcgetattr", TCGETATTR, fd, t);
            return new Termios(fd, t.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    /** Puts the terminal in raw mode (cfmakeraw(3): no echo, no line editing, no signals from keys). */
    public void makeRaw() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(SIZE);
            t.copyFrom(MemorySegment.ofArray(saved));
            Native.callPlain(CFMAKERAW, t);
            Native.call("tcsetattr", TCSETATTR, fd, TCSANOW, t);
        }
    }

    /** Gives the terminal back the settings it had when read. */
    public void restore() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(SIZE);
            t.copyFrom(MemorySegment.ofArray(saved));
            Native.call("tcsetattr", TCSETATTR, fd, TCSANOW, t);
        }
    }

    /** The window size of terminal {@code fd} (TIOCGWINSZ), if it is one and has a size. */
    public static Optional<Box> windowSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(8);
            Libc.ioctl(fd, TIOCGWINSZ, ws);
            int rows = Short.toUnsignedInt(ws.get(JAVA_SHORT, 0));
            int cols = Short.toUnsignedInt(ws.get(JAVA_SHORT, 2));
            return rows == 0 && cols == 0 ? Optional.empty() : Optional.of(new Box(rows, cols));
        } catch (SysException e) {
            return Optional.empty();
        }
    }

    /** Sets the window size of terminal {@code fd} (TIOCSWINSZ; the kernel sends SIGWINCH to its foreground group). */
    public static void setWindowSize(int fd, Box size) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(8);
            ws.set(JAVA_SHORT, 0, (short) size.height());
            ws.set(JAVA_SHORT, 2, (short) size.width());
            Libc.ioctl(fd, Flags.TIOCSWINSZ, ws);
        }
    }
}
