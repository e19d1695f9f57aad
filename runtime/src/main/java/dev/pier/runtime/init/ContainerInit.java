package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.ContainerInfo;
import dev.pier.runtime.container.HookRunner;
import dev.pier.runtime.container.LaunchOptions;
import dev.pier.runtime.container.StateDir;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Seccomp;
import dev.pier.runtime.sys.SecurityModules;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's init: the JVM that {@code unshare --fork} started as PID 1 of the container's
 * pid namespace, in its mount, uts, ipc, net (and user) namespaces. It builds the root
 * filesystem, reports "ready" to {@code create} through {@code init.status}, waits until
 * {@code start} opens {@code exec.fifo}, then joins the cgroup, drops privileges and execs the
 * container's process — which keeps this pid.
 */
public final class ContainerInit {
    private static volatile boolean started;

    private ContainerInit() {}

    /** {@code ContainerInit <state dir>}. */
    public static void main(String[] args) {
        StateDir dir = new StateDir(Path.of(args[0]));
        FileOutputStream status;
        try {
            status = new FileOutputStream(dir.initStatus().toFile(), true);
        } catch (IOException e) {
            System.err.println("pier-runc init: " + e.getMessage());
            Runtime.getRuntime().halt(125);
            return;
        }
        try {
            run(dir, status);
        } catch (Throwable t) {
            String message = t instanceof dev.pier.image.PierException ? t.getMessage() : t.toString();
            report(status, "error " + message.replace('\n', ' '));
            if (started) {   // create has returned: nobody reads init.status any more
                System.err.println("pier-runc: " + message);
            }
            if (Boolean.getBoolean("pier.debug")) {
                t.printStackTrace();
            }
            Runtime.getRuntime().halt(127);
        }
    }

    private static void run(StateDir dir, FileOutputStream status) throws IOException {
        Libc.umask(0);
        ContainerInfo info = Json.read(Files.readAllBytes(dir.stateJson()), ContainerInfo.class, "state.json");
        Spec spec = dev.pier.runtime.spec.SpecReader.read(Files.readAllBytes(dir.configJson()), "config.json");
        LaunchOptions options = Json.read(Files.readAllBytes(dir.dir().resolve("init.json")), LaunchOptions.class, "init.json");
        Preload.classes();
        SecurityModules.requireFor(spec.process().apparmorProfile(), spec.process().selinuxLabel(),
                spec.linux() == null ? null : spec.linux().mountLabel());   // before anything exists, as runc
        byte[] seccomp = spec.linux() != null && spec.linux().seccomp() != null ? Seccomp.compile(spec.linux().seccomp()).bpf() : null;
        int fifo = Libc.open(dir.execFifo().toString(), O_RDWR | O_CLOEXEC, 0);   // start writes a byte into it
        List<Integer> cgroupProcs = new ArrayList<>(options.cgroupProcsFds());
        for (String d : cgroupProcs.isEmpty() ? info.cgroupDirs() : List.<String>of()) {
            Path procs = Path.of(d).resolve("cgroup.procs");
            if (Files.exists(procs)) {
                cgroupProcs.add(Libc.open(procs.toString(), O_WRONLY | O_CLOEXEC, 0));
            }
        }
        if (spec.hooks() != null && !(spec.hooks().createRuntime().isEmpty() && spec.hooks().prestart().isEmpty())) {
            report(status, "hooks");   // create runs them, then opens hooks.fifo
            Files.readAllBytes(dir.hooksFifo());
        }
        int hostPid = Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/self")).toString());   // the host's /proc, still
        Terminal terminal = spec.process().isTerminal() ? Terminal.connect(options.consoleSocket()) : null;
        List<Path> cgroupDirs = info.cgroupDirs().stream().map(Path::of).toList();
        Rootfs rootfs = new Rootfs(spec, Path.of(info.rootfs()), Path.of(info.bundle()), options.userNamespace(), cgroupDirs);
        rootfs.prepare();
        setNames(spec);
        loopbackUp(spec);
        if (spec.hooks() != null && !spec.hooks().createContainer().isEmpty()) {
            HookRunner.run("createContainer", spec.hooks().createContainer(), Json.write(info.toState("creating", hostPid)));
        }
        rootfs.enter(options.noPivot());
        if (terminal != null) {
            terminal.open();
        }
        writeSysctls(spec);
        ProcessSetup process = new ProcessSetup(spec.process());
        process.createDirectory();
        rootfs.finish();
        String executable = process.executable();
        process.securityLabels();   // as runc: before create returns, so an unknown profile fails create
        report(status, "ready");
        Libc.read(fifo, 1);   // blocks until start
        Libc.close(fifo);
        started = true;
        if (spec.hooks() != null && !spec.hooks().startContainer().isEmpty()) {
            // paths in the container; the JVM forks them itself (launchMechanism=FORK: no jspawnhelper after pivot_root)
            HookRunner.run("startContainer", spec.hooks().startContainer(), Json.write(info.toState("running", hostPid)));
        }
        for (int fd : cgroupProcs) {   // joined only now: the JVM's memory and threads stay out of the limits
            Libc.write(fd, "0".getBytes(StandardCharsets.US_ASCII));
            Libc.close(fd);
        }
        if (spec.linux() != null && spec.linux().namespace("cgroup").filter(n -> n.path() == null).isPresent()) {
            Libc.unshare(CLONE_NEWCGROUP);   // after joining, so the namespace's root is the container's cgroup
        }
        Libc.setsid();
        if (terminal != null) {
            terminal.becomeControlling(spec.process().consoleSize());
        }
        process.writeOomScoreAdj(Path.of("/proc/self"));
        report(status, "exec");
        process.plan(executable, seccomp, options.preserveFds(), new SyscallPlan()).execute();
    }

    /**
     * What the init does before its first system call, for the AOT training run (the init itself
     * ends in execve, so it cannot write a cache): parsing, class loading, seccomp compilation.
     */
    public static void train(Spec spec) throws IOException {
        dev.pier.runtime.spec.SpecReader.read(Json.write(spec), "config.json");
        Json.read(Json.write(new ContainerInfo("1.2.0", "x", "/b", "/b/rootfs", 1, 1, "now", "root", List.of("/c"), null)),
                ContainerInfo.class, "state.json");
        Json.read(Json.write(new LaunchOptions(false, 0, null, false)), LaunchOptions.class, "init.json");
        Json.write(new ContainerInfo("1.2.0", "x", "/b", "/b/rootfs", 1, 1, "now", "root", List.of(), null).toState("created", 1));
        Preload.classes();
        var profile = new dev.pier.runtime.spec.LinuxSeccomp("SCMP_ACT_ALLOW", null, List.of("SCMP_ARCH_X86_64"), null,
                List.of(new dev.pier.runtime.spec.LinuxSyscall(List.of("keyctl"), "SCMP_ACT_ERRNO", 1, null)));
        Seccomp compiled = Seccomp.compile(profile);
        compiled.bpf();
        compiled.release();
        for (var m : spec.mounts()) {
            MountOptions.parse(m.type(), m.options());
        }
        new ProcessSetup(spec.process()).plan("/bin/true", null, 0, new SyscallPlan()).encode();
    }

    /** hostname and domainname, in the container's uts namespace. */
    static void setNames(Spec spec) {
        boolean uts = spec.linux() != null && spec.linux().namespace("uts").isPresent();
        if (uts && spec.hostname() != null && !spec.hostname().isEmpty()) {
            Libc.sethostname(spec.hostname());
        }
        if (uts && spec.domainname() != null && !spec.domainname().isEmpty()) {
            Libc.setdomainname(spec.domainname());
        }
    }

    /** A network namespace of its own gets its loopback interface up, as under runc; one joined by path is left as it is. */
    static void loopbackUp(Spec spec) {
        if (spec.linux() != null && spec.linux().namespace("network").filter(n -> n.path() == null || n.path().isEmpty()).isPresent()) {
            dev.pier.runtime.sys.Loopback.upHere();
        }
    }

    /** linux.sysctl, written under the container's /proc/sys (after entering its root). */
    static void writeSysctls(Spec spec) throws IOException {
        if (spec.linux() != null) {
            for (var e : spec.linux().sysctl().entrySet()) {
                Files.writeString(Path.of("/proc/sys").resolve(e.getKey().replace('.', '/')), e.getValue());
            }
        }
    }

    static void report(FileOutputStream status, String line) {
        try {
            status.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            status.flush();
        } catch (IOException e) {
            // create is gone: nothing to tell
        }
    }
}
