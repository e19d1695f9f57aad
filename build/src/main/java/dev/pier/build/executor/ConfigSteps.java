package dev.pier.build.executor;

import dev.pier.build.dockerfile.CommandForm;
import dev.pier.build.dockerfile.DockerfileException;
import dev.pier.build.dockerfile.Instruction;
import dev.pier.image.spec.ContainerConfigBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions that only change the image config: ENV, LABEL, ARG, CMD, ENTRYPOINT, USER, ... */
final class ConfigSteps {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|ms|s|m|h)");

    private ConfigSteps() {}

    /** Whether {@code i} changes only the config (no layer). */
    static boolean isMetadata(Instruction i) {
        return !(i instanceof Instruction.FileTransfer || i instanceof Instruction.Run || i instanceof Instruction.From);
    }

    /**
     * Applies a metadata instruction to the stage. {@code buildArgs} are the {@code --build-arg}
     * values, {@code globals} the values of the global ARG scope.
     */
    static void apply(StageState st, Instruction i, Map<String, String> buildArgs, Map<String, String> globals) {
        ContainerConfigBuilder b = st.config.toBuilder();
        try {
            switch (i) {
                case Instruction.Env e -> {
                    for (var kv : e.pairs()) {
                        String key = st.expand(kv.key());
                        String value = st.expand(kv.value());
                        b.env(key, value);
                        st.config = b.build();
                    }
                }
                case Instruction.Label l -> l.pairs().forEach(kv -> b.label(st.expand(kv.key()), st.expand(kv.value())));
                case Instruction.Maintainer m -> b.label("maintainer", m.name());
                case Instruction.Arg a -> {
                    for (var d : a.args()) {
                        String v = buildArgs.containsKey(d.name()) ? buildArgs.get(d.name())
                                : d.defaultValue() != null ? st.expand(d.defaultValue()) : globals.get(d.name());
                        st.args.put(d.name(), v);
                    }
                }
                case Instruction.Cmd c -> {
                    b.cmd(c.command().argv(st.shell()));
                    st.cmdSet = true;
                }
                case Instruction.Entrypoint e -> {
                    b.entrypoint(e.command().argv(st.shell()));
                    if (!st.cmdSet) {
                        b.cmd(null); // ENTRYPOINT resets the CMD inherited from the base image
                    }
                }
                case Instruction.Shell s -> b.shell(s.shell());
                case Instruction.Workdir w -> {
                    String p = st.expand(w.path());
                    b.workingDir(RootPaths.cleanAbsolute(p.startsWith("/") ? p : st.workingDir() + "/" + p));
                }
                case Instruction.User u -> b.user(st.expand(u.user()));
                case Instruction.Expose e -> {
                    for (String p : e.ports()) {
                        String port = st.expand(p);
                        b.exposedPort(port.contains("/") ? port.toLowerCase(java.util.Locale.ROOT) : port + "/tcp");
                    }
                }
                case Instruction.Volume v -> v.paths().forEach(p -> b.volume(st.expand(p)));
                case Instruction.StopSignal s -> b.stopSignal(st.expand(s.signal()));
                case Instruction.Healthcheck h -> b.healthcheck(healthcheck(h));
                case Instruction.Onbuild o -> b.onBuild(o.triggerText());
                default -> throw new IllegalStateException("not a metadata instruction: " + i.keyword());
            }
        } catch (IllegalArgumentException e) {
            throw DockerfileException.at(i, e.getMessage());
        }
        if (!(i instanceof Instruction.Env)) {
            st.config = b.build();
        }
    }

    private static Map<String, Object> healthcheck(Instruction.Healthcheck h) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (h.none()) {
            m.put("Test", List.of("NONE"));
            return m;
        }
        List<String> test = new ArrayList<>();
        switch (h.command()) {
            case CommandForm.Exec e -> {
                test.add("CMD");
                test.addAll(e.args());
            }
            case CommandForm.Shell s -> {
                test.add("CMD-SHELL");
                test.add(s.command());
            }
        }
        m.put("Test", test);
        h.flag("interval").ifPresent(v -> m.put("Interval", nanos(h, v)));
        h.flag("timeout").ifPresent(v -> m.put("Timeout", nanos(h, v)));
        h.flag("start-period").ifPresent(v -> m.put("StartPeriod", nanos(h, v)));
        h.flag("start-interval").ifPresent(v -> m.put("StartInterval", nanos(h, v)));
        h.flag("retries").ifPresent(v -> {
            if (!v.matches("\\d+")) {
                throw DockerfileException.at(h, "invalid --retries=" + v + ": expected a number");
            }
            m.put("Retries", Integer.parseInt(v));
        });
        return m;
    }

    /** A Go duration ({@code 30s}, {@code 1m30s}, {@code 500ms}) in nanoseconds. */
    static long nanos(Instruction i, String text) {
        Matcher m = DURATION.matcher(text);
        long total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (v * unit);
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw DockerfileException.at(i, "invalid duration \"" + text + "\" (e.g. 30s, 1m30s)");
        }
        return total;
    }

    /** {@code created_by} of a history entry: the instruction on one line, as written. */
    static String createdBy(Instruction i) {
        String text = i instanceof Instruction.Onbuild o ? "ONBUILD " + o.triggerText() : i.location().text();
        boolean heredocs = (i instanceof Instruction.FileTransfer f && !f.heredocs().isEmpty())
                || (i instanceof Instruction.Run r && !r.heredocs().isEmpty());
        if (heredocs) {
            return text.split("\n", 2)[0].strip();
        }
        return text.replaceAll("[ \\t]*[\\\\`][ \\t]*\\n(\\s*#[^\\n]*\\n|\\s*\\n)*\\s*", " ").strip();
    }
}
