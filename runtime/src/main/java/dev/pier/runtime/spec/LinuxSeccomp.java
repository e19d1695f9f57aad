package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A seccomp profile.
 *
 * @param defaultAction the action for syscalls no rule names, e.g. {@code SCMP_ACT_ERRNO}
 * @param defaultErrnoRet errno of the default action when it is SCMP_ACT_ERRNO (default EPERM)
 * @param architectures the architectures the filter covers, e.g. {@code SCMP_ARCH_X86_64}
 * @param flags filter flags (accepted)
 * @param syscalls the rules
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSeccomp(String defaultAction, Integer defaultErrnoRet, List<String> architectures,
        List<String> flags, List<LinuxSyscall> syscalls) {
    public LinuxSeccomp {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }
}
