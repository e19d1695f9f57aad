package dev.pier.runtime.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pier.runtime.network.NetworkPolicy;
import java.util.List;

/**
 * What Pier records about a container in {@code <store root>/containers/<id>/container.json}.
 *
 * @param id the container's id (64 hex digits)
 * @param name its name
 * @param image the image name it was created from
 * @param imageDigest the image's manifest digest
 * @param command the process's arguments
 * @param created creation time, RFC 3339
 * @param status created, running or exited
 * @param pid the host pid of the container's process while running
 * @param exitCode the exit status once exited
 * @param finished when it exited, RFC 3339
 * @param stopSignal the signal {@code stop} sends first
 * @param autoRemove whether it is removed when it exits ({@code --rm})
 * @param detached whether it runs under a monitor process, with its output in {@code console.log}
 * @param rootfs {@code overlay} or {@code copy}
 * @param secrets the names of its secrets under {@code /run/secrets/} (never their content)
 * @param drift the drift mode, {@code off}, {@code alert} or {@code block}
 * @param networkPolicy the firewall enforced in its network namespace (bridge network only; null otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerRecord(String id, String name, String image, String imageDigest, List<String> command, String created,
        String status, Integer pid, Integer exitCode, String finished, String stopSignal, boolean autoRemove,
        boolean detached, String rootfs, List<String> secrets, String drift, NetworkPolicy networkPolicy) {
    public ContainerRecord {
        command = command == null ? List.of() : List.copyOf(command);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        drift = drift == null ? DriftMode.OFF.flagValue() : drift;
    }

    /** The drift mode it runs under. */
    public DriftMode driftMode() {
        return DriftMode.parse(drift);
    }

    /** This record running as {@code newPid}. */
    public ContainerRecord running(int newPid) {
        return new ContainerRecord(id, name, image, imageDigest, command, created, "running", newPid, null, null, stopSignal,
                autoRemove, detached, rootfs, secrets, drift, networkPolicy);
    }

    /**
     * This record about to start again ({@code pier start}): created, with no exit status;
     * {@code detached} when it runs, or ran before, under a detached monitor (so it has a log).
     */
    public ContainerRecord restarted(boolean detached) {
        return new ContainerRecord(id, name, image, imageDigest, command, created, "created", null, null, null, stopSignal,
                autoRemove, detached, rootfs, secrets, drift, networkPolicy);
    }

    /** This record exited with {@code code}. */
    public ContainerRecord exited(int code) {
        return new ContainerRecord(id, name, image, imageDigest, command, created, "exited", null, code,
                java.time.Instant.now().toString(), stopSignal, autoRemove, detached, rootfs, secrets, drift, networkPolicy);
    }
}
