package dev.pier.analyze.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the output of {@code strace -f -y -o FILE}: joins calls that strace split into
 * {@code <unfinished ...>} and {@code <... resumed>} halves (following a call across
 * "superseded by execve", when a thread of a multithreaded process execs and takes the process's
 * id), and keeps only the calls from the first successful {@code execve} on. What came before is
 * the container's init — a JVM in the runtime — not the program being slimmed; but the calls the
 * exec-ing thread made after loading its seccomp filter and before execve are recorded apart, as
 * the calls any filter for this container must allow ({@link Trace#startup()}).
 */
public final class TraceReader {
    private static final Pattern LINE = Pattern.compile("^(\\d+)\\s+(.*)$");
    private static final Pattern RESUMED = Pattern.compile("^<\\.\\.\\. ([a-z0-9_]+) resumed>(.*)$");
    private static final Pattern SUPERSEDED = Pattern.compile("^\\+\\+\\+ superseded by execve in pid (\\d+) \\+\\+\\+$");
    private static final Pattern RESULT = Pattern.compile("^\\s*=\\s*(\\S+?)(?:<[^>]*>)?(?:\\s+(.*))?$");
    private static final Pattern ERRNO = Pattern.compile("^(E[A-Z0-9]+)\\b.*");
    private static final String UNFINISHED = " <unfinished ...>";

    private final Map<Integer, String> pending = new HashMap<>();
    private final List<Syscall> calls = new ArrayList<>();
    private final Map<Integer, Set<String>> sinceFilter = new HashMap<>();
    private Set<String> startup = Set.of();
    private boolean started;

    /**
     * A read trace.
     *
     * @param calls the program's calls, from its first successful execve on
     * @param startup the calls the runtime made after loading the seccomp filter, before that execve
     */
    public record Trace(List<Syscall> calls, Set<String> startup) {
        public Trace {
            calls = List.copyOf(calls);
            startup = Set.copyOf(startup);
        }
    }

    private TraceReader() {}

    /** The calls in {@code file} from the first successful execve on, in the order they completed. */
    public static Trace read(Path file) throws IOException {
        TraceReader reader = new TraceReader();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                // strace writes bytes; ISO-8859-1 maps each to one char, undone by StraceArgs' decoding of \x escapes
                reader.line(line);
            }
        }
        return new Trace(reader.calls, reader.startup);
    }

    /** As {@link #read(Path)}, for lines already in memory. */
    public static Trace parse(List<String> lines) {
        TraceReader reader = new TraceReader();
        lines.forEach(reader::line);
        return new Trace(reader.calls, reader.startup);
    }

    private void line(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return;
        }
        int pid = Integer.parseInt(m.group(1));
        String rest = m.group(2);
        Matcher superseded = SUPERSEDED.matcher(rest);
        if (superseded.matches()) {
            int thread = Integer.parseInt(superseded.group(1));
            String execve = pending.remove(thread);
            if (execve != null) {
                pending.put(pid, execve);
            }
            Set<String> filtered = sinceFilter.remove(thread);
            if (filtered != null) {
                sinceFilter.put(pid, filtered);
            }
            return;
        }
        if (rest.startsWith("+++") || rest.startsWith("---")) {
            return;   // exits and signals
        }
        if (rest.endsWith(UNFINISHED)) {
            pending.put(pid, rest.substring(0, rest.length() - UNFINISHED.length()));
            return;
        }
        Matcher resumed = RESUMED.matcher(rest);
        if (resumed.matches()) {
            String first = pending.remove(pid);
            if (first == null || !first.startsWith(resumed.group(1) + "(")) {
                return;
            }
            rest = first + resumed.group(2);
        }
        parseCall(pid, rest).ifPresent(this::accept);
    }

    private void accept(Syscall call) {
        if (!started && call.name().equals("execve") && call.succeeded() && call.result().equals("0")) {
            started = true;
            startup = sinceFilter.getOrDefault(call.pid(), Set.of());
        } else if (!started && loadsFilter(call)) {
            sinceFilter.put(call.pid(), new TreeSet<>());
        } else if (!started && sinceFilter.containsKey(call.pid())) {
            sinceFilter.get(call.pid()).add(call.name());
        }
        if (started) {
            calls.add(call);
        }
    }

    private static boolean loadsFilter(Syscall call) {
        return call.succeeded() && (call.name().equals("seccomp") && call.arg(0).equals("SECCOMP_SET_MODE_FILTER")
                || call.name().equals("prctl") && call.arg(0).equals("PR_SET_SECCOMP"));
    }

    static Optional<Syscall> parseCall(int pid, String text) {
        int paren = text.indexOf('(');
        if (paren <= 0 || !text.substring(0, paren).matches("[a-z0-9_]+")) {
            return Optional.empty();
        }
        StraceArgs.Split split = StraceArgs.split(text.substring(paren + 1));
        if (split.close() < 0) {
            return Optional.empty();
        }
        Matcher r = RESULT.matcher(text.substring(paren + 1 + split.close() + 1));
        if (!r.matches()) {
            return Optional.empty();
        }
        Optional<String> errno = Optional.ofNullable(r.group(2)).map(ERRNO::matcher).filter(Matcher::matches).map(e -> e.group(1));
        return Optional.of(new Syscall(pid, text.substring(0, paren), split.args(), r.group(1), errno));
    }
}
