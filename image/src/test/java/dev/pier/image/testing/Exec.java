package dev.pier.image.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command for a test: {@code Exec.of("skopeo", "inspect", ref).check().stdout()}.
 *
 * <p>An immutable description of a command; {@link #run()} starts it, waits for it, and returns its
 * exit code with everything it wrote to stdout and stderr. Output goes to temporary files, so a
 * chatty command cannot block and a child that outlives the command cannot hang the test. Stdin is
 * empty unless {@link #stdin(byte[])} gives it. A command still running after the timeout is
 * killed, with its descendants, and {@link Failed} is thrown.
 *
 * @param command the program and its arguments
 * @param directory the working directory, or {@code null} for the test's own
 * @param environment variables added to (or, with a {@code null} value, removed from) the inherited environment
 * @param timeout how long to wait before killing the command
 * @param stdin the bytes fed to the command's standard input
 */
public record Exec(List<String> command, Path directory, Map<String, String> environment, Duration timeout, byte[] stdin) {

    /** The timeout of an {@code Exec} made by {@link #of}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public Exec {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command");
        }
        // a copy that allows null values (meaning: remove the variable), not modifiable from outside
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        Objects.requireNonNull(timeout, "timeout");
        stdin = stdin == null ? new byte[0] : stdin.clone();
    }

    public static Exec of(String program, String... args) {
        List<String> all = new ArrayList<>(args.length + 1);
        all.add(program);
        all.addAll(List.of(args));
        return of(all);
    }

    /** A command whose program is a path, as {@link Peers#require(String)} returns it. */
    public static Exec of(Path program, String... args) {
        return of(program.toString(), args);
    }

    public static Exec of(List<String> command) {
        return new Exec(command, null, Map.of(), DEFAULT_TIMEOUT, new byte[0]);
    }

    /** This command with more arguments appended. */
    public Exec args(String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        return new Exec(all, directory, environment, timeout, stdin);
    }

    public Exec in(Path dir) {
        return new Exec(command, dir, environment, timeout, stdin);
    }

    /** Sets an environment variable; a {@code null} value removes it from the inherited environment. */
    public Exec env(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new Exec(command, directory, env, timeout, stdin);
    }

    public Exec timeout(Duration newTimeout) {
        return new Exec(command, directory, environment, newTimeout, stdin);
    }

    public Exec stdin(byte[] input) {
        return new Exec(command, directory, environment, timeout, input);
    }

    public Exec stdin(String input) {
        return stdin(input.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }

    /**
     * Runs the command and returns its result, whatever its exit code.
     *
     * @throws Failed if it cannot be started or does not finish within the timeout
     */
    public Result run() {
        Path out = null;
        Path err = null;
        Path in = null;
        try {
            out = Files.createTempFile("pier-exec-", ".out");
            err = Files.createTempFile("pier-exec-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (stdin.length == 0) {
                pb.redirectInput(new File("/dev/null"));
            } else {
                in = Files.createTempFile("pier-exec-", ".in");
                Files.write(in, stdin);
                pb.redirectInput(in.toFile());
            }
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            environment.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new Failed("cannot start " + String.join(" ", command) + ": " + e.getMessage(), null, e);
            }
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                Thread.currentThread().interrupt();
                throw new Failed("interrupted while running " + String.join(" ", command), null, e);
            }
            if (!finished) {
                kill(process);
                Result partial = new Result(command, -1, read(out), read(err));
                throw new Failed("timed out after " + timeout + ": " + partial.describe(), partial, null);
            }
            return new Result(command, process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Path p : new Path[] {out, err, in}) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // a temp file left behind is harmless
                    }
                }
            }
        }
    }

    /**
     * Runs the command and returns its result if it exited with 0.
     *
     * @throws Failed with the command, exit code, stdout and stderr otherwise
     */
    public Result check() {
        return run().check();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** What a finished command did. Output is decoded as UTF-8. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public boolean ok() {
            return exitCode == 0;
        }

        /** This result if the exit code is 0; else throws {@link Failed} with the output. */
        public Result check() {
            if (!ok()) {
                throw new Failed(describe(), this, null);
            }
            return this;
        }

        /** The command, its exit code and its output, for a failure message. */
        public String describe() {
            return "`" + String.join(" ", command) + "` exited with " + exitCode
                    + "\n--- stdout ---\n" + tail(stdout) + "\n--- stderr ---\n" + tail(stderr);
        }

        private static String tail(String s) {
            int max = 20_000;
            return s.length() <= max ? s : "[... " + (s.length() - max) + " characters cut ...]" + s.substring(s.length() - max);
        }
    }

    /** A command that could not run, timed out, or exited with a non-zero status when asked not to. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        Failed(String message, Result result, Throwable cause) {
            super(message, cause);
            this.result = result;
        }

        /** What the command produced, or {@code null} if it could not be started. */
        public Result result() {
            return result;
        }
    }
}
