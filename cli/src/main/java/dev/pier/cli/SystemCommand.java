package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import dev.pier.runtime.engine.ContainerControl;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier system prune}: like {@code podman system prune}, for what Pier keeps. */
@Command(name = "system", description = "Manage Pier's storage as a whole.", subcommands = SystemCommand.Prune.class)
final class SystemCommand implements Runnable {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "prune", description = {"Remove every exited container, then what pier image prune removes:",
            "extracted layers and blobs nothing uses any more. Asks first, unless -f."})
    static final class Prune implements Callable<Integer> {
        @ParentCommand
        SystemCommand parent;

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = parent.spec.commandLine().getOut();
            if (!force && !confirmed(out)) {
                return ExitCode.OK;
            }
            ContainerEngine engine = new ContainerEngine(parent.pier.storeRoot());
            ContainerControl control = engine.control();
            out.println("Deleted Containers");
            for (ContainerRecord r : engine.containers().list()) {
                if (r.status().equals("exited")) {
                    control.remove(r.id(), false);
                    out.println(r.id());
                }
            }
            out.println("Total reclaimed space: " + ByteSizes.human(ImageCommand.reclaim(parent.pier, out)));
            return ExitCode.OK;
        }

        private static boolean confirmed(PrintWriter out) throws java.io.IOException {
            out.println("WARNING! This command removes:");
            out.println("  - all stopped containers");
            out.println("  - extracted layers that no image and no container uses");
            out.println("  - blobs that no image references");
            out.print("Are you sure you want to continue? [y/N] ");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        }
    }
}
