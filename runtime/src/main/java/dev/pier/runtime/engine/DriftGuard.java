package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSyscall;
import dev.pier.runtime.spec.Mount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code --drift=block} changes in a container's configuration, so that only executables
 * that came from the image can be executed: the root filesystem (the image) is read-only; the
 * places a program usually writes to ({@code /tmp}, {@code /var/tmp}, {@code /run}) become tmpfs
 * mounts; every mount, volumes and {@code /dev} included, is {@code noexec}; and
 * {@code memfd_create} is denied, because a memfd is executable on its own hidden mount. What
 * this does not stop (interpreters reading scripts, code mapped from anonymous memory) is in
 * docs/security.md.
 */
final class DriftGuard {
    /** The writable places given a tmpfs of their own, with their modes. */
    static final List<Mount> WRITABLE_PLACES = List.of(
            new Mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "mode=1777")),
            new Mount("/var/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "mode=1777")),
            new Mount("/run", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "noexec", "mode=755")));
    private static final Set<String> REMOUNTING_CAPS = Set.of("ALL", "SYS_ADMIN", "CAP_SYS_ADMIN");

    private DriftGuard() {}

    /** Refuses the settings under which the container could undo the guard (remount its root writable). */
    static void check(RunRequest request) {
        if (request.security().privileged()) {
            throw new RuntimeError("--drift=block cannot hold with --privileged (CAP_SYS_ADMIN can remount the image writable and executable)");
        }
        for (String cap : request.security().capAdd()) {
            if (REMOUNTING_CAPS.contains(cap.toUpperCase(Locale.ROOT))) {
                throw new RuntimeError("--drift=block cannot hold with --cap-add " + cap + " (CAP_SYS_ADMIN can remount the image writable and executable)");
            }
        }
    }

    /** The tmpfs mounts for the writable places that no mount among {@code destinations} already covers. */
    static List<Mount> writablePlaces(Collection<String> destinations) {
        return WRITABLE_PLACES.stream().filter(m -> !destinations.contains(m.destination())).toList();
    }

    /** {@code mounts} with {@code noexec} added to each; an explicit {@code exec} option is refused. */
    static List<Mount> noexec(List<Mount> mounts) {
        List<Mount> out = new ArrayList<>();
        for (Mount m : mounts) {
            if (m.options().contains("exec")) {
                throw new RuntimeError("the mount of " + m.destination() + " asks for exec, which --drift=block forbids");
            }
            List<String> options = new ArrayList<>(m.options());
            if (!options.contains("noexec")) {
                options.add("noexec");
            }
            out.add(new Mount(m.destination(), m.type(), m.source(), options));
        }
        return out;
    }

    /**
     * {@code profile} (null when unconfined) changed so that {@code memfd_create} fails with EPERM:
     * the name leaves every allowing rule, and gets a rule of its own when the default allows.
     */
    static LinuxSeccomp denyMemfd(LinuxSeccomp profile) {
        LinuxSyscall deny = new LinuxSyscall(List.of("memfd_create"), "SCMP_ACT_ERRNO", 1, null);
        if (profile == null) {
            return new LinuxSeccomp("SCMP_ACT_ALLOW", null, DefaultSeccompProfile.architectures(SeccompProfiles.goArch()), null,
                    List.of(deny));
        }
        List<LinuxSyscall> rules = new ArrayList<>();
        for (LinuxSyscall r : profile.syscalls()) {
            List<String> names = r.names().stream().filter(n -> !n.equals("memfd_create")).toList();
            if (!names.isEmpty()) {
                rules.add(new LinuxSyscall(names, r.action(), r.errnoRet(), r.args()));
            }
        }
        if (allows(profile.defaultAction())) {
            rules.add(deny);
        }
        return new LinuxSeccomp(profile.defaultAction(), profile.defaultErrnoRet(), profile.architectures(), profile.flags(), rules);
    }

    private static boolean allows(String action) {
        return action.equals("SCMP_ACT_ALLOW") || action.equals("SCMP_ACT_LOG") || action.startsWith("SCMP_ACT_NOTIFY")
                || action.startsWith("SCMP_ACT_TRACE");
    }
}
