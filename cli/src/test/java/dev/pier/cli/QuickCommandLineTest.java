package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pier} parses its common command lines without picocli ({@link QuickCommandLine}); on
 * every line it takes, the command object it makes must be the one picocli makes, field by field
 * (mixins and the global options included), and every line it leaves alone must be one picocli
 * handles itself (help, mistakes, other spellings).
 */
class QuickCommandLineTest {
    private static final List<List<String>> TAKEN = List.of(
            // run: every option, lists repeated, defaults, the command after the image, --
            List.of("run", "busybox"),
            List.of("--root", "/s", "run", "--rm", "--network", "none", "bench/busybox:1", "true"),
            List.of("--root=/s", "--debug", "run", "--name", "n", "-d", "-i", "-t", "--init", "--init-path", "/i", "-e", "A=1", "--env", "B",
                    "--env=C=3", "--env-file", "/e1", "--env-file=/e2", "-u", "1:2", "-w", "/w", "--entrypoint", "", "--hostname", "h",
                    "-m", "64m", "--cpus", "0.5", "--pids-limit", "10", "--ulimit", "nofile=1:2", "--ulimit", "nproc=3",
                    "--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--security-opt", "seccomp=unconfined", "--privileged", "--read-only",
                    "-v", "/a:/b", "--volume", "v:/c:ro", "--tmpfs", "/t", "--net", "bridge", "-p", "80:80", "--publish", "1:2/udp",
                    "--egress", "deny", "--allow-egress", "10.0.0.0/8", "--ingress", "allow", "--pid", "host", "--ipc", "host",
                    "--secret", "s=file:/x", "--drift", "block", "--allow-dangerous", "--verify", "/k.pub", "img", "sh", "-c", "echo -x --y"),
            List.of("run", "--tls-verify", "--creds", "u:p", "--authfile", "/a", "--cert-dir", "/c", "--chunk-size", "1024",
                    "--retry-times", "3", "--registries-conf", "/r", "img"),
            List.of("run", "--tls-verify=false", "--record-profile", "/p", "img", "ls", "-l"),
            List.of("run", "--tls-verify=TRUE", "--profile", "/p", "--force-profile", "img"),
            List.of("run", "--rm", "--", "img", "--rm", "-x"),
            List.of("run", "--detach", "--interactive", "--tty", "--workdir=/w", "--user=u", "--memory=1g", "--name=", "img", "-"),
            // exec
            List.of("exec", "c1", "true"),
            List.of("--root", "/s", "exec", "-e", "A=1", "--env", "B", "--user=v", "-w", "/w", "-i", "-t", "c1", "sh", "-c", "-x"),
            List.of("exec", "--interactive", "--tty", "--workdir", "/", "c1", "ls", "-l", "--tty"),
            // ps, images
            List.of("ps"), List.of("ps", "-a"), List.of("ps", "--all", "--format", "json"), List.of("ps", "--format=table"),
            List.of("images"), List.of("--root", "/s", "images", "--format", "json"),
            List.of("--root", "ps", "images"), List.of("--debug", "--root=run", "logs", "run"),
            // stop, kill, rm, wait, logs, start
            List.of("stop", "c1"), List.of("stop", "-t", "3", "c1", "c2"), List.of("stop", "--time=0", "c1"),
            List.of("kill", "c1"), List.of("kill", "-s", "TERM", "c1", "c2"), List.of("kill", "--signal=9", "--", "c1"),
            List.of("rm", "c1"), List.of("rm", "-f", "c1", "c2", "c3"), List.of("rm", "c1", "--force"),
            List.of("wait", "c1"), List.of("wait", "c1", "c2"),
            List.of("logs", "c1"), List.of("logs", "-f", "c1"), List.of("logs", "c1", "--follow"),
            List.of("start", "c1"), List.of("start", "-a", "c1"), List.of("start", "--attach", "--interactive", "c1"), List.of("start", "c1", "c2", "-i"),
            // inspect, copy, pull, push
            List.of("inspect", "busybox"), List.of("inspect", "--raw", "--config", "--format", "json", "--tls-verify=false", "docker://r/x:1"),
            List.of("inspect", "--creds=u:p", "docker://r/x", "--tls-verify"),
            List.of("inspect", "--tls-verify", "docker://r/x"), List.of("logs", ""), List.of("run", "", "-"),
            List.of("copy", "oci:/a:t", "docker://r/x:1"),
            List.of("copy", "-a", "--platform", "linux/arm64", "--parallel", "2", "--referrers", "--src-creds", "a:b", "--dest-creds", "c:d",
                    "--src-tls-verify=false", "--dest-tls-verify", "-q", "--tls-verify=false", "--retry-times=1", "oci:/a:t", "docker://r/x:1"),
            List.of("copy", "--all", "--quiet", "--dest-tls-verify=false", "--src-tls-verify", "--chunk-size", "99", "a", "b"),
            List.of("pull", "r/x:1"), List.of("pull", "--tls-verify=false", "-a", "--platform", "linux/amd64", "--parallel=1", "-q", "docker://r/x"),
            List.of("pull", "--all", "--quiet", "--creds", "u:p", "--authfile", "/f", "--cert-dir", "/c", "--registries-conf", "/r", "x"),
            List.of("push", "x:1"), List.of("push", "--tls-verify=false", "x:1", "docker://r/x:1", "--parallel", "3", "-q"),
            List.of("push", "--quiet", "--creds", "u:p", "x:1", "oci:/o:t"),
            // others the table holds
            List.of("tag", "a", "b"), List.of("attach", "c1"), List.of("attach", "--no-stdin", "c1"));

    private static final List<List<String>> LEFT = List.of(
            List.of(), List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"), List.of("help", "run"), List.of("run", "--help"),
            List.of("run", "-h"), List.of("ps", "--help"), List.of("images", "-V"), List.of("--root"), List.of("--root", "/s"),
            List.of("--nope", "ps"), List.of("--debug", "--debug", "ps"), List.of("--root", "a", "--root", "b", "ps"), List.of("--", "ps"),
            List.of("-", "ps"), List.of("nosuch"), List.of("image", "prune"), List.of("java", "--add-modules", "a", "x"),
            List.of("history", "img"), List.of("ps", "--root", "/s"),
            // clusters, attached and = short values, unknown options
            List.of("run", "-it", "img"), List.of("run", "-eA=1", "img"), List.of("run", "-e=A", "img"), List.of("ps", "-aq"),
            List.of("run", "--nope", "img"), List.of("run", "--rm=true", "img"), List.of("ps", "--all=false"),
            // repeated single options, missing and option-like values, values that do not convert
            List.of("run", "--rm", "--rm", "img"), List.of("run", "--name", "a", "--name", "b", "img"), List.of("run", "-d", "--detach", "img"),
            List.of("run", "--name"), List.of("run", "--name", "--rm", "img"), List.of("run", "-e", "-x", "img"), List.of("run", "--cpus", "x", "img"),
            List.of("run", "--pids-limit", "1.5", "img"), List.of("stop", "-t", "soon", "c1"), List.of("copy", "--parallel", "", "a", "b"),
            List.of("run", "--verify", "a\0b", "img"),
            // booleans with optional values
            List.of("copy", "--src-tls-verify", "false", "a", "b"), List.of("copy", "--src-tls-verify", "TRUE", "a", "b"),
            List.of("inspect", "--tls-verify=maybe", "x"), List.of("inspect", "--tls-verify", "--tls-verify", "x"),
            // operands missing or too many, --, @files
            List.of("run"), List.of("run", "--rm"), List.of("exec", "c1"), List.of("exec"), List.of("stop"), List.of("wait"), List.of("logs"),
            List.of("logs", "a", "b"), List.of("copy", "a"), List.of("copy", "a", "b", "c"), List.of("push"), List.of("push", "a", "b", "c"),
            List.of("inspect"), List.of("images", "x"), List.of("ps", "x"), List.of("run", "--", "img", "--", "x"), List.of("run", "img", "--", "x"),
            List.of("run", "img", "--", "--"), List.of("exec", "c1", "sh", "--", "x", "--"), List.of("exec", "c1", "ls", "--", "-l"), List.of("rm", "--", "--", "c"),
            List.of("run", "@args"), List.of("@args"), List.of("run", "img", "@x"));

    @Test
    void makesTheCommandPicocliMakes() throws Exception {
        CommandTable table = CommandTable.load().orElseThrow();
        for (List<String> line : TAKEN) {
            assertSameCommand(table, line);
        }
    }

    /** Every option of every command the table holds, by each of its names, alone and all together, lists twice. */
    @Test
    void takesEveryOptionOfEveryCommandAsPicocliDoes() throws Exception {
        CommandTable table = CommandTable.load().orElseThrow();
        for (CommandTable.Command c : table.commands()) {
            String name = c.names().getFirst();
            List<String> operands = operands(c);
            assertSameCommand(table, concat(concat(List.of(name), required(c, null)), operands));
            assertSameCommand(table, concat(concat(List.of("--root", "/r", "--debug", name), required(c, null)), operands));
            List<String> all = new ArrayList<>(List.of(name));
            for (CommandTable.Option o : c.options()) {
                for (String spelling : o.names()) {
                    assertSameCommand(table, concat(concat(concat(List.of(name), required(c, o)), spelled(o, spelling)), operands));
                }
                all.addAll(spelled(o, o.names().getLast()));
                if (o.multi()) {
                    all.addAll(spelled(o, o.names().getFirst()));
                }
            }
            assertSameCommand(table, concat(all, operands));
        }
    }

    @Test
    void leavesEverythingElseToPicocli() {
        CommandTable table = CommandTable.load().orElseThrow();
        for (List<String> line : LEFT) {
            assertThat(QuickCommandLine.parse(new Pier(), table, line.toArray(String[]::new))).as(line.toString()).isEmpty();
        }
    }

    /** A single-valued option given twice, or without its value, is picocli's to refuse, in every command of the table. */
    @Test
    void leavesRepeatedAndValuelessOptionsToPicocli() {
        CommandTable table = CommandTable.load().orElseThrow();
        for (CommandTable.Command c : table.commands()) {
            for (CommandTable.Option o : c.options()) {
                List<String> once = concat(concat(List.of(c.names().getFirst()), required(c, o)), spelled(o, o.names().getFirst()));
                List<String> lines = new ArrayList<>();
                if (!o.multi()) {
                    lines.add(String.join("\0", concat(concat(once, spelled(o, o.names().getLast())), operands(c))));
                }
                if (o.arityMin() == 1) {
                    lines.add(String.join("\0", List.of(c.names().getFirst(), o.names().getFirst())));
                }
                for (String line : lines) {
                    String[] args = line.split("\0");
                    assertThat(QuickCommandLine.parse(new Pier(), table, args)).as(line.replace('\0', ' ')).isEmpty();
                    assertThatThrownBy(() -> Pier.picocli(new Pier(), args).parseArgs(args)).as(line.replace('\0', ' '))
                            .isInstanceOf(CommandLine.ParameterException.class);
                }
            }
        }
    }

    private static void assertSameCommand(CommandTable table, List<String> line) throws IllegalAccessException {
        String[] args = line.toArray(String[]::new);
        Pier quickPier = new Pier();
        Callable<?> quick = QuickCommandLine.parse(quickPier, table, args).orElseThrow(() -> new AssertionError("declined " + line));
        Pier picoPier = new Pier();
        Object pico = Pier.picocli(picoPier, args).parseArgs(args).subcommand().commandSpec().userObject();
        assertThat(quick).as(line.toString()).hasSameClassAs(pico);
        assertThat(fields(quickPier, quick)).as(line.toString()).isEqualTo(fields(picoPier, pico)).isNotEmpty();
    }

    /** The option and a value of its type, as a user would write it. */
    private static List<String> spelled(CommandTable.Option o, String name) {
        if (o.arityMax() == 0) {
            return List.of(name);
        }
        if (o.arityMin() == 0) {
            return List.of(name + "=false");
        }
        return List.of(name, switch (o.type()) {
            case "int", "java.lang.Integer" -> "7";
            case "long", "java.lang.Long" -> "8";
            case "double", "java.lang.Double" -> "0.5";
            case "boolean", "java.lang.Boolean" -> "true";
            case "java.nio.file.Path" -> "/p" + name;
            default -> "v" + name;
        });
    }

    /** The command's required options but {@code except}, with values. */
    private static List<String> required(CommandTable.Command c, CommandTable.Option except) {
        List<String> words = new ArrayList<>();
        c.options().stream().filter(o -> o.required() && o != except).forEach(o -> words.addAll(spelled(o, o.names().getFirst())));
        return words;
    }

    /** As few operands as the command needs. */
    private static List<String> operands(CommandTable.Command c) {
        int needed = c.positionals().stream().mapToInt(p -> p.arityMin() == 0 ? 0 : p.indexMin() + p.arityMin()).max().orElse(0);
        return IntStream.range(0, needed).mapToObj(i -> "operand" + i).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void runsTheCommandWithTheSameOutputAndStatusAsPicocli() {
        // ps in an empty store, through Pier.run (quick) and through picocli (an option spelling the quick parser leaves alone)
        var quick = RegistryCliTest.pier("--root", "/nonexistent/quick", "ps", "-a");
        var pico = RegistryCliTest.pier("--root", "/nonexistent/quick", "ps", "-a", "--format=table", "--format", "table");
        assertThat(pico.status()).isEqualTo(1);   // --format twice: picocli's one-line refusal
        assertThat(pico.err()).startsWith("pier: option '--format' (<format>) should be specified only once");
        var picoPs = RegistryCliTest.pier("--root=/nonexistent/quick", "ps", "-a", "--format=table");
        assertThat(quick.status()).isEqualTo(picoPs.status());
        assertThat(quick.out()).isEqualTo(picoPs.out());
    }

    /** What a command would act on: its fields and its mixins', its parent's global options. */
    private static Map<String, Object> fields(Pier pier, Object command) throws IllegalAccessException {
        Map<String, Object> f = new TreeMap<>();
        f.put("pier.root", String.valueOf(pier.root));
        f.put("pier.debug", pier.debug);
        collect(pier, command, "", f);
        return f;
    }

    private static void collect(Pier pier, Object object, String prefix, Map<String, Object> f) throws IllegalAccessException {
        for (Class<?> c = object.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                field.setAccessible(true);
                Object value = field.get(object);
                String name = prefix + c.getSimpleName() + "." + field.getName();
                if (field.isAnnotationPresent(CommandLine.Mixin.class)) {
                    collect(pier, value, name + "/", f);
                } else if (field.getType() == Pier.class) {
                    f.put(name, value == pier ? "the parent" : value);
                } else {
                    f.put(name, String.valueOf(value) + " " + (value == null ? "" : value.getClass().getSimpleName()));
                }
            }
        }
    }
}
