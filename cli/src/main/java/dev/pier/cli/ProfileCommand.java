package dev.pier.cli;

import dev.pier.analyze.profile.BehaviourProfile;
import dev.pier.analyze.profile.ProfileEnforcement;
import dev.pier.runtime.engine.SeccompProfiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pier profile}: behaviour profiles recorded by {@code pier run --record-profile}. */
@Command(name = "profile", description = "Behaviour profiles: pier run --record-profile FILE records one, pier run --profile FILE enforces it.",
        subcommands = {ProfileCommand.Show.class})
final class ProfileCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code pier profile show FILE}: what was recorded and what {@code pier run --profile} will enforce. */
    @Command(name = "show", description = "Explain a behaviour profile: what the run did, and what pier run --profile FILE enforces.")
    static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A profile written by pier run --record-profile.")
        Path file;

        @Override
        public Integer call() {
            BehaviourProfile p = BehaviourProfile.read(file);
            ProfileEnforcement e = ProfileEnforcement.of(p, SeccompProfiles.pierDefault(List.of()).architectures());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("behaviour profile %s (version %d)%n", file, p.version());
            out.printf("recorded from %s (%s)%n", p.image().name(), p.image().digest());
            out.printf("command: %s (exit status %d)%n", String.join(" ", p.command()), p.exitStatus());
            out.println();
            out.println("What the run did:");
            section(out, "executables run", p.executables());
            section(out, "files read", p.files().read());
            section(out, "paths written", p.files().written());
            section(out, "network connections attempted", p.network().stream().map(Show::connection).toList());
            out.printf("  user ids: %s; group ids: %s%n", ids(p.users().uids()), ids(p.users().gids()));
            section(out, "capabilities used", p.capabilities().entrySet().stream().map(c -> c.getKey() + " (" + c.getValue() + ")").toList());
            out.printf("  system calls (%d): %s%n", p.syscalls().made().size(), String.join(" ", p.syscalls().made()));
            out.println();
            out.println("What pier run --profile " + file + " enforces:");
            out.printf("  seccomp: %d calls allowed (%d made by the program, the rest what the runtime needs to start it); any other fails with EPERM%s%n",
                    e.seccomp().allowed().size(), p.syscalls().made().size(),
                    p.syscalls().enosys().isEmpty() ? "" : "; " + String.join(" ", p.syscalls().enosys()) + " keep failing with ENOSYS");
            out.printf("  capabilities: %s%n", e.capabilities().isEmpty() ? "none (--cap-drop ALL)" : "only " + String.join(" ", e.capabilities()));
            out.printf("  root filesystem: %s%n", !e.readOnlyRoot() ? "writable (the run wrote directly in /)"
                    : e.writable().isEmpty() ? "read-only, nothing writable" : "read-only; writable with the image's content (tmpfs): "
                    + String.join(" ", e.writable().stream().map(d -> e.executableWritable().contains(d) ? d + " (exec)" : d).toList()));
            out.printf("  network egress (bridge network): %s%n", e.egress().isEmpty() ? "nothing goes out (no connection was recorded)"
                    : "only to " + String.join(" ", e.egress().stream().map(ProfileFlags::allowEgress).toList()));
            out.println("  recorded only, not enforced: executables, files read, user ids (reads and user changes are bounded by the capabilities and the filter)");
            out.flush();
            return ExitCode.OK;
        }

        private static void section(PrintWriter out, String title, List<String> items) {
            out.printf("  %s (%d)%s%n", title, items.size(), items.isEmpty() ? ": none" : ":");
            items.forEach(i -> out.println("    " + i));
        }

        private static String connection(BehaviourProfile.Connection c) {
            String proto = c.protocol().isEmpty() ? "" : c.protocol() + " ";
            return switch (c.family()) {
                case "unix" -> proto + "unix socket " + c.address();
                case "inet6" -> proto + "[" + c.address() + "]:" + c.port();
                default -> proto + c.address() + ":" + c.port();
            };
        }

        private static String ids(List<Long> ids) {
            return ids.isEmpty() ? "none" : String.join(" ", ids.stream().map(String::valueOf).toList());
        }
    }
}
