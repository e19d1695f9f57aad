package dev.pier.analyze.profile;

import dev.pier.analyze.profile.BehaviourProfile.Connection;
import dev.pier.analyze.trace.SeccompProfile;
import dev.pier.image.PierException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code pier run --profile FILE} enforces of a {@link BehaviourProfile}:
 * <ul>
 *   <li>a seccomp filter allowing the recorded calls (with what the runtime needs to reach execve,
 *       as {@link SeccompProfile#allowing} adds), every other call failing with EPERM;</li>
 *   <li>the recorded capabilities and no other ({@code --cap-drop ALL --cap-add ...});</li>
 *   <li>a read-only root filesystem with a tmpfs on each directory the run wrote in, holding a copy
 *       of the image's content there ({@code --tmpfs DIR:tmpcopyup}); noexec unless the run
 *       executed something from it. When the run wrote directly in {@code /}, the root stays writable;</li>
 *   <li>the recorded internet connections as the egress allow-list.</li>
 * </ul>
 *
 * @param seccomp the seccomp filter
 * @param capabilities the capability set
 * @param writable the directories kept writable (tmpfs with the image's content)
 * @param executableWritable those of them the run executed a file from (mounted exec)
 * @param readOnlyRoot whether the root filesystem is read-only
 * @param egress the inet and inet6 connections allowed out
 */
public record ProfileEnforcement(SeccompProfile seccomp, List<String> capabilities, List<String> writable, List<String> executableWritable,
                                 boolean readOnlyRoot, List<Connection> egress) {
    public ProfileEnforcement {
        capabilities = List.copyOf(capabilities);
        writable = List.copyOf(writable);
        executableWritable = List.copyOf(executableWritable);
        egress = List.copyOf(egress);
    }

    /** The enforcement of {@code profile} on a machine whose seccomp filters take {@code architectures}. */
    public static ProfileEnforcement of(BehaviourProfile profile, List<String> architectures) {
        BehaviourProfile.Syscalls s = profile.syscalls();
        List<String> dirs = ProfilePaths.writableDirectories(profile.files().written());
        boolean rootWritten = dirs.contains("/");
        List<String> writable = rootWritten ? List.of() : dirs;
        writable.stream().filter(d -> d.contains(":") || d.contains(",")).findFirst().ifPresent(d -> {
            throw new PierException("cannot enforce the profile: the written directory " + d + " has a ':' or ',', which a tmpfs mount cannot name");
        });
        List<String> exec = writable.stream()
                .filter(d -> profile.executables().stream().anyMatch(e -> ProfilePaths.under(e, d))).toList();
        return new ProfileEnforcement(SeccompProfile.allowing(s.made(), s.enosys(), s.runtime(), architectures),
                List.copyOf(profile.capabilities().keySet()), writable, exec, !rootWritten,
                profile.network().stream().filter(c -> !c.family().equals("unix")).toList());
    }

    /**
     * Refuses a profile recorded from another image than the one to run ({@code digest}), unless
     * {@code force}: the recorded calls, files and capabilities describe that image's programs.
     */
    public static void checkImage(BehaviourProfile profile, Path file, String digest, boolean force) {
        if (!force && !profile.image().digest().equals(digest)) {
            throw new PierException("profile " + file + " was recorded from image " + profile.image().digest() + " (" + profile.image().name()
                    + "), not " + digest + ": record a new one, or add --force-profile to enforce it anyway");
        }
    }

    /** The {@code --tmpfs} mounts of the writable directories. */
    public List<String> tmpfs() {
        List<String> out = new ArrayList<>();
        for (String d : writable) {
            out.add(d + ":tmpcopyup" + (executableWritable.contains(d) ? ",exec" : ""));
        }
        return out;
    }
}
