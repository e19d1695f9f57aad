package dev.pier.runtime.container;

import dev.pier.image.spec.Json;
import dev.pier.runtime.init.ChrootInit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a process chrooted into a directory in the caller's own namespaces, as buildah's
 * {@code --isolation chroot} does: for where namespaces and mounts cannot be made (inside a
 * container without CAP_SYS_ADMIN). The process gets its user, groups, capability sets, rlimits,
 * environment and working directory, and the default device nodes where mknod is allowed; it has
 * no {@code /proc}, no mounts, and shares the caller's network, pid and ipc namespaces. Needs
 * CAP_SYS_CHROOT (root, or root in a user namespace).
 */
public final class ChrootLauncher {
    private ChrootLauncher() {}

    /**
     * Starts {@code request}; the request file is written to {@code requestFile}. The returned
     * process's exit status is the chrooted process's (127 when the set-up failed, its reason on
     * stderr).
     */
    public static java.lang.Process start(ChrootInit.Request request, Path requestFile, Creator.Stdio stdio) throws IOException {
        Files.write(requestFile, Json.write(request));
        List<String> cmd = new ArrayList<>(Launcher.jvm(false));
        cmd.set(cmd.size() - 1, ChrootInit.class.getName());
        cmd.add(requestFile.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(stdio.in()).redirectOutput(stdio.out()).redirectError(stdio.err());
        String path = System.getenv("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path);
        return pb.start();
    }
}
