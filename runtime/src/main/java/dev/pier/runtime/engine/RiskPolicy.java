package dev.pier.runtime.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a {@link RunRequest} that weaken the isolation between the container and the
 * host so much that {@code pier run} refuses them unless {@code --allow-dangerous} is given: the
 * privileged mode, the host's pid, ipc or network namespace, and bind mounts of the host's system
 * directories, of a container engine's socket or of Pier's own store. Paths are compared after
 * resolving {@code ..} and symbolic links, so another spelling of the same place is caught too.
 */
public final class RiskPolicy {
    /** Host directories whose bind mount (or the bind of a directory holding them) is refused. */
    static final List<String> SYSTEM_PATHS = List.of("/", "/etc", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/var/log", "/boot",
            "/proc", "/sys", "/dev");
    /** Where container engines keep their API sockets. */
    static final List<String> ENGINE_SOCKETS = List.of("/run/docker.sock", "/var/run/docker.sock", "/run/podman/podman.sock",
            "/run/containerd/containerd.sock", "/run/crio/crio.sock", "/run/cri-dockerd.sock", "/run/buildkit/buildkitd.sock",
            "/run/k3s/containerd/containerd.sock", "/var/run/dockershim.sock");
    /** File names of engine sockets wherever they are (a rootless podman's is under $XDG_RUNTIME_DIR). */
    static final Set<String> SOCKET_NAMES = Set.of("docker.sock", "podman.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock",
            "buildkitd.sock", "dockershim.sock");

    private RiskPolicy() {}

    /**
     * One dangerous setting.
     *
     * @param setting the setting as the user wrote it, e.g. {@code --privileged} or {@code -v /etc:/host}
     * @param risk what it allows, in a few words
     */
    public record Risk(String setting, String risk) {
        /** {@code setting: risk}, for warnings and errors. */
        public String describe() {
            return setting + " (" + risk + ")";
        }
    }

    /** The dangerous settings of {@code request}, for a store at {@code storeRoot}, in command-line order. */
    public static List<Risk> of(RunRequest request, Path storeRoot) {
        List<Risk> risks = new ArrayList<>();
        if (request.security().privileged()) {
            risks.add(new Risk("--privileged", "every capability, no seccomp filter, no masked paths: root in the container is root on the host"));
        }
        if (request.pid().equals("host")) {
            risks.add(new Risk("--pid host", "the container sees and can signal or trace every host process"));
        }
        if (request.ipc().equals("host")) {
            risks.add(new Risk("--ipc host", "the container shares the host's shared memory and message queues"));
        }
        if (request.network().equals("host")) {
            risks.add(new Risk("--network host", "the container uses the host's interfaces and reaches its local services"));
        }
        firewallRisk(request).ifPresent(risks::add);
        for (String v : request.volumes()) {
            VolumeSpec spec = VolumeSpec.parse(v);
            spec.hostPath().flatMap(p -> realPath(Path.of(p))).flatMap(p -> bindRisk(p, storeRoot))
                    .ifPresent(why -> risks.add(new Risk("-v " + v, why)));
        }
        return risks;
    }

    /**
     * Refuses {@code request} with one line naming its dangerous settings, unless it allows them;
     * then prints one warning line per setting on stderr.
     *
     * @throws RiskRefused when a dangerous setting is not allowed
     */
    public static void enforce(RunRequest request, Path storeRoot) {
        List<Risk> risks = of(request, storeRoot);
        var policy = request.networkPolicy();
        if (request.network().equals("bridge") && policy.ingressRestricted() && !policy.egress().restricted() && firewallEditable(request)) {
            System.err.println("pier: warning: with CAP_NET_ADMIN the container can remove its ingress firewall "
                    + "(ports that are not published become reachable from the bridge network)");
        }
        if (risks.isEmpty()) {
            return;
        }
        if (!request.protection().allowDangerous()) {
            throw new RiskRefused(risks);
        }
        risks.forEach(r -> System.err.println("pier: warning: " + r.describe()));
    }

    /** A restricted egress that the container could lift itself: CAP_NET_ADMIN edits its namespace's nftables. */
    private static Optional<Risk> firewallRisk(RunRequest request) {
        if (!request.networkPolicy().egress().restricted() || request.security().privileged() || !firewallEditable(request)) {
            return Optional.empty();   // --privileged is refused on its own
        }
        String setting = request.security().capAdd().stream()
                .filter(c -> c.toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", "").matches("NET_ADMIN|ALL"))
                .findFirst().orElse("NET_ADMIN");
        return Optional.of(new Risk("--cap-add " + setting, "the container can delete its own firewall, "
                + "so --egress deny and --allow-egress would not hold"));
    }

    /** Whether the container gets CAP_NET_ADMIN. */
    private static boolean firewallEditable(RunRequest request) {
        var sec = request.security();
        return CapabilitySets.of(sec.capAdd(), sec.capDrop(), sec.privileged()).contains("CAP_NET_ADMIN");
    }

    /** Why binding host path {@code real} (resolved) is dangerous, if it is. */
    static Optional<String> bindRisk(Path real, Path storeRoot) {
        for (String system : SYSTEM_PATHS) {
            if (realPath(Path.of(system)).orElse(Path.of(system)).equals(real)) {
                return Optional.of("it exposes the host's " + real + " to the container");
            }
        }
        for (String system : SYSTEM_PATHS) {
            if (covers(real, system)) {
                return Optional.of("it exposes the host's " + system + " to the container");
            }
        }
        if (SOCKET_NAMES.contains(String.valueOf(real.getFileName()))) {
            return Optional.of("a container engine's socket gives control of the host");
        }
        for (String socket : ENGINE_SOCKETS) {
            if (covers(real, socket)) {
                return Optional.of("it holds " + socket + ", a container engine's socket that gives control of the host");
            }
        }
        Path store = realPath(storeRoot).orElse(storeRoot.toAbsolutePath().normalize());
        if (real.startsWith(store) || store.startsWith(real)) {
            return Optional.of("it exposes Pier's store " + store + ": images, layers and other containers");
        }
        return Optional.empty();
    }

    /** Whether binding {@code real} exposes {@code protectedPath}: it is that path (resolved) or one of its ancestors. */
    private static boolean covers(Path real, String protectedPath) {
        Path literal = Path.of(protectedPath);
        Path resolved = realPath(literal).orElse(literal);
        return resolved.startsWith(real) || literal.startsWith(real);
    }

    /** {@code path} with {@code ..} and symbolic links resolved, when it exists. */
    static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toAbsolutePath().toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
