package dev.pier.runtime.container;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.cgroup.Cgroup;
import dev.pier.runtime.cgroup.Cgroups;
import dev.pier.runtime.init.InitStub;
import dev.pier.runtime.init.StubLauncher;
import dev.pier.runtime.init.UserNamespaceLauncher;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Seccomp;
import dev.pier.runtime.sys.Spawn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code create}: prepares the state directory and the cgroup, starts the init (see
 * {@link Launcher}), runs the createRuntime hooks when it asks, and returns once the init waits
 * on {@code exec.fifo}. It does not wait for the container to exit.
 *
 * @param containers the runtime root
 * @param debug whether the init prints stack traces
 * @param stdio where the container's standard streams go
 */
public record Creator(Containers containers, boolean debug, Stdio stdio) {
    private static final long READY_TIMEOUT_MS = 120_000;
    /** Where a JVM init in a new user namespace finds the cgroup.procs that create opened (and the next ones). */
    private static final int CGROUP_PROCS_FD = 1000;

    /** A creator whose containers share this JVM's standard streams (as runc's). */
    public Creator(Containers containers, boolean debug) {
        this(containers, debug, Stdio.INHERIT);
    }

    public Creator {
        stdio = stdio == null ? Stdio.INHERIT : stdio;
    }

    /**
     * Where the container's stdin, stdout and stderr go; with {@link ProcessBuilder.Redirect#PIPE}
     * they are read from (or written to) {@link Created#launcher()}.
     */
    public record Stdio(ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
        /** This JVM's own streams. */
        public static final Stdio INHERIT = new Stdio(ProcessBuilder.Redirect.INHERIT, ProcessBuilder.Redirect.INHERIT,
                ProcessBuilder.Redirect.INHERIT);

        /** No input; output and errors through pipes. */
        public static Stdio piped() {
            return new Stdio(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")), ProcessBuilder.Redirect.PIPE,
                    ProcessBuilder.Redirect.PIPE);
        }
    }

    /**
     * A created container.
     *
     * @param info what the runtime recorded
     * @param launcher the process whose exit status is the container's: the container's own
     *     (started through the init stub) or the unshare in front of a JVM init
     */
    public record Created(ContainerInfo info, java.lang.Process launcher) {}

    /** Creates container {@code id} from the bundle at {@code bundleDir}. */
    public Created create(String id, Path bundleDir, LaunchOptions options, Path pidFile) {
        return create(id, bundleDir, options, pidFile, ProcessBuilder.Redirect.INHERIT);
    }

    /** As {@link #create(String, Path, LaunchOptions, Path)}, with the container's stdin from {@code stdin}. */
    public Created create(String id, Path bundleDir, LaunchOptions options, Path pidFile, ProcessBuilder.Redirect stdin) {
        StateDir dir = StateDir.of(containers.root(), id);
        Bundle bundle = Bundle.open(bundleDir);
        Spec spec = bundle.spec();
        try {
            Files.createDirectories(containers.root());
            Files.createDirectory(dir.dir());
        } catch (FileAlreadyExistsException e) {
            throw new RuntimeError("container " + id + " already exists");
        } catch (IOException e) {
            throw new RuntimeError("cannot create " + dir.dir() + ": " + (e instanceof java.nio.file.AccessDeniedException ? "permission denied (use --root)" : e.getMessage()), e);
        }
        Cgroup cgroup = null;
        java.lang.Process launcher = null;
        try {
            cgroup = Cgroups.forContainer(id, spec.linux() == null ? null : spec.linux().cgroupsPath());
            List<String> cgroupDirs = List.of();
            try {
                cgroup.create(dev.pier.runtime.cgroup.DeviceRules.resources(spec.linux()));
                cgroupDirs = cgroup.dirs().stream().map(Path::toString).toList();
            } catch (RuntimeError e) {
                if (isRoot() || (spec.linux() != null && spec.linux().resources() != null)) {
                    throw e;
                }
                cgroup = null;   // rootless without limits: no cgroup, as runc does without delegation
            }
            ProcessBuilder.Redirect in = stdin == ProcessBuilder.Redirect.INHERIT ? stdio.in() : stdin;   // pier run -i
            boolean spawnable = InitStub.available() && new InitStreams(stdio, in).spawnable();
            // the stub makes a new user namespace, so that it takes several mappings; unshare(1) takes one
            boolean userStub = Launcher.creates(spec, "user") && spawnable;
            List<Path> cgroupProcs = userStub ? cgroupDirs.stream().map(d -> Path.of(d, "cgroup.procs")).filter(Files::exists).toList() : List.of();
            LaunchOptions opts = new LaunchOptions(options.noPivot(), options.preserveFds(), options.consoleSocket(),
                    Launcher.creates(spec, "user") || !dev.pier.runtime.sys.UserNamespace.isInitial(),
                    java.util.stream.IntStream.range(0, cgroupProcs.size()).map(i -> CGROUP_PROCS_FD + i).boxed().toList());
            ContainerInfo info = new ContainerInfo(spec.ociVersion(), id, bundle.dir().toString(), bundle.rootfs().toString(),
                    0, 0, Instant.now().toString(), System.getProperty("user.name"), cgroupDirs, spec.annotations());
            // -Dpier.runc.jvmInit=true: the JVM init even where the stub would do (for comparison and tests)
            java.util.Optional<Path> stub = spawnable && StubLauncher.supports(spec, opts) && !Boolean.getBoolean("pier.runc.jvmInit")
                    ? InitStub.install(dir.dir())
                    : java.util.Optional.empty();
            if (stub.isPresent()) {
                // the state files are written while the namespace thread builds the root filesystem
                ContainerInfo recorded = info;
                launcher = launchStub(stub.get(), dir, bundle, info, opts, in, () -> Launcher.prepare(dir, bundle, recorded));
                info = savePid(dir, info, (int) launcher.pid());
            } else {
                Launcher.prepare(dir, bundle, info);
                Libc.mkfifo(dir.execFifo().toString(), 0600);
                boolean runtimeHooks = spec.hooks() != null && !(spec.hooks().createRuntime().isEmpty() && spec.hooks().prestart().isEmpty());
                if (runtimeHooks) {
                    Libc.mkfifo(dir.hooksFifo().toString(), 0600);
                }
                Files.write(dir.initStatus(), new byte[0]);   // the JVM init reports there; the stub does not
                if (userStub) {
                    UserNamespaceLauncher.giveToContainerRoot(spec, runtimeHooks ? List.of(dir.execFifo(), dir.hooksFifo(), dir.initStatus())
                            : List.of(dir.execFifo(), dir.initStatus()));
                }
                Launcher.prepareJvmInit(dir, opts);
                if (userStub) {
                    launcher = launchInUserNamespace(dir, spec, opts, in, cgroupProcs);
                } else {
                    ProcessBuilder pb = new ProcessBuilder(Launcher.command(spec, dir, debug))
                            .redirectInput(in).redirectOutput(stdio.out()).redirectError(stdio.err());
                    pb.environment().clear();
                    pb.environment().put("PATH", hostPath());
                    launcher = pb.start();
                }
                info = waitForInit(dir, info, launcher, spec);
            }
            if (pidFile != null) {
                Files.writeString(pidFile, String.valueOf(info.pid()));
            }
            return new Created(info, launcher);
        } catch (IOException | RuntimeException e) {
            if (launcher != null) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
            if (cgroup != null) {
                cgroup.destroy();
            }
            Containers.deleteTree(dir.dir());
            if (e instanceof RuntimeError r) {
                throw r;
            }
            throw new RuntimeError("cannot create container " + id + ": " + e.getMessage(), e);
        }
    }

    /** Starts the container through the {@link InitStub}: no JVM in the container. */
    private java.lang.Process launchStub(Path stub, StateDir dir, Bundle bundle, ContainerInfo info, LaunchOptions opts,
            ProcessBuilder.Redirect in, StubLauncher.Meanwhile meanwhile) throws IOException {
        Spec spec = bundle.spec();
        byte[] seccomp = spec.linux().seccomp() == null ? null
                : dev.pier.runtime.sys.SeccompCache.bpf(containers.root().resolve(".seccomp"), spec.linux().seccomp());
        return new InitStreams(stdio, in).spawn(fds -> StubLauncher.launch(stub, dir, spec, info, opts, fds, seccomp, meanwhile));
    }

    /** Starts the JVM init in a new user namespace that the stub makes (see {@link UserNamespaceLauncher}). */
    private java.lang.Process launchInUserNamespace(StateDir dir, Spec spec, LaunchOptions opts, ProcessBuilder.Redirect in,
            List<Path> cgroupProcs) throws IOException {
        String path = hostPath();
        List<String> join = new java.util.ArrayList<>(Launcher.joinCommand(spec));
        if (!join.isEmpty()) {
            join.set(0, Launcher.absolute(join.getFirst(), path));
        }
        List<String> command = new java.util.ArrayList<>(Launcher.createCommand(spec, dir, debug, false));
        command.set(0, Launcher.absolute(command.getFirst(), path));
        List<Integer> opened = new java.util.ArrayList<>();
        try {
            List<Spawn.Dup> inherited = new java.util.ArrayList<>();
            for (int i = 0; i < cgroupProcs.size(); i++) {
                opened.add(Libc.open(cgroupProcs.get(i).toString(), dev.pier.runtime.sys.Flags.O_WRONLY | dev.pier.runtime.sys.Flags.O_CLOEXEC, 0));
                inherited.add(new Spawn.Dup(opened.getLast(), opts.cgroupProcsFds().get(i)));
            }
            return new InitStreams(stdio, in).spawn(fds -> UserNamespaceLauncher.launch(dir.dir(), spec, join, command, List.of("PATH=" + path), fds,
                    opts.preserveFds(), inherited));
        } finally {
            opened.forEach(Libc::close);
        }
    }

    /** The PATH the runtime's helpers (nsenter, unshare, newuidmap) are found on. */
    private static String hostPath() {
        String path = System.getenv("PATH");
        return path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path;
    }

    private ContainerInfo waitForInit(StateDir dir, ContainerInfo info, java.lang.Process launcher, Spec spec) throws IOException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        boolean hooksDone = false;
        while (System.currentTimeMillis() < deadline) {
            List<String> lines = Files.readAllLines(dir.initStatus(), StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("error ")) {
                    throw new RuntimeError(line.substring(6));
                }
            }
            if (!hooksDone && lines.contains("hooks")) {
                info = recordPid(dir, info, launcher);
                byte[] state = Json.write(info.toState("created", info.pid()));
                HookRunner.run("prestart", spec.hooks().prestart(), state);
                HookRunner.run("createRuntime", spec.hooks().createRuntime(), state);
                Files.write(dir.hooksFifo(), new byte[] {'1'});
                hooksDone = true;
            }
            if (lines.contains("ready")) {
                return info.pid() > 0 ? info : recordPid(dir, info, launcher);
            }
            if (!launcher.isAlive()) {
                throw new RuntimeError("the container's init exited with status " + launcher.exitValue() + " before it was ready");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeError("interrupted while creating the container", e);
            }
        }
        throw new RuntimeError("the container's init was not ready after " + READY_TIMEOUT_MS / 1000 + "s");
    }

    /** Finds the init (the child of unshare), records its pid in state.json. */
    private static ContainerInfo recordPid(StateDir dir, ContainerInfo info, java.lang.Process launcher) throws IOException {
        int pid = 0;
        for (int i = 0; i < 5000 && pid == 0; i++) {
            List<Integer> children = ProcStat.children((int) launcher.pid());
            if (!children.isEmpty()) {
                pid = children.getFirst();
            } else if (!launcher.isAlive()) {
                throw new RuntimeError("the container's init exited with status " + launcher.exitValue());
            } else {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RuntimeError("interrupted", e);
                }
            }
        }
        return savePid(dir, info, pid);
    }

    /** Records the init's pid in state.json. */
    private static ContainerInfo savePid(StateDir dir, ContainerInfo info, int pid) throws IOException {
        ContainerInfo withPid = info.withPid(pid, ProcStat.startTime(pid));
        Path tmp = dir.stateJson().resolveSibling("state.json.tmp");
        Files.write(tmp, Json.write(withPid));
        Files.move(tmp, dir.stateJson(), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return withPid;
    }

    /** Root in the initial user namespace (root in a rootless user namespace cannot make cgroups either). */
    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name")) && dev.pier.runtime.sys.UserNamespace.isInitial();
    }
}
