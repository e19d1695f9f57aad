package dev.pier.analyze.trace;

import java.util.List;
import java.util.Optional;

/**
 * One completed system call as {@code strace -f -y} printed it.
 *
 * @param pid the host thread id that made it
 * @param name the call's name ({@code openat}, {@code execve}, ...)
 * @param args the arguments as strace wrote them, split at top-level commas
 * @param result the return value as written ({@code 0}, {@code -1}, {@code 3}, {@code ?} when the call did not return)
 * @param errno the error name ({@code ENOENT}, ...) when the call failed
 */
public record Syscall(int pid, String name, List<String> args, String result, Optional<String> errno) {
    public Syscall {
        args = List.copyOf(args);
    }

    /** Whether the call returned without an error (a call that never returned, as exit_group, counts as done). */
    public boolean succeeded() {
        return errno.isEmpty() && !result.startsWith("-1");
    }

    /** Argument {@code index} decoded as a C string, when it is a quoted string. */
    public Optional<String> string(int index) {
        return index < args.size() ? StraceArgs.decodeString(args.get(index)) : Optional.empty();
    }

    /** The path strace's {@code -y} printed beside the file descriptor in argument {@code index} ({@code AT_FDCWD</dir>}). */
    public Optional<String> fdPath(int index) {
        return index < args.size() ? StraceArgs.fdPath(args.get(index)) : Optional.empty();
    }

    /** Argument {@code index} as written, or empty. */
    public String arg(int index) {
        return index < args.size() ? args.get(index) : "";
    }
}
