package dev.pier.cli;

import dev.pier.image.digest.DigestAlgorithm;
import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.Manifest;
import dev.pier.image.store.BlobStore;
import dev.pier.image.store.LocalStore;
import dev.pier.runtime.cli.LazySubcommands;
import dev.pier.runtime.container.ContainerInfo;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import dev.pier.runtime.engine.DefaultSeccompProfile;
import dev.pier.runtime.engine.ShutdownHooks;
import dev.pier.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code pier} command: global options and the list of subcommands. */
@Command(name = "pier",
        mixinStandardHelpOptions = true,
        versionProvider = PierVersion.class,
        description = "A daemonless, rootless OCI container toolchain.")
public final class Pier implements Runnable {
    /** The subcommands, in the order help lists them; registered lazily (see {@link LazySubcommands}). */
    static final List<Class<?>> COMMANDS = List.of(
            BuildCommand.class,
            CopyCommand.class,
            ImportCommand.class,
            JavaCommand.class,
            InspectCommand.class,
            PullCommand.class,
            PushCommand.class,
            TagsCommand.class,
            DeleteCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            ImagesCommand.class,
            TagCommand.class,
            RmiCommand.class,
            UnpackCommand.class,
            HistoryCommand.class,
            AnalyzeCommand.class,
            SquashCommand.class,
            SlimCommand.class,
            ProfileCommand.class,
            ScanCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            LintCommand.class,
            RegistryCommand.class,
            RunCommand.class,
            PsCommand.class,
            LogsCommand.class,
            StartCommand.class,
            AttachCommand.class,
            ImageCommand.class,
            SystemCommand.class,
            StopCommand.class,
            KillCommand.class,
            RmCommand.class,
            ExecCommand.class,
            WaitCommand.class,
            CommandLine.HelpCommand.class,
            AotTrainingCommand.class);

    @Option(names = "--root", paramLabel = "DIR",
            description = "Local store root (default: $PIER_ROOT, /var/lib/pier as root, ~/.local/share/pier otherwise).")
    Path root;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    private LocalStore store;
    private java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
    private java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
    private List<String> args = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The local store, opened on first use. */
    LocalStore store() {
        if (store == null) {
            store = LocalStore.open(root != null ? root : LocalStore.defaultRoot());
        }
        return store;
    }

    /** Where the commands print their results (picocli's {@code getOut()} too). */
    java.io.PrintWriter out() {
        return out;
    }

    /** Where the commands print errors and warnings (picocli's {@code getErr()} too). */
    java.io.PrintWriter err() {
        return err;
    }

    /** The command line as given, global options included (to run it again in a user namespace). */
    List<String> args() {
        return args;
    }

    /** The store root (where containers live too), without opening the store. */
    Path storeRoot() {
        return root != null ? root : LocalStore.defaultRoot();
    }

    public static void main(String[] args) {
        boolean run = List.of(args).contains("run");   // a guess is enough: preparing is never wrong, only wasted
        if (run) {
            ContainerEngine.linkNativeCalls();   // the longest: the container's first mount waits for it
        }
        Thread.ofPlatform().daemon().name("prepare-parser").start(() -> {
            Json.prepareParser();
            if (run) {
                DefaultSeccompProfile.prepare();   // opens the jar, which the container's spec reads next
            }
        });
        boolean transfer = List.of(args).stream().anyMatch(a -> a.equals("copy") || a.equals("pull") || a.equals("push"));
        if (transfer) {   // libcrypto's SHA-256 and the write-back calls, bound while the copy starts: its blobs waited for them
            DigestAlgorithm.prepareLargeDigests();
            BlobStore.prepareLargeWrites();
        }
        Thread.ofPlatform().daemon().name("prepare").start(() -> prepare(run, transfer));
        int status = run(args);
        if (!ShutdownHooks.none()) {
            System.exit(status);   // a terminal to restore, a container to abandon
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);   // see ShutdownHooks: exit would only set up a logger first
    }

    /**
     * What most commands wait for first, done on threads of their own while the command line is
     * parsed (main starts them): for {@code run} the link of the runtime's native calls, Jackson's
     * parser, and in the order a command needs them the image documents' JSON bindings and the
     * JDK's SHA-256 (every command reads a store or a registry), then for {@code run} the runtime's
     * documents. Three threads: a warm {@code pier run} reaches the store's index before one
     * thread could have done it all.
     */
    private static void prepare(boolean run, boolean transfer) {
        Json.prepareBindings(ImageIndex.class);
        DigestAlgorithm.prepareSmallDigests();
        Json.prepareBindings(Manifest.class);
        if (!transfer) {   // a transfer moves the config as a blob: binding it would only take CPU from the blobs
            Json.prepareBindings(ImageConfig.class);
        }
        if (run) {
            Json.prepareBindings(Spec.class, ContainerRecord.class, ContainerInfo.class);
        }
    }

    /** Runs the command line and returns the exit status: 0, 1 for user errors, 125 for Pier's own failures. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Every command and subcommand answers {@code --help}, as docker's and podman's do. */
    private static void withHelpOptions(CommandLine cli) {
        cli.getCommandSpec().mixinStandardHelpOptions(true);
        cli.getCommandSpec().versionProvider(new PierVersion());
        cli.getSubcommands().values().forEach(Pier::withHelpOptions);
    }

    /**
     * Runs the command line writing to the given streams (for embedding and tests). The common
     * commands are parsed without picocli ({@link QuickCommandLine}); the rest, help and every
     * mistake go to picocli.
     */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        Pier pier = new Pier().withStreams(out, err, args);
        Optional<Callable<?>> quick = CommandTable.load().flatMap(table -> QuickCommandLine.parse(pier, table, args));
        if (quick.isPresent()) {
            try {
                return quick.get().call() instanceof Integer status ? status : ExitCode.OK;
            } catch (Exception e) {
                return ErrorHandler.report(pier, e, err);
            }
        }
        return picocli(new Pier().withStreams(out, err, args), args).execute(args);   // a new Pier: picocli sets the options itself
    }

    private Pier withStreams(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        this.out = out;
        this.err = err;
        this.args = List.of(args);
        return this;
    }

    /**
     * Picocli's command line for {@code pier} with {@code args}: as {@link LazySubcommands} does,
     * only the command {@code args} name is registered, or all of them.
     */
    static CommandLine picocli(Pier pier, String... args) {
        CommandLine cli = new CommandLine(pier);
        // first: what is set on the command line below is passed on to the subcommands there are
        LazySubcommands.register(cli, COMMANDS, args);
        cli.setOut(pier.out);
        cli.setErr(pier.err);
        withHelpOptions(cli);
        // flags after the image belong to the container's command
        for (String name : List.of("run", "exec", "slim")) {
            CommandLine sub = cli.getSubcommands().get(name);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        cli.setExecutionExceptionHandler(new ErrorHandler(pier));
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("pier: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USER_ERROR;
        });
        return cli;
    }
}
