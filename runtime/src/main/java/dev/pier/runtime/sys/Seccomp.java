package dev.pier.runtime.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSeccompArg;
import dev.pier.runtime.spec.LinuxSyscall;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A seccomp filter compiled by libseccomp (libseccomp.so.2, through FFM). Build it with
 * {@link #compile} before pivot_root (the library is loaded then); {@link #bpf} gives the program
 * that the init's last system calls install (seccomp(2)) on the thread that calls execve.
 */
public final class Seccomp {
    private static final SymbolLookup LIB = SymbolLookup.libraryLookup("libseccomp.so.2", Arena.global());
    private static final Native.Lazy INIT = Native.lazy(LIB, "seccomp_init", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final Native.Lazy ARCH_RESOLVE = Native.lazy(LIB, "seccomp_arch_resolve_name", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Native.Lazy ARCH_ADD = Native.lazy(LIB, "seccomp_arch_add", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy SYSCALL_RESOLVE = Native.lazy(LIB, "seccomp_syscall_resolve_name", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final Native.Lazy RULE_ADD = Native.lazy(LIB, "seccomp_rule_add_array",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final Native.Lazy ATTR_SET = Native.lazy(LIB, "seccomp_attr_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final Native.Lazy EXPORT_BPF = Native.lazy(LIB, "seccomp_export_bpf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Native.Lazy RELEASE = Native.lazy(LIB, "seccomp_release", FunctionDescriptor.ofVoid(ADDRESS));

    private static final int SCMP_FLTATR_CTL_NNP = 3;
    private static final List<String> OPS = List.of("", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");

    private final MemorySegment ctx;

    private Seccomp(MemorySegment ctx) {
        this.ctx = ctx;
    }

    /** Compiles {@code profile}; throws {@link RuntimeError} naming what libseccomp refused. */
    public static Seccomp compile(LinuxSeccomp profile) {
        int defaultErrno = profile.defaultErrnoRet() == null ? Errno.EPERM : profile.defaultErrnoRet();
        int defaultAction = action(profile.defaultAction(), defaultErrno);
        MemorySegment ctx = MemorySegment.ofAddress(invoke(INIT, defaultAction));
        if (ctx.equals(MemorySegment.NULL)) {
            throw new RuntimeError("seccomp: invalid default action " + profile.defaultAction());
        }
        Seccomp filter = new Seccomp(ctx);
        check("seccomp: disabling no_new_privs", (int) invoke(ATTR_SET, ctx, SCMP_FLTATR_CTL_NNP, 0));
        try (Arena a = Arena.ofConfined()) {
            for (String arch : profile.architectures()) {
                int token = (int) invoke(ARCH_RESOLVE, a.allocateFrom(arch.replaceFirst("^SCMP_ARCH_", "").toLowerCase(java.util.Locale.ROOT)));
                if (token == 0) {
                    throw new RuntimeError("seccomp: unknown architecture " + arch);
                }
                int r = (int) invoke(ARCH_ADD, ctx, token);
                if (r < 0 && r != -Errno.EEXIST) {
                    check("seccomp: adding architecture " + arch, r);
                }
            }
            for (LinuxSyscall rule : profile.syscalls()) {
                int act = action(rule.action(), rule.errnoRet() == null ? Errno.EPERM : rule.errnoRet());
                if (act == defaultAction) {
                    continue;   // libseccomp refuses rules that repeat the default action
                }
                for (String name : rule.names()) {
                    int nr = (int) invoke(SYSCALL_RESOLVE, a.allocateFrom(name));
                    if (nr == -1) {
                        continue;   // unknown on this architecture, as runc does
                    }
                    filter.addRule(a, act, nr, name, rule.args());
                }
            }
        }
        return filter;
    }

    private void addRule(Arena a, int act, int nr, String name, List<LinuxSeccompArg> args) {
        Set<Integer> indexes = new HashSet<>();
        boolean repeated = args.stream().anyMatch(arg -> !indexes.add(arg.index()));
        if (repeated) {   // libseccomp allows one comparison per argument in a rule: one rule per condition
            for (LinuxSeccompArg arg : args) {
                check("seccomp: rule for " + name, (int) invoke(RULE_ADD, ctx, act, nr, 1, conditions(a, List.of(arg))));
            }
        } else {
            MemorySegment conds = args.isEmpty() ? MemorySegment.NULL : conditions(a, args);
            check("seccomp: rule for " + name, (int) invoke(RULE_ADD, ctx, act, nr, args.size(), conds));
        }
    }

    private static MemorySegment conditions(Arena a, List<LinuxSeccompArg> args) {
        MemorySegment array = a.allocate(24L * args.size(), 8);
        for (int i = 0; i < args.size(); i++) {
            LinuxSeccompArg arg = args.get(i);
            int op = OPS.indexOf(arg.op());
            if (op <= 0) {
                throw new RuntimeError("seccomp: unknown comparison " + arg.op());
            }
            array.set(JAVA_INT, i * 24L, arg.index());
            array.set(JAVA_INT, i * 24L + 4, op);
            array.set(JAVA_LONG, i * 24L + 8, value(arg.value()));
            array.set(JAVA_LONG, i * 24L + 16, value(arg.valueTwo()));
        }
        return array;
    }


    /**
     * The filter as the BPF program (struct sock_filter[]) the kernel's seccomp(2) takes: what
     * libseccomp's seccomp_load would install, for a process that installs it itself.
     */
    public byte[] bpf() {
        int fd = Libc.memfdCreate("seccomp");
        try {
            check("seccomp: exporting the filter", (int) invoke(EXPORT_BPF, ctx, fd));
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/fd/" + fd));
        } catch (java.io.IOException e) {
            throw new RuntimeError("seccomp: reading the exported filter: " + e.getMessage(), e);
        } finally {
            Libc.close(fd);
        }
    }

    /** Frees the compiled filter. */
    public void release() {
        invoke(RELEASE, ctx);
    }

    /** The libseccomp action value of a spec action name. */
    static int action(String name, int errno) {
        return switch (name == null ? "" : name) {
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> 0;
            case "SCMP_ACT_KILL_PROCESS" -> 0x80000000;
            case "SCMP_ACT_TRAP" -> 0x00030000;
            case "SCMP_ACT_ERRNO" -> 0x00050000 | (errno & 0xffff);
            case "SCMP_ACT_TRACE" -> 0x7ff00000 | (errno & 0xffff);
            case "SCMP_ACT_LOG" -> 0x7ffc0000;
            case "SCMP_ACT_ALLOW" -> 0x7fff0000;
            default -> throw new RuntimeError("seccomp: unknown action " + name);
        };
    }

    private static long value(BigInteger v) {
        return v == null ? 0 : v.longValue();
    }

    private static void check(String what, int r) {
        if (r < 0) {
            throw new RuntimeError(what + ": " + Errno.describe(-r));
        }
    }

    private static long invoke(Native.Lazy fn, Object... args) {
        return Native.callPlain(fn, args);
    }
}
