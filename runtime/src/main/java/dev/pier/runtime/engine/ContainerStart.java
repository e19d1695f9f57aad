package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.Bundle;
import dev.pier.runtime.container.Launcher;
import dev.pier.runtime.spec.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code pier start} and {@code pier run -d}: a container made ready to run — its overlay mounted
 * again over the upper dir its earlier runs left, its file secrets read again into a new tmpfs —
 * then run under a detached monitor ({@link Supervisor#main}) or, attached with its input, in this
 * process as {@code pier run} does. Nothing stays mounted when it cannot start.
 *
 * @param engine the engine whose store holds the containers
 */
record ContainerStart(ContainerEngine engine) {
    private static final long POLL_MS = 20;

    /** Starts a created container under a detached monitor; returns once it runs or exited. */
    ContainerRecord underMonitor(ContainerRecord record) {
        Path dir = engine.containers().dirOf(record.id());
        Path log = dir.resolve("console.log");
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(Launcher.javaCommand("pier.aot"));   // ./pier's AOT cache: the monitor starts as fast as pier itself
        cmd.add("-Xlog:disable");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Supervisor.class.getName(), engine.root().toString(), record.id()));
        try {
            java.lang.Process monitor = new ProcessBuilder(cmd).redirectInput(Path.of("/dev/null").toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true).start();
            while (true) {
                ContainerRecord now = current(record.id());
                if (now == null || !now.status().equals("created")) {
                    if (now != null && now.exitCode() != null && now.exitCode() == 125) {
                        throw new RuntimeError("container " + record.name() + " did not start: " + lastLine(log));
                    }
                    return now == null ? record : now;
                }
                if (!monitor.isAlive() && current(record.id()) != null && current(record.id()).status().equals("created")) {
                    throw new RuntimeError("the monitor of container " + record.name() + " exited with status " + monitor.exitValue()
                            + ": " + lastLine(log));
                }
                Thread.sleep(POLL_MS);
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot start the monitor of container " + record.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("interrupted", e);
        }
    }

    /** See {@link ContainerControl#start}. */
    ContainerRecord detached(ContainerRecord r) {
        if (r.status().equals("running")) {
            return r;
        }
        ContainerRecord again = prepare(r, true);
        try {
            return underMonitor(again);
        } catch (RuntimeError e) {
            ContainerRecord now = current(r.id());
            if (now != null && now.status().equals("created")) {   // the monitor never ran: as it was
                release(engine.containers().dirOf(r.id()));
                engine.containers().save(r);
            }
            throw e;
        }
    }

    /**
     * See {@link ContainerControl#startInteractive}: {@code r}, not running, runs in this process
     * with this process's stdin, stdout and stderr (or its terminal relayed, for a {@code -t}
     * container); returns its exit status.
     */
    int interactive(ContainerRecord r) {
        // recorded attached while it runs (pier attach has no log to follow); a log of earlier runs stays for pier logs
        return Supervisor.run(engine, prepare(r, false), true);
    }

    /**
     * Makes {@code r} ready to start and records it {@code created}: its secrets read from their
     * files (refused first, in one line, when they came from elsewhere), its overlay remounted,
     * the secrets written into their tmpfs. On failure nothing stays mounted and the record is
     * unchanged.
     */
    private ContainerRecord prepare(ContainerRecord r, boolean detached) {
        Path dir = engine.containers().dirOf(r.id());
        if (Files.exists(engine.runc().root().resolve(r.id()))) {
            throw new RuntimeError("container " + r.name() + " is being started by another process");
        }
        Map<String, byte[]> secrets = SecretFiles.read(SecretOrigin.again(dir, r), false, System::getenv, System.in);
        try {
            RootfsMount.remount(dir, engine.layers());
            if (!secrets.isEmpty()) {
                User user = Bundle.open(dir.resolve("bundle")).spec().process().user();
                SecretFiles.write(dir, secrets, user.uid(), user.gid());
            }
            ContainerRecord again = r.restarted(detached);
            engine.containers().save(again);
            return again;
        } catch (RuntimeException e) {
            release(dir);
            throw e;
        } finally {
            secrets.values().forEach(b -> Arrays.fill(b, (byte) 0));
        }
    }

    private static void release(Path dir) {
        SecretFiles.unmount(dir);
        RootfsMount.unmount(dir);
    }

    private ContainerRecord current(String id) {
        return engine.control().current(id);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(log));
            lines.removeIf(String::isBlank);
            return lines.isEmpty() ? "(no output)" : lines.getLast().replaceFirst("^pier: ", "");
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
