package dev.pier.runtime.init;

import dev.pier.image.spec.Json;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.sys.Libc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JVM of a chroot-isolated process (see {@link dev.pier.runtime.container.ChrootLauncher}):
 * it creates the default device nodes under the root where mknod is allowed, chroots into the
 * root (the whole process: chroot does not need a namespace), then sets up and execs the process
 * like {@link ContainerInit} — user, groups, capabilities, rlimits, working directory — after
 * writing the request's files (where a container would have a bind mount). It makes no
 * namespace and no mount, so it works where those are denied, inside an unprivileged container.
 * Before it execs, a failure prints one line on stderr and exits with status 127.
 */
public final class ChrootInit {
    private ChrootInit() {}

    /**
     * What to run: the request file the launcher writes.
     *
     * @param root the directory that becomes the process's root
     * @param process the process, as in a runtime spec
     * @param files files to write before it starts, absolute paths in the root to contents, mode
     *     0755, written after chroot so that no path leads outside the root
     */
    public record Request(String root, Process process, Map<String, String> files) {
        public Request {
            files = files == null ? Map.of() : Map.copyOf(files);
        }
    }

    /** {@code ChrootInit <request.json>}. */
    public static void main(String[] args) {
        try {
            Request request = Json.read(Files.readAllBytes(Path.of(args[0])), Request.class, args[0]);
            Preload.classes();   // the class path is out of reach after chroot
            Libc.umask(0);
            Devices.createWherePossible(Path.of(request.root()));
            ProcessSetup setup = new ProcessSetup(request.process());
            Libc.chdir(request.root());
            Libc.chroot(".");
            Libc.chdir("/");
            for (var f : request.files().entrySet()) {
                Path file = Path.of(f.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
                Files.setAttribute(file, "unix:mode", 0755);
            }
            setup.createDirectory();
            String executable = setup.executable();
            setup.plan(executable, null, 0, new SyscallPlan()).execute();
        } catch (Throwable t) {
            String message = t instanceof dev.pier.image.PierException ? t.getMessage() : t.toString();
            System.err.println("pier: " + message.replace('\n', ' '));
            if (Boolean.getBoolean("pier.debug")) {
                t.printStackTrace();
            }
            System.err.flush();
            Runtime.getRuntime().halt(127);
        }
    }
}
