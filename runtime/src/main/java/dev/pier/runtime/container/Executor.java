package dev.pier.runtime.container;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.init.ExecLauncher;
import dev.pier.runtime.init.InitStub;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.SeccompCache;
import dev.pier.runtime.spec.Process;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code exec}: starts another process in a running container, through the init stub
 * ({@link ExecLauncher}: no JVM in the container), or where the stub cannot serve (AppArmor or
 * SELinux labels, a machine without a stub, {@code -Dpier.runc.jvmInit=true}) through
 * {@code nsenter --target <pid> --pid [--user]} and {@link dev.pier.runtime.init.ExecInit}.
 *
 * @param containers the runtime root
 * @param debug whether the JVM prints stack traces
 */
public record Executor(Containers containers, boolean debug) {

    /**
     * A started exec process.
     *
     * @param launcher the process itself (started by this JVM), or the nsenter in front of its
     *     JVM; either way its exit status is the process's, 128 plus the signal that killed it
     * @param pid the host pid of the process
     */
    public record Started(java.lang.Process launcher, int pid) {}

    /** Starts {@code process} in container {@code id}; returns once it was exec'd (or throws naming why not). */
    public Started exec(String id, Process process) {
        return exec(id, process, Optional.empty());
    }

    /**
     * As {@link #exec(String, Process)}; where {@code process.terminal} is set, the master of its
     * pty is sent to {@code consoleSocket} (runc's protocol).
     */
    public Started exec(String id, Process process, Optional<Path> consoleSocket) {
        if (process.isTerminal() && consoleSocket.isEmpty()) {
            throw new RuntimeError("exec with a terminal needs --console-socket");
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
        if (ExecLauncher.supports(process) && !Boolean.getBoolean("pier.runc.jvmInit")) {
            return throughStub(dir, info, process, consoleSocket);
        }
        return throughJvm(dir, info, process, consoleSocket);
    }

    /** Starts the process with the init stub, from this JVM. */
    private Started throughStub(StateDir dir, ContainerInfo info, Process process, Optional<Path> consoleSocket) {
        try {
            Spec spec = containers.spec(info.id());
            byte[] seccomp = spec.linux() == null || spec.linux().seccomp() == null ? null
                    : SeccompCache.bpf(containers.root().resolve(".seccomp"), spec.linux().seccomp());
            Path stub = InitStub.installed(dir.dir()).orElseThrow();
            int pid = ExecLauncher.launch(stub, info, process, seccomp, consoleSocket.map(p -> p.toAbsolutePath().toString()));
            return new Started(new SpawnedProcess(pid, -1, -1), pid);
        } catch (IOException e) {
            throw new RuntimeError("cannot exec in container " + info.id() + ": " + e.getMessage(), e);
        }
    }

    /** Starts the process with a JVM of its own ({@link dev.pier.runtime.init.ExecInit}) behind nsenter. */
    private Started throughJvm(StateDir dir, ContainerInfo info, Process process, Optional<Path> consoleSocket) {
        String id = info.id();
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
            if (process.isTerminal()) {
                cmd.add(consoleSocket.get().toAbsolutePath().toString());
            }
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
