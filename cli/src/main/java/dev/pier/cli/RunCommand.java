package dev.pier.cli;

import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import dev.pier.runtime.engine.DriftMode;
import dev.pier.runtime.engine.EnvFiles;
import dev.pier.runtime.engine.RunRequest;
import dev.pier.runtime.engine.RunSecret;
import dev.pier.runtime.network.EgressPolicy;
import dev.pier.runtime.network.NetworkPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier run}: like {@code podman run}; the work is {@link ContainerEngine}'s. */
@Command(name = "run", description = {"Run a command in a new container, like podman run.",
        "Networking: --network none (the default as root: a network namespace with only lo), bridge (Pier's CNI bridge pier0, 10.89.0.0/24, outbound NAT; -p publishes ports and implies it as root), slirp4netns[:allow_host_loopback=true] (user-mode networking, the default rootless; -p publishes ports) or host.",
        "As a user that is not root, pier runs in a user namespace (the user as root, its /etc/subuid ranges as 1 and up) that later commands join; --memory, --cpus, --pids-limit and --network bridge need root.",
        "On the bridge network an nftables firewall in the container's namespace refuses connections to ports that are not published (--ingress allow opens them) and, with --egress deny or --allow-egress, everything going out but the allowed destinations (no DNS unless allowed).",
        "Dangerous settings (--privileged, host namespaces, binds of host system paths, engine sockets or the store) are refused without --allow-dangerous.",
        "-t gives the container a terminal (with -i, the user's terminal turns raw and is relayed to it).",
        "--init runs the host's catatonit (or tini-static) as PID 1, mounted read-only at /run/pier-init: it forwards signals and reaps zombies.",
        "Exit status: the container's; 125 when Pier fails."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Mixin
    RegistryFlags registryFlags;

    @Mixin
    ProfileFlags profileFlags;


    @Parameters(index = "0", paramLabel = "IMAGE", description = "An image location (see pier copy --help).")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (default: the image's Cmd).")
    List<String> command = new ArrayList<>();

    @Option(names = "--name", description = "The container's name.") String name;
    @Option(names = "--rm", description = "Remove the container when it exits.") boolean rm;
    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container's id; output goes to pier logs.") boolean detach;
    @Option(names = {"-i", "--interactive"}, description = "Keep stdin connected (otherwise /dev/null).") boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Give the container a pseudo-terminal (its size follows this terminal's; with -d its output goes to pier logs).") boolean tty;
    @Option(names = "--init", description = "Run an init as PID 1 that forwards signals and reaps zombies (catatonit or tini-static from the host).") boolean init;
    @Option(names = "--init-path", paramLabel = "FILE", description = "The init to run (implies --init; default: podman's catatonit, else tini-static).") String initPath;
    @Option(names = {"-e", "--env"}, paramLabel = "NAME[=VALUE]", description = "Set an environment variable.") List<String> env = new ArrayList<>();
    @Option(names = "--env-file", paramLabel = "FILE", description = "Read NAME=VALUE lines.") List<Path> envFiles = new ArrayList<>();
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "User and group, names or ids.") String user;
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.") String workdir;
    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Replace the image's Entrypoint (and drop its Cmd).") String entrypoint;
    @Option(names = "--hostname", description = "The hostname (default: the id's first 12 characters).") String hostname;
    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory limit, e.g. 64m.") String memory;
    @Option(names = "--cpus", description = "CPU limit, e.g. 0.5.") Double cpus;
    @Option(names = "--pids-limit", description = "Largest number of processes.") Long pidsLimit;
    @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "A resource limit, e.g. nofile=1024:2048.") List<String> ulimits = new ArrayList<>();
    @Option(names = "--cap-add", paramLabel = "CAP", description = "Add a capability (or ALL).") List<String> capAdd = new ArrayList<>();
    @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop a capability (or ALL).") List<String> capDrop = new ArrayList<>();
    @Option(names = "--security-opt", paramLabel = "OPT", description = "seccomp=FILE|unconfined, no-new-privileges[=false].") List<String> securityOpts = new ArrayList<>();
    @Option(names = "--privileged", description = "Every capability, no seccomp, no masked paths.") boolean privileged;
    @Option(names = "--read-only", description = "Mount the root filesystem read-only.") boolean readOnly;
    @Option(names = {"-v", "--volume"}, paramLabel = "SRC:DST[:ro]", description = "Bind a host path or a named volume.") List<String> volumes = new ArrayList<>();
    @Option(names = "--tmpfs", paramLabel = "DST[:OPTS]", description = "Mount a tmpfs; option tmpcopyup starts it with the image's content there.") List<String> tmpfs = new ArrayList<>();
    @Option(names = {"--network", "--net"}, description = "none (default as root), bridge (the default with -p as root; needs root and the CNI plugins), slirp4netns[:allow_host_loopback=true] (default rootless) or host (dangerous: needs --allow-dangerous).") String network;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:]HOST_PORT:CONTAINER_PORT[/PROTO]",
            description = "Publish a container's port on the host (bridge or slirp4netns network; reachable on 127.0.0.1 too).")
    List<String> publish = new ArrayList<>();
    @Option(names = "--egress", paramLabel = "deny|allow", description = "deny: nothing leaves the container but what --allow-egress names (bridge network; nftables in its namespace). allow (default, unless --allow-egress is given).")
    String egress;
    @Option(names = "--allow-egress", paramLabel = "CIDR[:PORT[/PROTO]]", description = "Let the container reach this network (all ports, or one, tcp, udp or both); implies --egress deny and the bridge network. IPv6 in brackets with a port: [2001:db8::/32]:443.")
    List<String> allowEgress = new ArrayList<>();
    @Option(names = "--ingress", paramLabel = "deny|allow", description = "deny (default on the bridge network): only published ports are reachable; allow: every port.")
    String ingress;
    @Option(names = "--pid", defaultValue = "private", description = "private (default) or host (dangerous: needs --allow-dangerous).") String pid;
    @Option(names = "--ipc", defaultValue = "private", description = "private (default) or host (dangerous: needs --allow-dangerous).") String ipc;
    @Option(names = "--secret", paramLabel = "NAME[=SOURCE]", description = {
            "A file /run/secrets/NAME on a tmpfs, mode 0400, owned by the container's user; never in the environment, inspect or logs.",
            "SOURCE: file:PATH or PATH, env:VAR, - or stdin: (standard input); without one, the environment variable NAME."})
    List<String> secrets = new ArrayList<>();
    @Option(names = "--drift", paramLabel = "MODE", defaultValue = "off", description = {
            "block: only the image's executables can run (read-only image, noexec writable places, no memfd_create);",
            "alert: executions of files not from the image and new executable files are reported (stderr, pier logs, pier inspect); off (default)."})
    String drift;
    @Option(names = "--allow-dangerous", description = "Run even with --privileged, host namespaces or binds of host system paths, engine sockets or Pier's store (each gets a warning).")
    boolean allowDangerous;

    @Option(names = "--verify", paramLabel = "KEY", description = "Run only an image with a valid signature for this public key (pier sign, cosign sign); refused before anything is prepared.")
    java.nio.file.Path verifyKey;

    @Override
    public Integer call() throws Exception {
        Optional<Integer> rootless = UserNamespaceReexec.joinAsUser(pier, this);
        if (rootless.isPresent()) {
            return rootless.get();
        }
        ContainerEngine.linkNativeCalls();
        List<String> allEnv = new ArrayList<>();
        envFiles.forEach(f -> allEnv.addAll(EnvFiles.read(f)));
        allEnv.addAll(env);
        ContainerEngine engine = new ContainerEngine(pier.storeRoot());
        try (ImageSource src = ImageLocation.parse(image, pier::store, registryFlags.options()).openSource();
             ProfileFlags.Applied settings = profileFlags.apply(SignedImages.toRun(src, verifyKey),
                     new RunRequest.Security(capAdd, capDrop, securityOpts, privileged), readOnly, tmpfs, detach)) {
            RunRequest request = new RunRequest(settings.image(), image, name, command,
                    entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint), allEnv, user, workdir, hostname,
                    new RunRequest.Limits(memory == null ? null : Sizes.parse(memory), cpus, pidsLimit, ulimits),
                    settings.security(), volumes, settings.tmpfs(), settings.readOnly(),
                    network != null ? network : ContainerEngine.defaultNetwork(!(publish.isEmpty() && allowEgress.isEmpty())), interactive,
                    pid, ipc, new RunRequest.Protection(secrets.stream().map(RunSecret::parse).toList(), DriftMode.parse(drift), allowDangerous));
            request = request.withStartup(new RunRequest.Startup(tty, init, java.util.Optional.ofNullable(initPath))).withNetworkPolicy(NetworkPolicy.of(ingress, settings.egressPolicy(request.network(), egress, allowEgress)));
            if (!publish.isEmpty()) {   // -p alone means the bridge network; with another one, withPorts refuses
                request = request.withPorts(publish.stream().map(dev.pier.runtime.network.PortMapping::parse).toList());
            }
            if (detach) {
                ContainerRecord r = engine.runDetached(request, rm);
                pier.out().println(r.id());
                pier.out().flush();
                return ExitCode.OK;
            }
            pier.out().flush();
            return profileFlags.run(engine, request, rm);
        }
    }
}
