package dev.pier.build.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** How a RUN's process is kept apart from the host, as buildah's {@code --isolation}. */
public enum Isolation {
    /** {@link #OCI} where namespaces can be created (checked once), {@link #CHROOT} otherwise. */
    AUTO,
    /** A container of the Pier runtime: namespaces, mounts, capabilities, seccomp. */
    OCI,
    /**
     * The process chrooted into the stage's root, in Pier's own namespaces, without mounts: for
     * inside an unprivileged container, where namespaces and mounts are denied.
     */
    CHROOT;

    private static volatile Optional<String> namespacesDenied;

    /** The isolation named {@code name} (case-insensitive), as {@code --isolation} takes it. */
    public static Isolation parse(String name) {
        for (Isolation i : values()) {
            if (i.name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new dev.pier.image.PierException("unknown isolation \"" + name + "\": use oci, chroot or auto");
    }

    /**
     * Why RUN's namespaces cannot be created here, or empty when they can: a trial
     * {@code unshare} of the namespaces a RUN container gets, run once per JVM.
     */
    static Optional<String> namespacesDenied() {
        Optional<String> d = namespacesDenied;
        if (d == null) {
            synchronized (Isolation.class) {
                if (namespacesDenied == null) {
                    namespacesDenied = probe();
                }
                d = namespacesDenied;
            }
        }
        return d;
    }

    private static Optional<String> probe() {
        try {
            Process p = new ProcessBuilder("unshare", "--mount", "--pid", "--net", "--uts", "--ipc", "--fork", "true")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? Optional.empty() : Optional.of(out.isEmpty() ? "unshare failed" : out.lines().findFirst().orElse(out));
        } catch (IOException e) {
            return Optional.of("cannot run unshare: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
