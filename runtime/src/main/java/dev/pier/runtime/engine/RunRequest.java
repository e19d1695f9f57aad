package dev.pier.runtime.engine;

import dev.pier.image.transport.Image;
import dev.pier.runtime.network.EgressPolicy;
import dev.pier.runtime.network.NetworkPolicy;
import dev.pier.runtime.network.Slirp4netns;
import java.util.List;

/**
 * What {@link ContainerEngine} runs: an image and the overrides of {@code pier run}, with
 * docker's meaning. Null or empty values keep the image's setting or the engine's default.
 *
 * @param image the image
 * @param imageName the name the image was asked by (recorded, shown by ps)
 * @param name the container's name, or null for a generated one
 * @param command replaces the image's Cmd when not empty
 * @param entrypoint replaces the image's Entrypoint (and drops its Cmd) when not null; empty clears it
 * @param env {@code NAME=value} (or {@code NAME}, taken from this process's environment), after the image's
 * @param user {@code user[:group]}, names or numeric ids
 * @param workdir the working directory
 * @param hostname the hostname (default: the first 12 characters of the id)
 * @param limits cgroup limits and rlimits
 * @param security capabilities, seccomp, no_new_privs, privileged
 * @param volumes {@code -v HOST:CTR[:ro]}, {@code -v NAME:CTR[:ro]} or {@code -v CTR}
 * @param tmpfs {@code --tmpfs CTR[:options]}
 * @param readOnly whether the root filesystem is read-only
 * @param network {@code none}, {@code host}, {@code bridge} (Pier's CNI bridge, see {@link dev.pier.runtime.network.CniBridge})
 *     or {@code slirp4netns[:OPTIONS]} (user-mode networking, see {@link Slirp4netns})
 * @param interactive whether the container's stdin is this process's (otherwise /dev/null)
 * @param pid {@code private} (a pid namespace of its own, the default) or {@code host}
 * @param ipc {@code private} (an ipc namespace of its own, the default) or {@code host}
 * @param protection secrets, drift prevention and the consent to dangerous settings
 * @param ports {@code -p}: ports of the bridge or slirp4netns network published on the host
 * @param networkPolicy the firewall in the container's network namespace on the bridge network
 *     (default {@link NetworkPolicy#DEFAULT}: ingress denied but to published ports, egress open);
 *     a restricted egress needs a namespace of the container's own, and somewhere to go
 * @param startup how its process starts: with a terminal ({@code -t}), behind an init ({@code --init})
 */
public record RunRequest(Image image, String imageName, String name, List<String> command, List<String> entrypoint,
        List<String> env, String user, String workdir, String hostname, Limits limits, Security security,
        List<String> volumes, List<String> tmpfs, boolean readOnly, String network, boolean interactive,
        String pid, String ipc, Protection protection, List<dev.pier.runtime.network.PortMapping> ports,
        NetworkPolicy networkPolicy, Startup startup) {
    public RunRequest {
        ports = ports == null ? List.of() : List.copyOf(ports);
        if (!ports.isEmpty() && !"bridge".equals(network) && !(network != null && Slirp4netns.names(network))) {
            throw new dev.pier.runtime.RuntimeError("-p publishes ports of the bridge or slirp4netns network, not of --network " + network);
        }
        networkPolicy = networkPolicy == null ? NetworkPolicy.DEFAULT : networkPolicy;
        checkEgress(networkPolicy.egress(), network == null || network.isEmpty() ? "none" : network);
        command = command == null ? List.of() : List.copyOf(command);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = env == null ? List.of() : List.copyOf(env);
        limits = limits == null ? Limits.NONE : limits;
        security = security == null ? Security.DEFAULT : security;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        network = network == null || network.isEmpty() ? "none" : network;
        pid = pid == null || pid.isEmpty() ? "private" : pid;
        ipc = ipc == null || ipc.isEmpty() ? "private" : ipc;
        protection = protection == null ? Protection.NONE : protection;
        startup = startup == null ? Startup.PLAIN : startup;
    }

    /** A request without published ports. */
    public RunRequest(Image image, String imageName, String name, List<String> command, List<String> entrypoint,
            List<String> env, String user, String workdir, String hostname, Limits limits, Security security,
            List<String> volumes, List<String> tmpfs, boolean readOnly, String network, boolean interactive,
            String pid, String ipc, Protection protection) {
        this(image, imageName, name, command, entrypoint, env, user, workdir, hostname, limits, security, volumes, tmpfs,
                readOnly, network, interactive, pid, ipc, protection, null, null, null);
    }

    /** This request with {@code published} ports (its network must be {@code bridge} or {@code slirp4netns}). */
    public RunRequest withPorts(List<dev.pier.runtime.network.PortMapping> published) {
        return new RunRequest(image, imageName, name, command, entrypoint, env, user, workdir, hostname, limits, security,
                volumes, tmpfs, readOnly, network, interactive, pid, ipc, protection, published, networkPolicy, startup);
    }

    /** This request with {@code policy} as its firewall (see {@link NetworkPolicy}). */
    public RunRequest withNetworkPolicy(NetworkPolicy policy) {
        return new RunRequest(image, imageName, name, command, entrypoint, env, user, workdir, hostname, limits, security,
                volumes, tmpfs, readOnly, network, interactive, pid, ipc, protection, ports, policy, startup);
    }

    /** This request with its process started as {@code how} (see {@link Startup}). */
    public RunRequest withStartup(Startup how) {
        return new RunRequest(image, imageName, name, command, entrypoint, env, user, workdir, hostname, limits, security,
                volumes, tmpfs, readOnly, network, interactive, pid, ipc, protection, ports, networkPolicy, how);
    }

    /** A restricted egress is enforced in the container's own namespace, so it needs the bridge network to mean anything. */
    private static void checkEgress(EgressPolicy egress, String network) {
        if (!egress.restricted()) {
            return;
        }
        if (network.equals("host")) {
            throw new dev.pier.runtime.RuntimeError("--egress and --allow-egress cannot be enforced with --network host: "
                    + "the container shares the host's network namespace (use --network bridge)");
        }
        if (Slirp4netns.names(network)) {
            throw new dev.pier.runtime.RuntimeError("--egress and --allow-egress are enforced on the bridge network only (root), not with --network "
                    + network);
        }
        if (network.equals("none") && !egress.allowed().isEmpty()) {
            throw new dev.pier.runtime.RuntimeError("--allow-egress " + egress.allowed().getFirst()
                    + ": --network none has nothing but loopback to allow (use --network bridge)");
        }
    }

    /** A request with private pid and ipc namespaces, no secrets, no drift prevention, nothing dangerous allowed. */
    public RunRequest(Image image, String imageName, String name, List<String> command, List<String> entrypoint,
            List<String> env, String user, String workdir, String hostname, Limits limits, Security security,
            List<String> volumes, List<String> tmpfs, boolean readOnly, String network, boolean interactive) {
        this(image, imageName, name, command, entrypoint, env, user, workdir, hostname, limits, security, volumes, tmpfs,
                readOnly, network, interactive, null, null, null);
    }

    /** A request with the image's defaults only. */
    public static RunRequest of(Image image, String imageName, List<String> command) {
        return new RunRequest(image, imageName, null, command, null, null, null, null, null, null, null, null, null, false, null, false);
    }

    /**
     * Limits.
     *
     * @param memory bytes, or null
     * @param cpus CPUs (quota over a 100 ms period), or null
     * @param pids the pids limit, or null
     * @param ulimits {@code name=soft[:hard]} as docker's {@code --ulimit}; {@code host} keeps Pier's own
     */
    public record Limits(Long memory, Double cpus, Long pids, List<String> ulimits) {
        /** No limits. */
        public static final Limits NONE = new Limits(null, null, null, List.of());

        public Limits {
            ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        }
    }

    /**
     * Security settings.
     *
     * @param capAdd capabilities added to docker's default set ({@code ALL} for all)
     * @param capDrop capabilities removed ({@code ALL} for all)
     * @param securityOpts {@code seccomp=FILE|unconfined}, {@code no-new-privileges[=true|false]}
     * @param privileged all capabilities, no seccomp, no masked paths
     */
    public record Security(List<String> capAdd, List<String> capDrop, List<String> securityOpts, boolean privileged) {
        /** Docker's defaults. */
        public static final Security DEFAULT = new Security(List.of(), List.of(), List.of(), false);

        public Security {
            capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
            capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
            securityOpts = securityOpts == null ? List.of() : List.copyOf(securityOpts);
        }
    }

    /**
     * What Pier adds to protect a running container (see docs/security.md).
     *
     * @param secrets files under {@code /run/secrets/}, on a tmpfs, readable by the container's user only
     * @param drift whether executables that did not come from the image may run
     * @param allowDangerous run even with settings {@link RiskPolicy} names (each then gets a warning)
     */
    public record Protection(List<RunSecret> secrets, DriftMode drift, boolean allowDangerous) {
        /** No secrets, no drift prevention, dangerous settings refused. */
        public static final Protection NONE = new Protection(List.of(), DriftMode.OFF, false);

        public Protection {
            secrets = secrets == null ? List.of() : List.copyOf(secrets);
            drift = drift == null ? DriftMode.OFF : drift;
        }
    }

    /**
     * How the container's process starts.
     *
     * @param terminal whether it gets a pseudo-terminal ({@code -t}): its stdin, stdout and stderr
     *     and controlling terminal, relayed to this process's standard streams (see {@link ConsoleRelay})
     * @param init whether a tiny init runs as PID 1 in front of it ({@code --init}, see {@link InitBinary})
     * @param initPath that init's path on the host ({@code --init-path}; default: the first of {@link InitBinary#CANDIDATES})
     */
    public record Startup(boolean terminal, boolean init, java.util.Optional<String> initPath) {
        /** No terminal, no init: the process's standard streams are this process's (or the log's). */
        public static final Startup PLAIN = new Startup(false, false, java.util.Optional.empty());

        public Startup {
            initPath = initPath == null ? java.util.Optional.empty() : initPath.filter(p -> !p.isEmpty());
            init = init || initPath.isPresent();
        }
    }
}
