package dev.pier.runtime.engine;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.Containers;
import dev.pier.runtime.init.SecureJoin;
import dev.pier.runtime.network.Slirp4netns;
import dev.pier.runtime.spec.*;
import dev.pier.runtime.spec.Process;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an image's config and a {@link RunRequest} into the runtime-spec configuration, with
 * Docker's rules and defaults (see {@link #spec}).
 */
public final class SpecFactory {
    /** Docker's masked paths. */
    public static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore",
            "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    /** Docker's read-only paths. */
    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private SpecFactory() {}

    /** The process's arguments by Docker's rules: an overridden Entrypoint drops the image's Cmd; a given command replaces Cmd. */
    public static List<String> args(ContainerConfig config, RunRequest request) {
        List<String> entrypoint = request.entrypoint() != null ? request.entrypoint()
                : config.entrypoint() == null ? List.of() : config.entrypoint();
        List<String> cmd = !request.command().isEmpty() ? request.command()
                : request.entrypoint() != null || config.cmd() == null ? List.of() : config.cmd();
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw new RuntimeError("no command specified: the image has no Entrypoint or Cmd; give one after the image");
        }
        return args;
    }

    /**
     * The spec for a container of {@code config} with rootfs {@code rootfs} (mounted, to resolve
     * the user and create the working directory) and the given extra mounts.
     */
    public static Spec spec(ContainerConfig config, RunRequest request, Path rootfs, String hostname, List<Mount> extraMounts,
            String cgroupsPath) {
        RunRequest.Security sec = request.security();
        String user = request.user() != null && !request.user().isEmpty() ? request.user() : config.user();
        ImageUsers.Resolved u = ImageUsers.resolve(rootfs, user);
        List<String> env = EnvFiles.merge(config.env(), request.env());
        List<String> defaults = new ArrayList<>();
        if (!EnvFiles.has(env, "PATH")) {
            defaults.add(EnvFiles.DEFAULT_PATH);
        }
        defaults.add("HOSTNAME=" + hostname);
        if (!EnvFiles.has(env, "HOME")) {
            defaults.add("HOME=" + u.home());
        }
        env = EnvFiles.merge(defaults, env);
        String cwd = request.workdir() != null && !request.workdir().isEmpty() ? request.workdir()
                : config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir();
        if (!cwd.startsWith("/")) {
            throw new RuntimeError("the working directory " + cwd + " is not absolute");
        }
        createWorkdir(rootfs, cwd, u);
        List<String> caps = CapabilitySets.of(sec.capAdd(), sec.capDrop(), sec.privileged());
        boolean noNewPrivs = !sec.privileged();
        String seccomp = null;
        for (String opt : sec.securityOpts()) {
            String o = SecurityLabels.normalize(opt);
            if (o.equals("no-new-privileges") || o.equals("no-new-privileges=true")) {
                noNewPrivs = true;
            } else if (o.equals("no-new-privileges=false")) {
                noNewPrivs = false;
            } else if (o.startsWith("seccomp=")) {
                seccomp = o.substring(8);
            } else if (!SecurityLabels.accepts(o)) {
                throw new RuntimeError("unsupported --security-opt " + opt
                        + " (seccomp=FILE|unconfined, no-new-privileges, apparmor=PROFILE, label=...)");
            }
        }
        SecurityLabels labels = SecurityLabels.of(sec.securityOpts().stream().map(SecurityLabels::normalize).toList());
        LinuxSeccomp profile = sec.privileged() || "unconfined".equals(seccomp) ? null
                : seccomp == null ? SeccompProfiles.pierDefault(caps) : SeccompProfiles.fromFile(Path.of(seccomp), caps);
        boolean block = request.protection().drift() == DriftMode.BLOCK;
        if (block) {
            profile = DriftGuard.denyMemfd(profile);
        }
        boolean terminal = request.startup().terminal();
        List<String> args = request.startup().init() ? InitBinary.wrap(args(config, request)) : args(config, request);
        Process process = new Process(terminal, terminal ? ConsoleRelay.hostSize().orElse(null) : null,
                new User(u.uid(), u.gid(), null, u.additionalGids()), args, env,
                cwd, new LinuxCapabilities(caps, caps, List.of(), caps, List.of()), rlimits(request.limits().ulimits()),
                noNewPrivs, labels.apparmorProfile(), null, labels.selinuxLabel());
        List<Mount> mounts = new ArrayList<>(MountSpecs.defaults(sec.privileged()));
        if (block) {
            mounts.addAll(DriftGuard.writablePlaces(extraMounts.stream().map(Mount::destination).toList()));
        }
        mounts.addAll(extraMounts);
        List<LinuxNamespace> namespaces = new ArrayList<>();
        namespaces.addAll(shareable("pid", request.pid(), "--pid"));
        namespaces.addAll(shareable("ipc", request.ipc(), "--ipc"));
        for (String t : List.of("uts", "mount", "cgroup")) {
            namespaces.add(new LinuxNamespace(t, null));
        }
        switch (request.network()) {
            case "none", "bridge" -> namespaces.add(new LinuxNamespace("network", null));
            case "host" -> { }
            case String n when Slirp4netns.names(n) -> namespaces.add(new LinuxNamespace("network", null));
            default -> throw new RuntimeError("unsupported --network " + request.network() + " (none, host, bridge or slirp4netns)");
        }
        Linux linux = new Linux(null, null, null, resources(request.limits()), cgroupsPath, namespaces, null, profile, null,
                sec.privileged() ? List.of() : MASKED_PATHS, sec.privileged() ? List.of() : READONLY_PATHS, labels.mountLabel());
        return new Spec(Containers.OCI_VERSION, process, new Root(rootfs.toString(), request.readOnly() || block), hostname, null,
                block ? DriftGuard.noexec(mounts) : mounts,
                null, Map.of(), linux);
    }

    /** A namespace of its own ({@code private}), or none, to share the host's ({@code host}). */
    private static List<LinuxNamespace> shareable(String type, String mode, String flag) {
        return switch (mode) {
            case "private" -> List.of(new LinuxNamespace(type, null));
            case "host" -> List.of();
            default -> throw new RuntimeError("unsupported " + flag + " " + mode + " (private or host)");
        };
    }

    private static void createWorkdir(Path rootfs, String cwd, ImageUsers.Resolved u) {
        Path dir = SecureJoin.join(rootfs, cwd);
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
                Files.setAttribute(dir, "unix:uid", (int) u.uid());
                Files.setAttribute(dir, "unix:gid", (int) u.gid());
            } catch (IOException | UnsupportedOperationException e) {
                throw new RuntimeError("cannot create the working directory " + cwd + ": " + e.getMessage(), e);
            }
        }
    }

    private static LinuxResources resources(RunRequest.Limits l) {
        if (l.memory() == null && l.cpus() == null && l.pids() == null) {
            return null;
        }
        LinuxMemory memory = l.memory() == null ? null : new LinuxMemory(l.memory(), null, null, null, null);
        LinuxCPU cpu = l.cpus() == null ? null : new LinuxCPU(null, Math.round(l.cpus() * 100_000), 100_000L, null, null);
        LinuxPids pids = l.pids() == null ? null : new LinuxPids(l.pids());
        return new LinuxResources(memory, cpu, pids, null);
    }

    /** Docker's {@code --ulimit name=soft[:hard]} as rlimits; {@code host} adds nothing. */
    static List<Rlimit> rlimits(List<String> ulimits) {
        List<Rlimit> out = new ArrayList<>();
        for (String u : ulimits) {
            if (u.equals("host")) {
                continue;
            }
            int eq = u.indexOf('=');
            if (eq <= 0) {
                throw new RuntimeError("invalid --ulimit " + u + " (use NAME=SOFT[:HARD], e.g. nofile=1024:2048)");
            }
            String[] v = u.substring(eq + 1).split(":");
            try {
                BigInteger soft = limit(v[0]);
                BigInteger hard = v.length > 1 ? limit(v[1]) : soft;
                out.add(new Rlimit("RLIMIT_" + u.substring(0, eq).toUpperCase(Locale.ROOT), hard, soft));
            } catch (NumberFormatException e) {
                throw new RuntimeError("invalid --ulimit " + u + ": " + v[0] + " is not a number");
            }
        }
        return out;
    }

    private static BigInteger limit(String v) {
        return v.equals("-1") || v.equals("unlimited") ? new BigInteger("18446744073709551615") : new BigInteger(v);
    }
}
