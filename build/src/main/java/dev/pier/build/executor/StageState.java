package dev.pier.build.executor;

import dev.pier.build.dockerfile.Dockerfile;
import dev.pier.build.dockerfile.ShellLex;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.History;
import dev.pier.image.spec.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The state of one stage while it is built: root filesystem, config, layers, history, ARG scope. */
final class StageState {
    final Dockerfile.Stage stage;
    private final Path rootfs;
    private final LayerMaker layerMaker;
    /** Layers of the stage not yet applied to {@link #rootfs}: a fully cached build never needs them there. */
    private final List<Descriptor> unapplied = new ArrayList<>();
    final char escape;
    Platform platform;
    ContainerConfig config = ContainerConfig.EMPTY;
    final List<Descriptor> layers = new ArrayList<>();
    final List<Digest> diffIds = new ArrayList<>();
    final List<History> history = new ArrayList<>();
    int baseLayerCount;
    int baseHistoryCount;
    /** ARGs declared in this stage with their values (null: declared without a value). */
    final Map<String, String> args = new LinkedHashMap<>();
    /** The chain of cache keys: base image, then every instruction. */
    String cacheKey;
    boolean cmdSet;
    /** The base image's ONBUILD triggers, run right after FROM. */
    List<String> triggers = List.of();

    StageState(Dockerfile.Stage stage, Path rootfs, LayerMaker layerMaker, char escape) {
        this.stage = stage;
        this.rootfs = rootfs;
        this.layerMaker = layerMaker;
        this.escape = escape;
    }

    /**
     * The stage's root filesystem holding every layer so far. Layers are applied here, when a step
     * first reads the root (a RUN that runs, a COPY that plans its destination, COPY --from this
     * stage), not when they are added: a rebuild whose steps all come from the cache extracts nothing.
     */
    Path rootfs() throws java.io.IOException {
        for (Descriptor layer : unapplied) {
            layerMaker.apply(layer, rootfs);
        }
        unapplied.clear();
        return rootfs;
    }

    /** Adds {@code layer} on top of the root, to be applied when the root is next read. */
    void stack(Descriptor layer) {
        unapplied.add(layer);
    }

    /** A variable for expansion: ENV (the config's Env) wins over ARG. */
    String lookup(String name) {
        for (String e : config.env()) {
            if (e.startsWith(name + "=")) {
                return e.substring(name.length() + 1);
            }
        }
        return args.get(name);
    }

    /** Expands variables and removes quotes, as Docker does for the instructions it substitutes. */
    String expand(String word) {
        return new ShellLex(escape, this::lookup).expand(word);
    }

    /** The working directory for relative paths ({@code /} when none is set). */
    String workingDir() {
        String w = config.workingDir();
        return w == null || w.isEmpty() ? "/" : w;
    }

    /** The SHELL, {@code /bin/sh -c} by default. */
    List<String> shell() {
        return config.shell() == null || config.shell().isEmpty() ? List.of("/bin/sh", "-c") : config.shell();
    }
}
