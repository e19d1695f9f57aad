package dev.pier.runtime.init;

import static dev.pier.runtime.sys.Flags.*;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.ContainerInfo;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.Seccomp;
import dev.pier.runtime.sys.SecurityModules;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM of {@code pier-runc exec}: started by {@code nsenter --target <pid> --pid [--user]},
 * so it already is in the container's pid (and user) namespace. On its main thread it joins the
 * container's cgroup, unshares CLONE_FS, setns()es into the uts, ipc, net, cgroup and mount
 * namespaces (the mount namespace makes the container's root its root), then sets up and execs
 * the process like {@link ContainerInit}. With {@code process.terminal} it connects to the console
 * socket first and hands it the master of a new pty in the container's devpts, as the init does.
 *
 * <p>Only for what {@link ExecLauncher} (the init stub, no JVM) cannot do: AppArmor and SELinux
 * labels, machines without a stub, and {@code -Dpier.runc.jvmInit=true}. In a user namespace that
 * root made for another host uid it cannot open the container's namespaces nor its cgroup.
 */
public final class ExecInit {
    private static final List<String> NAMESPACES = List.of("uts", "ipc", "net", "cgroup", "mnt");
    private static final int[] TYPES = {CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWNS};

    private ExecInit() {}

    /** {@code ExecInit <state dir> <process.json> <status file> [<console socket>]}. */
    public static void main(String[] args) throws Exception {
        try (FileOutputStream status = new FileOutputStream(args[2], true)) {
            try {
                run(Path.of(args[0]), Path.of(args[1]), status, args.length > 3 ? args[3] : null);
            } catch (Throwable t) {
                String message = t instanceof dev.pier.image.PierException ? t.getMessage() : t.toString();
                ContainerInit.report(status, "error " + message.replace('\n', ' '));
                if (Boolean.getBoolean("pier.debug")) {
                    t.printStackTrace();
                }
                Runtime.getRuntime().halt(127);
            }
        }
    }

    private static void run(Path dir, Path processFile, FileOutputStream status, String consoleSocket) throws Exception {
        ContainerInfo info = Json.read(Files.readAllBytes(dir.resolve("state.json")), ContainerInfo.class, "state.json");
        Spec spec = dev.pier.runtime.spec.SpecReader.read(Files.readAllBytes(dir.resolve("config.json")), "config.json");
        Process process = Json.read(Files.readAllBytes(processFile), Process.class, processFile.toString());
        Preload.classes();
        SecurityModules.requireFor(process.apparmorProfile(), process.selinuxLabel(), null);
        byte[] seccomp = spec.linux() != null && spec.linux().seccomp() != null ? Seccomp.compile(spec.linux().seccomp()).bpf() : null;
        List<Integer> fds = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < NAMESPACES.size(); i++) {
            java.util.Optional<Integer> fd = ExecLauncher.openOther(info.pid(), NAMESPACES.get(i));
            if (fd.isPresent()) {
                fds.add(fd.get());
                types.add(TYPES[i]);
            }
        }
        for (String d : info.cgroupDirs()) {
            Path procs = Path.of(d).resolve("cgroup.procs");
            if (Files.exists(procs)) {
                int fd = Libc.open(procs.toString(), O_WRONLY | O_CLOEXEC, 0);
                Libc.write(fd, "0".getBytes(StandardCharsets.US_ASCII));
                Libc.close(fd);
            }
        }
        Terminal terminal = process.isTerminal() ? Terminal.connect(consoleSocket) : null;   // a host path: before the mount namespace
        Libc.unshare(CLONE_FS);   // this thread's root and cwd become its own, so it may join a mount namespace
        for (int i = 0; i < fds.size(); i++) {
            Libc.setns(fds.get(i), types.get(i));
            Libc.close(fds.get(i));
        }
        if (terminal != null) {
            terminal.openForExec();
        }
        ProcessSetup setup = new ProcessSetup(process);
        String executable = setup.executable();
        setup.securityLabels();
        Libc.setsid();
        if (terminal != null) {
            terminal.becomeControlling(process.consoleSize());
        }
        setup.writeOomScoreAdj(Path.of("/proc/self"));
        ContainerInit.report(status, "exec");
        setup.plan(executable, seccomp, 0, new SyscallPlan()).execute();
    }
}
