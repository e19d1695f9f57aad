package dev.pier.build.run;

import dev.pier.runtime.container.DefaultSpec;
import dev.pier.runtime.engine.SeccompProfiles;
import dev.pier.runtime.spec.Linux;
import dev.pier.runtime.spec.LinuxCapabilities;
import dev.pier.runtime.spec.LinuxNamespace;
import dev.pier.runtime.spec.Mount;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.spec.Root;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.spec.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime configuration of a RUN's container, as BuildKit's: runc's default mounts and
 * masked paths, Docker's default capabilities (effective only for root) and seccomp profile, hostname
 * {@code buildkitsandbox}, no terminal, a network namespace of its own unless the network is the
 * host's (then the host's {@code /etc/resolv.conf} and {@code /etc/hosts} are bound read-only).
 */
final class RunSpec {
    /** The hostname a RUN sees. */
    static final String HOSTNAME = "buildkitsandbox";
    /** Docker's default capability set. */
    static final List<String> DOCKER_CAPS = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
            "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
            "CAP_KILL", "CAP_AUDIT_WRITE");
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private RunSpec() {}

    /**
     * The spec.
     *
     * @param root the container's root directory
     * @param argv the command
     * @param env {@code NAME=value}; PATH is added when missing
     * @param cwd the working directory
     * @param user the resolved USER
     * @param hostNetwork whether the container shares the host's network
     * @param extraMounts the RUN's own mounts, after the default ones
     */
    static Spec create(Path root, List<String> argv, List<String> env, String cwd, User user, boolean hostNetwork,
                       List<Mount> extraMounts) {
        Spec base = DefaultSpec.create(false, 0, 0);
        List<String> environment = new ArrayList<>(env);
        if (environment.stream().noneMatch(e -> e.startsWith("PATH="))) {
            environment.addFirst(DEFAULT_PATH);
        }
        List<String> effective = user.uid() == 0 ? DOCKER_CAPS : List.of();
        LinuxCapabilities caps = new LinuxCapabilities(DOCKER_CAPS, effective, List.of(), effective, List.of());
        Process process = new Process(false, null, user, argv, environment, cwd, caps, base.process().rlimits(), false,
                null, null, null);
        List<Mount> mounts = new ArrayList<>(base.mounts());
        if (hostNetwork) {
            mounts.add(new Mount("/etc/resolv.conf", "none", "/etc/resolv.conf", List.of("bind", "ro", "nosuid", "nodev", "noexec")));
            mounts.add(new Mount("/etc/hosts", "none", "/etc/hosts", List.of("bind", "ro", "nosuid", "nodev", "noexec")));
        }
        mounts.addAll(extraMounts);
        List<LinuxNamespace> namespaces = new ArrayList<>();
        for (String t : List.of("pid", "ipc", "uts", "mount", "cgroup")) {
            namespaces.add(new LinuxNamespace(t, null));
        }
        if (!hostNetwork) {
            namespaces.add(new LinuxNamespace("network", null));
        }
        Linux l = base.linux();
        Linux linux = new Linux(null, null, null, null, null, namespaces, null, SeccompProfiles.pierDefault(DOCKER_CAPS), null,
                l.maskedPaths(), l.readonlyPaths(), null);
        return new Spec(base.ociVersion(), process, new Root(root.toString(), false), HOSTNAME, null, mounts, null,
                java.util.Map.of(), linux);
    }

    /** A read-only bind mount of {@code source} on {@code target}. */
    static Mount readOnlyBind(Path source, String target) {
        return new Mount(target, "none", source.toString(), List.of("rbind", "ro", "nosuid", "nodev"));
    }

    /** A read-write bind mount of {@code source} on {@code target}. */
    static Mount bind(Path source, String target) {
        return new Mount(target, "none", source.toString(), List.of("rbind", "rw", "nosuid", "nodev"));
    }
}
