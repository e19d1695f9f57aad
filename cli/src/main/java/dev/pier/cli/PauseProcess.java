package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.runtime.container.ProcStat;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The process that holds a rootless user's user and mount namespaces between pier commands, as
 * podman's pause process does: {@code sleep infinity} started by
 * {@code setsid unshare --map-root-user [--map-auto] --mount --propagation slave}. Every container
 * command joins these namespaces ({@code nsenter --user --mount --target PID}), so a container
 * that {@code pier run -d} started, its overlay mount and its processes are the same ones a later
 * {@code pier stop}, {@code exec} or {@code rm} sees: root there may signal and enter them (a
 * sibling user namespace with the same mapping could not: capabilities do not cross between
 * sibling namespaces). Host mounts made later still propagate in ({@code slave}); the
 * namespaces' mounts never leave. One per store, recorded in {@code <store>/pause.pid} as
 * {@code PID STARTTIME} (against pid reuse), made under a lock on {@code <store>/pause.lock}.
 */
final class PauseProcess {
    /** In the store root: the pause process's pid and start time. */
    static final String PID_FILE = "pause.pid";
    private static final String COMM = "sleep";

    private PauseProcess() {}

    /** The pid of the store's pause process; one is started, with {@code unshare} (unshare(1) and its mapping options), when none lives. */
    static long of(Path storeRoot, List<String> unshare) throws IOException {
        Files.createDirectories(storeRoot);
        try (FileChannel ch = FileChannel.open(storeRoot.resolve("pause.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            Optional<Long> alive = running(storeRoot);
            if (alive.isPresent()) {
                return alive.get();
            }
            return start(storeRoot, unshare);
        }
    }

    /** The recorded pause process, if it still lives. */
    static Optional<Long> running(Path storeRoot) {
        try {
            String[] f = Files.readString(storeRoot.resolve(PID_FILE), StandardCharsets.US_ASCII).strip().split(" ");
            int pid = Integer.parseInt(f[0]);
            return ProcStat.alive(pid, Long.parseLong(f[1])) && isPause(pid) ? Optional.of((long) pid) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long start(Path storeRoot, List<String> unshare) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(unshare);
        cmd.addAll(List.of("--mount", "--propagation", "slave", "--", COMM, "infinity"));
        Process p = new ProcessBuilder(cmd).redirectInput(Path.of("/dev/null").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.PIPE).start();
        int pid = (int) p.pid();   // setsid (not a group leader) and unshare (no --fork) exec in place: the same pid
        try {
            while (!isPause(pid)) {   // the command is sleep once unshare has made and mapped the namespaces
                if (!p.isAlive()) {
                    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    throw new PierException("cannot make the rootless user namespace (" + String.join(" ", unshare) + "): "
                            + (err.isEmpty() ? "exit status " + p.exitValue() : err.lines().findFirst().orElse(err)));
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PierException("interrupted while making the rootless user namespace");
        }
        p.getErrorStream().close();
        Path tmp = storeRoot.resolve(PID_FILE + ".tmp");
        Files.writeString(tmp, pid + " " + ProcStat.startTime(pid) + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, storeRoot.resolve(PID_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return pid;
    }

    private static boolean isPause(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm"), StandardCharsets.UTF_8).strip().equals(COMM);
        } catch (IOException e) {
            return false;
        }
    }
}
