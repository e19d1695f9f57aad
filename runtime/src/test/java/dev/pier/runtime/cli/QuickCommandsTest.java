package dev.pier.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * pier-runc parses the commands engines send most without picocli ({@link QuickCommands}); on
 * every line it takes, the command it makes must be the one picocli makes, and every line it
 * leaves alone must be one picocli handles itself (help, mistakes, other spellings).
 */
class QuickCommandsTest {
    private static final List<List<String>> TAKEN = List.of(
            List.of("create", "c1"),
            List.of("--root", "/run/x", "create", "--bundle", "/b", "--pid-file", "/p", "c1"),
            List.of("--root=/r", "--log", "/l", "--log-format", "json", "--systemd-cgroup", "create", "-b", "/b",
                    "--console-socket", "/s", "--no-pivot", "--preserve-fds", "2", "--no-new-keyring", "c1"),
            List.of("--debug", "run", "c1", "--bundle=/b", "-d"),
            List.of("run", "--keep", "--detach", "--", "c1"),
            List.of("start", "c1"),
            List.of("--root", "/r", "state", "c1"),
            List.of("kill", "c1"),
            List.of("kill", "c1", "KILL"),
            List.of("kill", "--all", "c1", "9"),
            List.of("kill", "-a", "c1"),
            List.of("delete", "c1"),
            List.of("--log-format", "text", "delete", "--force", "c1"),
            List.of("delete", "c1", "-f"),
            List.of("exec", "c1", "true"),
            List.of("--root", "/r", "exec", "--process", "/p.json", "--detach", "--pid-file", "/pid", "--console-socket", "/s", "--tty", "c1"),
            List.of("exec", "-e", "A=1", "--env=B=2", "-u", "1000:1000", "--cwd", "/w", "-d", "c1", "sh", "-c", "echo -x --y"),
            List.of("exec", "-t", "c1", "-t", "-e", "X"));

    private static final List<List<String>> LEFT = List.of(
            List.of(), List.of("--help"), List.of("--version"), List.of("create", "--help"), List.of("create"),
            List.of("create", "a", "b"), List.of("create", "--bundle"), List.of("create", "-b", "/x", "--bundle", "/y", "c"),
            List.of("create", "--preserve-fds", "two", "c"), List.of("create", "--unknown", "c"), List.of("run", "--no-new-keyring", "c"),
            List.of("kill"), List.of("kill", "c", "TERM", "extra"), List.of("kill", "c", "-9"), List.of("delete", "-ff", "c"),
            List.of("delete", "--force", "--force", "c"), List.of("--root"), List.of("--nope", "state", "c"), List.of("list"),
            List.of("exec", "--help"), List.of("exec"), List.of("exec", "-d", "-d", "c"), List.of("exec", "--unknown", "c"),
            List.of("exec", "--", "c", "sh"), List.of("exec", "c", "sh", "--", "x"), List.of("exec", "--tty=true", "c"),
            List.of("spec"), List.of("help", "run"), List.of("state", "--root", "/x", "c"));

    @Test
    void makesTheCommandPicocliMakes() throws Exception {
        for (List<String> line : TAKEN) {
            String[] args = line.toArray(String[]::new);
            PierRunc quickRunc = new PierRunc();
            Callable<Integer> quick = QuickCommands.parse(quickRunc, args).orElseThrow(() -> new AssertionError("declined " + line));
            PierRunc picoRunc = new PierRunc();
            Object pico = picocli(picoRunc, args);
            assertThat(quick).as(line.toString()).hasSameClassAs(pico);
            assertThat(fields(quickRunc, quick)).as(line.toString()).isEqualTo(fields(picoRunc, pico));
        }
    }

    @Test
    void leavesEverythingElseToPicocli() {
        for (List<String> line : LEFT) {
            assertThat(QuickCommands.parse(new PierRunc(), line.toArray(String[]::new))).as(line.toString()).isEmpty();
        }
    }

    /** The subcommand object picocli parses {@code args} into (nothing is run). */
    private static Object picocli(PierRunc runc, String[] args) {
        CommandLine cli = new CommandLine(runc);
        LazySubcommands.register(cli, List.of(CreateCommand.class, RunCommand.class, StartCommand.class, StateCommand.class,
                KillCommand.class, DeleteCommand.class, ExecCommand.class), args);
        CommandLine exec = cli.getSubcommands().get("exec");
        if (exec != null) {
            exec.setStopAtPositional(true);   // as PierRunc sets it
        }
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return parsed.subcommand().commandSpec().userObject();
    }

    /** What a command would act on: the global options and its own values. */
    private static Map<String, Object> fields(PierRunc runc, Object command) {
        Map<String, Object> f = new java.util.TreeMap<>();
        f.put("root", runc.root);
        f.put("log", String.valueOf(runc.log));
        f.put("logFormat", runc.logFormat);
        f.put("debug", runc.debug);
        f.put("systemdCgroup", runc.systemdCgroup);
        CreateOptions o = switch (command) {
            case RunCommand r -> {
                f.put("detach", r.detach);
                f.put("keep", r.keep);
                yield r.options;
            }
            case CreateCommand c -> {
                f.put("noNewKeyring", c.noNewKeyring);
                yield c.options;
            }
            default -> null;
        };
        if (o != null) {
            f.put("id", o.id);
            f.put("bundle", o.bundle);
            f.put("pidFile", String.valueOf(o.pidFile));
            f.put("consoleSocket", String.valueOf(o.consoleSocket));
            f.put("noPivot", o.noPivot);
            f.put("preserveFds", o.preserveFds);
        }
        switch (command) {
            case StartCommand s -> f.put("id", s.id);
            case StateCommand s -> f.put("id", s.id);
            case KillCommand k -> {
                f.put("id", k.id);
                f.put("signal", k.signal);
                f.put("all", k.all);
            }
            case DeleteCommand d -> {
                f.put("id", d.id);
                f.put("force", d.force);
            }
            case ExecCommand e -> {
                f.put("id", e.id);
                f.put("command", e.command);
                f.put("process", String.valueOf(e.processFile));
                f.put("tty", e.tty);
                f.put("consoleSocket", String.valueOf(e.consoleSocket));
                f.put("env", e.env);
                f.put("cwd", String.valueOf(e.cwd));
                f.put("user", String.valueOf(e.user));
                f.put("detach", e.detach);
                f.put("pidFile", String.valueOf(e.pidFile));
            }
            default -> { }
        }
        f.put("parent", command instanceof RunCommand r ? r.runc == runc
                : command instanceof CreateCommand c ? c.runc == runc
                : command instanceof StartCommand s ? s.runc == runc
                : command instanceof StateCommand s ? s.runc == runc
                : command instanceof KillCommand k ? k.runc == runc
                : command instanceof ExecCommand e ? e.runc == runc
                : ((DeleteCommand) command).runc == runc);
        return f;
    }
}
