package dev.pier.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The container's process.
 *
 * @param terminal whether it gets a pseudo-terminal (sent to the console socket)
 * @param consoleSize the terminal's initial size
 * @param user the user it runs as
 * @param args the program and its arguments; {@code args[0]} is looked up in the container's PATH when relative
 * @param env the environment, {@code NAME=value}
 * @param cwd the working directory, absolute, in the container
 * @param capabilities the capability sets
 * @param rlimits the resource limits
 * @param noNewPrivileges whether {@code no_new_privs} is set
 * @param apparmorProfile the AppArmor profile entered at execve; an error where AppArmor is not enabled (as runc)
 * @param oomScoreAdj written to {@code /proc/self/oom_score_adj}
 * @param selinuxLabel the SELinux process label entered at execve; an error where SELinux is not enabled (as runc)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Process(Boolean terminal, Box consoleSize, User user, List<String> args, List<String> env, String cwd,
        LinuxCapabilities capabilities, List<Rlimit> rlimits, Boolean noNewPrivileges, String apparmorProfile,
        Integer oomScoreAdj, String selinuxLabel) {
    public Process {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
        user = user == null ? new User(0, 0, null, null) : user;
    }

    /** Whether the process gets a terminal. */
    public boolean isTerminal() {
        return Boolean.TRUE.equals(terminal);
    }

    /** Whether no_new_privs is set. */
    public boolean isNoNewPrivileges() {
        return Boolean.TRUE.equals(noNewPrivileges);
    }
}
