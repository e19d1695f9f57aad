package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import dev.pier.runtime.engine.EnvFiles;
import dev.pier.runtime.engine.RunRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier run}: like {@code podman run}; the work is {@link ContainerEngine}'s. */
@Command(name = "run", description = {"Run a command in a new container, like podman run.",
        "Networking: --network none (the default: a network namespace with only lo) or host. There is no bridge network yet, so -p is not supported.",
        "-t (a terminal) and --init are not supported yet. Exit status: the container's; 125 when Pier fails."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Mixin
    RegistryFlags registryFlags;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "An image location (see pier copy --help).")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (default: the image's Cmd).")
    List<String> command = new ArrayList<>();

    @Option(names = "--name", description = "The container's name.") String name;
    @Option(names = "--rm", description = "Remove the container when it exits.") boolean rm;
    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container's id; output goes to pier logs.") boolean detach;
    @Option(names = {"-i", "--interactive"}, description = "Keep stdin connected (otherwise /dev/null).") boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Not supported yet.") boolean tty;
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
    @Option(names = "--tmpfs", paramLabel = "DST[:OPTS]", description = "Mount a tmpfs.") List<String> tmpfs = new ArrayList<>();
    @Option(names = "--network", defaultValue = "none", description = "none (default) or host.") String network;

    @Override
    public Integer call() throws Exception {
        if (tty) {
            throw new PierException("-t is not supported yet (run without it; -i connects stdin)");
        }
        List<String> allEnv = new ArrayList<>();
        envFiles.forEach(f -> allEnv.addAll(EnvFiles.read(f)));
        allEnv.addAll(env);
        ContainerEngine engine = new ContainerEngine(pier.storeRoot());
        try (ImageSource src = ImageLocation.parse(image, pier::store, registryFlags.options()).openSource()) {
            RunRequest request = new RunRequest(src.image(dev.pier.image.spec.Platform.host()), image, name, command,
                    entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint), allEnv, user, workdir, hostname,
                    new RunRequest.Limits(memory == null ? null : Sizes.parse(memory), cpus, pidsLimit, ulimits),
                    new RunRequest.Security(capAdd, capDrop, securityOpts, privileged), volumes, tmpfs, readOnly, network, interactive);
            if (detach) {
                ContainerRecord r = engine.runDetached(request, rm);
                spec.commandLine().getOut().println(r.id());
                spec.commandLine().getOut().flush();
                return ExitCode.OK;
            }
            spec.commandLine().getOut().flush();
            return engine.run(request, rm);
        }
    }
}
