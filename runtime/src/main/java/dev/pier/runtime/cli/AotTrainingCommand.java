package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.Bundle;
import dev.pier.runtime.container.DefaultSpec;
import dev.pier.runtime.init.ContainerInit;
import dev.pier.runtime.init.InitStub;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.spec.Spec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * A hidden workload that {@code ./pier-runc} runs once after the jar is built, under
 * {@code -XX:AOTCacheOutput}: the JDK's ahead-of-time cache then holds the classes of the command
 * line and of the container's init (which cannot train itself: it ends in execve), and both start
 * faster. Two workloads, one per cache: {@code run}, a container run, then created, started and
 * deleted, and an exec into another, for the commands engines send per container (a JVM loads and links every class of its
 * cache first, so that cache holds nothing else); {@code all} for the other commands and the init JVM. It writes only inside a temporary directory, which it removes.
 */
@Command(name = "__aot-training", hidden = true)
public final class AotTrainingCommand implements Callable<Integer> {

    /**
     * As root, runs one container whose program is the init stub itself (it exits at once, finding
     * no exec.fifo), and execs into another: the cache then holds the code that prepares a
     * container and enters one, which would otherwise be linked on every run.
     */
    private static void runContainer(Path bundle, Path root, PrintWriter sink) throws IOException {
        var stub = InitStub.forThisMachine();
        if (stub.isEmpty()) {
            return;
        }
        Path rootfs = bundle.resolve("rootfs");
        for (String dir : List.of("proc", "dev", "sys", "tmp")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.write(rootfs.resolve("init"), stub.get());
        Files.setPosixFilePermissions(rootfs.resolve("init"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Spec spec = DefaultSpec.create(false, 0, 0);
        Process p = spec.process();
        Process init = new Process(false, null, p.user(), List.of("/init"), p.env(), "/", p.capabilities(), p.rlimits(),
                p.noNewPrivileges(), null, null, null);
        // linux.resources as runc's spec writes them (every device denied, then runc's defaults allowed): the
        // cache then holds the code that reads them and writes the devices cgroup too
        var l = spec.linux();
        var linux = new dev.pier.runtime.spec.Linux(l.uidMappings(), l.gidMappings(), l.sysctl(),
                new dev.pier.runtime.spec.LinuxResources(null, null, null, null,
                        List.of(new dev.pier.runtime.spec.LinuxDeviceCgroup(false, null, null, null, "rwm"))),
                l.cgroupsPath(), l.namespaces(), l.devices(), l.seccomp(), l.rootfsPropagation(), l.maskedPaths(), l.readonlyPaths(),
                l.mountLabel());
        Files.write(bundle.resolve("config.json"), Json.write(new Spec(spec.ociVersion(), init, spec.root(), spec.hostname(),
                spec.domainname(), spec.mounts(), null, null, linux)));
        String id = "pier-aot-training-" + ProcessHandle.current().pid();
        PierRunc.run(sink, sink, "--root", root.toString(), "run", "--bundle", bundle.toString(), id);
        // the same container, step by step; delete --force, as engines do once the process ended: this JVM
        // is the stub's parent and does not reap it, so without --force the container would count as running
        // and keep its cgroups
        for (String[] args : List.of(
                new String[] {"create", "--bundle", bundle.toString(), id},
                new String[] {"start", id},
                new String[] {"state", id},
                new String[] {"delete", "--force", id})) {
            String[] line = new String[args.length + 2];
            line[0] = "--root";
            line[1] = root.toString();
            System.arraycopy(args, 0, line, 2, args.length);
            PierRunc.run(sink, sink, line);
        }
        trainExec(root, bundle, id + "-exec", sink);
    }

    /**
     * An exec into a container whose init waits for good: created, its exec.fifo removed (the
     * stub holds it open, and nobody writes it), so that it counts as running. The exec runs the
     * stub as its program, which exits at once; delete kills the init.
     */
    private static void trainExec(Path root, Path bundle, String id, PrintWriter sink) throws IOException {
        if (PierRunc.run(sink, sink, "--root", root.toString(), "create", "--bundle", bundle.toString(), id) != 0) {
            return;
        }
        try {
            Files.deleteIfExists(root.resolve(id).resolve("exec.fifo"));
            PierRunc.run(sink, sink, "--root", root.toString(), "exec", id, "/init");
        } finally {
            PierRunc.run(sink, sink, "--root", root.toString(), "delete", "--force", id);
        }
    }

    /** {@code all} for the cache of every command, {@code run} for the commands engines send per container. */
    @Parameters(arity = "0..1", defaultValue = "all", description = "run or all")
    String workload;

    /**
     * Runs the workload named by the first argument (default {@code all}). The launcher starts this
     * class rather than the {@code __aot-training} command: parsing a command line would put the
     * command-line library's classes into caches whose commands never load them.
     */
    public static void main(String[] args) throws Exception {
        System.exit(new AotTrainingCommand(args.length > 0 ? args[0] : "all").call());
    }

    AotTrainingCommand() {}   // for picocli

    private AotTrainingCommand(String workload) {
        this.workload = workload;
    }

    @Override
    public Integer call() throws Exception {
        if (!workload.equals("run") && !workload.equals("all")) {
            throw new IllegalArgumentException("__aot-training: unknown workload " + workload + " (run or all)");
        }
        Path work = Files.createTempDirectory("pier-runc-aot-");
        try {
            Files.createDirectories(work.resolve("rootfs"));
            PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
            Path root = work.resolve("state");
            if (workload.equals("run")) {   // nothing but what a container's create, start, run and delete use
                if ("root".equals(System.getProperty("user.name"))) {
                    runContainer(work.resolve("container"), root, sink);
                }
                return 0;
            }
            for (String[] args : List.of(
                    new String[] {"spec", "--bundle", work.toString()},
                    new String[] {"--root", root.toString(), "list"},
                    new String[] {"--root", root.toString(), "list", "--format", "json"},
                    new String[] {"--root", root.toString(), "state", "none"},
                    new String[] {"--root", root.toString(), "features"})) {
                PierRunc.run(sink, sink, args);
            }
            Bundle bundle = Bundle.open(work);
            Json.pretty(bundle.spec());
            dev.pier.runtime.spec.SpecReader.read(Json.write(DefaultSpec.create(false, 0, 0)), "config.json");
            ContainerInit.train(bundle.spec());
            if ("root".equals(System.getProperty("user.name"))) {
                runContainer(work.resolve("container"), root, sink);
            }
            return 0;
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
