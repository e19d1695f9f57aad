package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.ContainerInfo;
import dev.pier.runtime.container.Containers;
import dev.pier.runtime.sys.Libc;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pier-runc}: an OCI runtime with runc's command line. */
@Command(name = "pier-runc", mixinStandardHelpOptions = true, version = "pier-runc 0.1.0 (runtime-spec " + Containers.OCI_VERSION + ")",
        description = "Runs OCI containers (runtime-spec bundles) with runc's command line.")
public final class PierRunc implements Runnable {
    /** The subcommands, in the order help lists them; registered lazily (see {@link LazySubcommands}). */
    private static final List<Class<?>> COMMANDS = List.of(SpecCommand.class, CreateCommand.class, StartCommand.class,
            RunCommand.class, StateCommand.class, KillCommand.class, DeleteCommand.class, ExecCommand.class,
            ListCommand.class, PsCommand.class, PauseCommand.class, ResumeCommand.class, FeaturesCommand.class,
            CommandLine.HelpCommand.class, AotTrainingCommand.class);

    /**
     * The commands whose work needs native calls whatever the container's state: the linking of
     * those ({@link Libc#link}, 15-20 ms of a JVM's CPU) starts beside their reading of the state
     * and the bundle. start, state and delete of a stopped container make none.
     */
    private static final Set<Class<?>> NATIVE_COMMANDS = Set.of(CreateCommand.class, RunCommand.class, ExecCommand.class,
            KillCommand.class);

    @Option(names = "--root", paramLabel = "DIR", description = "Root of the containers' state (default: /run/pier-runc).")
    Path root = Path.of("/run/pier-runc");

    @Option(names = "--log", paramLabel = "FILE", description = "Also write errors to FILE.")
    Path log;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text or json (default: text).")
    String logFormat = "text";

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Option(names = "--systemd-cgroup", description = "Accepted; systemd cgroups are not supported (cgroupfs is used).")
    boolean systemdCgroup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where commands print; the same writers picocli is given. */
    PrintWriter out;
    PrintWriter err;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Containers containers() {
        return new Containers(root.toAbsolutePath());
    }

    public static void main(String[] args) {
        // what create and the hooks write first, prepared while the command line is parsed
        Thread.ofPlatform().daemon().name("prepare").start(() -> {
            Json.prepareParser();
            Json.prepareBindings(ContainerInfo.class);
        });
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(out, err, args);
        out.flush();
        err.flush();
        // halt rather than exit: pier-runc registers no shutdown hook, and exit first sets up the
        // JDK's System.Logger to log the call at DEBUG level (milliseconds, for a message nobody reads)
        Runtime.getRuntime().halt(status);
    }

    /** Runs the command line; returns the exit status (0, 1 on errors, the container's for run). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        PierRunc runc = new PierRunc();
        runc.out = out;
        runc.err = err;
        var quick = QuickCommands.parse(runc, args);
        if (quick.isPresent() && NATIVE_COMMANDS.contains(quick.get().getClass())) {
            Libc.linkInBackground();
        }
        if (quick.isPresent()) {
            try {
                return quick.get().call();
            } catch (Exception e) {
                return RuncErrors.report(runc, e, err);
            }
        }
        runc = new PierRunc();   // picocli sets the options itself
        runc.out = out;
        runc.err = err;
        CommandLine cli = new CommandLine(runc);
        // first: what is set on the command line below is passed on to the subcommands there are
        LazySubcommands.register(cli, COMMANDS, args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new RuncErrors(runc));
        // every subcommand answers --help, as runc's do
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        // exec ID sh -c ...: what follows the container belongs to the command
        for (String name : List.of("exec", "ps")) {
            CommandLine sub = cli.getSubcommands().get(name);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pier-runc: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
