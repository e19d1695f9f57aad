package dev.pier.runtime.container;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Process;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code exec}: starts another process in a running container through
 * {@code nsenter --target <pid> --pid [--user]} and {@link dev.pier.runtime.init.ExecInit}.
 *
 * @param containers the runtime root
 * @param debug whether the JVM prints stack traces
 */
public record Executor(Containers containers, boolean debug) {

    /**
     * A started exec process.
     *
     * @param launcher the nsenter process (its exit status is the process's)
     * @param pid the host pid of the process
     */
    public record Started(java.lang.Process launcher, int pid) {}

    /** Starts {@code process} in container {@code id}; returns once it was exec'd (or throws naming why not). */
    public Started exec(String id, Process process) {
        return exec(id, process, java.util.Optional.empty());
    }

    /**
     * As {@link #exec(String, Process)}; a process with {@code terminal} gets a pty of its own in
     * the container's devpts, whose master is sent to {@code consoleSocket}.
     */
    public Started exec(String id, Process process, java.util.Optional<String> consoleSocket) {
        if (process.isTerminal() && consoleSocket.isEmpty()) {
            throw new RuntimeError("exec: process.terminal is true but no console socket was given");
        }
        ContainerInfo info = containers.info(id);
        String status = containers.status(info);
        if (!status.equals("running")) {
            throw new RuntimeError("cannot exec in container " + id + ": it is " + status + ", not running");
        }
        if (process.args().isEmpty()) {
            throw new RuntimeError("exec: no command given");
        }
        StateDir dir = StateDir.of(containers.root(), id);
        String tag = Long.toString(System.nanoTime(), 36);
        Path processFile = dir.dir().resolve("exec-" + tag + ".json");
        Path statusFile = dir.dir().resolve("exec-" + tag + ".status");
        try {
            Files.write(processFile, Json.write(process));
            Files.write(statusFile, new byte[0]);
            List<String> cmd = new ArrayList<>(List.of("nsenter", "--target", String.valueOf(info.pid()), "--pid"));
            if (!Files.readSymbolicLink(Path.of("/proc/" + info.pid() + "/ns/user")).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/user")))) {
                cmd.add("--user");
                cmd.add("--preserve-credentials");
            }
            cmd.add("--");
            List<String> jvm = Launcher.jvm(debug);
            jvm.set(jvm.size() - 1, "dev.pier.runtime.init.ExecInit");
            cmd.addAll(jvm);
            cmd.addAll(List.of(dir.dir().toString(), processFile.toString(), statusFile.toString()));
            consoleSocket.ifPresent(cmd::add);
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            java.lang.Process launcher = pb.start();
            while (true) {
                String s = Files.readString(statusFile, StandardCharsets.UTF_8);
                if (s.startsWith("error ")) {
                    throw new RuntimeError(s.substring(6).strip());
                }
                if (s.startsWith("exec")) {
                    List<Integer> children = ProcStat.children((int) launcher.pid());
                    return new Started(launcher, children.isEmpty() ? 0 : children.getFirst());
                }
                if (!launcher.isAlive()) {
                    throw new RuntimeError("exec in container " + id + " failed: nsenter exited with status " + launcher.exitValue());
                }
                Thread.sleep(2);
            }
        } catch (IOException e) {
            throw new RuntimeError("cannot exec in container " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(processFile);
                Files.deleteIfExists(statusFile);
            } catch (IOException e) {
                // the state directory is removed by delete anyway
            }
        }
    }
}
