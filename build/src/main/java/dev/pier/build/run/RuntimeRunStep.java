package dev.pier.build.run;

import dev.pier.build.executor.RunStep;
import dev.pier.image.PierException;
import dev.pier.runtime.spec.Mount;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.spec.User;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Runs RUN instructions with the Pier runtime. The stage's root is mounted with overlayfs (the
 * root as the lower directory) and the command runs in a container on the merged directory; the
 * upper directory is the layer. Where overlayfs is not available the root is copied and compared
 * afterwards instead ({@link Mode#COPY}). The RUN's mounts ({@code --mount=type=secret|cache|bind})
 * and the runtime's own mount points never land in the layer. Where namespaces cannot be created
 * (inside an unprivileged container) the command runs chrooted into the root instead
 * ({@link Isolation#CHROOT}), without mounts. Needs root.
 */
public final class RuntimeRunStep implements RunStep {
    /** How the RUN's root is made writable. */
    public enum Mode {
        /** overlayfs when a trial mount works (checked once), the copy otherwise. */
        AUTO,
        /** Always copy the root and compare (copy-and-diff). */
        COPY
    }

    private final Path cacheMounts;
    private final Mode mode;
    private final Isolation isolation;
    private final Consumer<String> notices;
    private volatile Isolation chosen;

    /**
     * @param cacheMounts where {@code --mount=type=cache} directories are kept between builds
     * @param mode how the root is made writable
     */
    public RuntimeRunStep(Path cacheMounts, Mode mode) {
        this(cacheMounts, mode, Isolation.AUTO, line -> { });
    }

    /**
     * @param cacheMounts where {@code --mount=type=cache} directories are kept between builds
     * @param mode how the root is made writable
     * @param isolation how the command is isolated; {@link Isolation#AUTO} checks at the first RUN
     * @param notices receives one line when {@link Isolation#AUTO} falls back to chroot, saying why
     */
    public RuntimeRunStep(Path cacheMounts, Mode mode, Isolation isolation, Consumer<String> notices) {
        this.cacheMounts = cacheMounts;
        this.mode = mode == null ? Mode.AUTO : mode;
        this.isolation = isolation == null ? Isolation.AUTO : isolation;
        this.notices = notices == null ? line -> { } : notices;
    }

    /** The step for the store at {@code storeRoot}: caches under {@code <root>/build-cache/mounts}, overlayfs when possible. */
    public static RuntimeRunStep forStore(Path storeRoot) {
        return forStore(storeRoot, Isolation.AUTO, line -> { });
    }

    /** As {@link #forStore(Path)}, isolated as {@code isolation} says, fallback notices to {@code notices}. */
    public static RuntimeRunStep forStore(Path storeRoot, Isolation isolation, Consumer<String> notices) {
        return new RuntimeRunStep(storeRoot.resolve("build-cache").resolve("mounts"), Mode.AUTO, isolation, notices);
    }

    @Override
    public Optional<Path> run(Request request) throws IOException {
        boolean hostNetwork = network(request);
        List<RunMount> mounts = RunMount.parseAll(request.instruction().mounts());
        boolean chroot = isolation() == Isolation.CHROOT;
        if (chroot && !mounts.isEmpty()) {
            throw new PierException("RUN --mount needs mounts, which the chroot isolation cannot make"
                    + " (namespaces and mounts are denied here, or --isolation=chroot was given)");
        }
        User user = RunUser.resolve(request.rootfs(), request.user());
        Path work = request.workDir();
        try (MountSources sources = new MountSources(work, cacheMounts, request.secrets(), request.sources());
             WritableRoot root = writableRoot(request.rootfs(), work)) {
            List<Mount> extra = new ArrayList<>();
            for (RunMount m : mounts) {
                sources.mount(m).ifPresent(extra::add);
            }
            if (!chroot) {
                sources.scripts(request.scripts(), Request.SCRIPTS).ifPresent(extra::add);
            }
            Spec spec = RunSpec.create(root.path(), request.argv(), request.env(), request.workingDir(), user, hostNetwork, extra);
            String id = "pier-build-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            ContainerProcess.Result result = chroot ? ContainerProcess.chroot(spec, scriptFiles(request), work, request.output())
                    : ContainerProcess.run(id, spec, work, request.output());
            if (result.status() != 0) {
                throw new PierException("exit code " + result.status()
                        + (result.tail().isEmpty() ? "" : "\n  | " + String.join("\n  | ", result.tail())));
            }
            List<String> targets = spec.mounts().stream().map(Mount::destination).toList();
            List<Change> changes = new Exclusions(request.rootfs(), targets).filter(root.changes());
            if (changes.isEmpty()) {
                return Optional.empty();
            }
            Path tar = work.resolve("layer.tar");
            ChangeWriter.write(changes, request.layerOptions(), tar);
            return Optional.of(tar);
        }
    }

    /** The here-document scripts as files the chroot init writes (below /dev, which stays out of the layer). */
    private static Map<String, String> scriptFiles(Request request) {
        Map<String, String> files = new TreeMap<>();
        request.scripts().forEach((name, body) -> files.put(Request.SCRIPTS + "/" + name, body));
        return files;
    }

    /** The isolation to use, chosen at the first RUN when {@link Isolation#AUTO}. */
    private Isolation isolation() {
        Isolation i = chosen;
        if (i == null) {
            synchronized (this) {
                if (chosen == null) {
                    chosen = isolation != Isolation.AUTO ? isolation : Isolation.namespacesDenied().map(why -> {
                        notices.accept("RUN isolation: chroot, as namespaces cannot be created here (" + why + ")");
                        return Isolation.CHROOT;
                    }).orElse(Isolation.OCI);
                }
                i = chosen;
            }
        }
        return i;
    }

    private WritableRoot writableRoot(Path rootfs, Path work) throws IOException {
        if (mode == Mode.AUTO) {
            try {
                Optional<OverlayRoot> overlay = OverlayRoot.tryMount(rootfs, work);
                if (overlay.isPresent()) {
                    return overlay.get();
                }
            } catch (IOException | RuntimeException e) {
                // an unusual path or file system: the copy works everywhere
            }
        }
        return CopyRoot.of(rootfs, work);
    }

    /** {@code --network}: none (the default) or host. */
    private static boolean network(Request request) {
        String n = request.instruction().flag("network").orElse("default");
        return switch (n) {
            case "default", "none" -> false;
            case "host" -> true;
            default -> throw new PierException("--network=" + n + " is not supported (none, host)");
        };
    }
}
