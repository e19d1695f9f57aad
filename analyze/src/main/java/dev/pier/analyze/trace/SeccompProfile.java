package dev.pier.analyze.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A seccomp profile in Docker's JSON format, which {@code pier run --security-opt seccomp=FILE}
 * (and docker and podman) read: every call not listed fails with EPERM.
 *
 * @param defaultAction the action for calls no rule names
 * @param defaultErrnoRet the errno of that action
 * @param architectures the architectures the filter accepts
 * @param syscalls the rules
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeccompProfile(String defaultAction, Integer defaultErrnoRet, List<String> architectures, List<Rule> syscalls) {
    /**
     * Calls allowed whatever the trace showed: {@code execve}, the runtime's last call, made under
     * the filter; and the calls of exits and signal returns, which a short run may not reach.
     */
    public static final Set<String> BASELINE = Set.of("execve", "exit", "exit_group", "rt_sigreturn", "restart_syscall");
    /**
     * Calls the runtime's init — a JVM thread — may make between loading the filter and execve
     * besides those the trace saw there: memory management, locking and signal masks.
     */
    public static final Set<String> RUNTIME = Set.of("futex", "mmap", "munmap", "mprotect", "madvise", "rt_sigprocmask", "sched_yield");
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    /**
     * A rule.
     *
     * @param names the calls it applies to
     * @param action {@code SCMP_ACT_ALLOW} or {@code SCMP_ACT_ERRNO}
     * @param errnoRet the errno for {@code SCMP_ACT_ERRNO}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(List<String> names, String action, Integer errnoRet) {}

    /**
     * The profile allowing the calls in {@code trace}, {@link #BASELINE} and {@link #RUNTIME}. A call that only ever
     * failed with ENOSYS keeps failing with ENOSYS rather than EPERM: that is how the program saw
     * it (clone3 under the default profile, so glibc falls back to clone), and programs treat
     * ENOSYS as "use the older call", EPERM as an error.
     */
    public static SeccompProfile of(TraceReader.Trace trace, List<String> architectures) {
        Set<String> enosys = onlyEnosys(trace.calls());
        Set<String> made = new TreeSet<>();
        trace.calls().forEach(c -> made.add(c.name()));
        made.removeAll(enosys);
        return allowing(made, enosys, trace.startup(), architectures);
    }

    /**
     * The profile allowing {@code made}, {@code startup} (the runtime's calls after loading the
     * filter), {@link #BASELINE} and {@link #RUNTIME}, and answering {@code enosys} with ENOSYS;
     * every other call fails with EPERM.
     */
    public static SeccompProfile allowing(Collection<String> made, Collection<String> enosys, Collection<String> startup,
                                          List<String> architectures) {
        Set<String> allowed = new TreeSet<>(BASELINE);
        allowed.addAll(RUNTIME);
        allowed.addAll(startup);
        allowed.addAll(made);
        allowed.removeAll(enosys);
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(List.copyOf(allowed), "SCMP_ACT_ALLOW", null));
        if (!enosys.isEmpty()) {
            rules.add(new Rule(List.copyOf(new TreeSet<>(enosys)), "SCMP_ACT_ERRNO", ENOSYS));
        }
        return new SeccompProfile("SCMP_ACT_ERRNO", EPERM, List.copyOf(architectures), rules);
    }

    /** The calls of {@code calls} that only ever failed with ENOSYS. */
    public static SortedSet<String> onlyEnosys(List<Syscall> calls) {
        Map<String, Boolean> only = new HashMap<>();
        for (Syscall c : calls) {
            only.merge(c.name(), c.errno().filter(e -> e.equals("ENOSYS")).isPresent(), Boolean::logicalAnd);
        }
        SortedSet<String> enosys = new TreeSet<>();
        only.forEach((name, yes) -> {
            if (yes) {
                enosys.add(name);
            }
        });
        return enosys;
    }

    /** The names of the allowed calls. */
    public List<String> allowed() {
        return syscalls.stream().filter(r -> r.action().equals("SCMP_ACT_ALLOW")).flatMap(r -> r.names().stream()).toList();
    }
}
