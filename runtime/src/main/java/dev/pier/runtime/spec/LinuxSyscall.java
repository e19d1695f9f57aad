package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A seccomp rule.
 *
 * @param names the syscalls it applies to
 * @param action the action, e.g. {@code SCMP_ACT_ALLOW}
 * @param errnoRet errno for SCMP_ACT_ERRNO
 * @param args conditions on arguments (all must hold)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinuxSyscall(List<String> names, String action, Integer errnoRet, List<LinuxSeccompArg> args) {
    public LinuxSyscall {
        names = names == null ? List.of() : List.copyOf(names);
        args = args == null ? List.of() : List.copyOf(args);
    }
}
