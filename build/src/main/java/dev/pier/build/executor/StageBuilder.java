package dev.pier.build.executor;

import dev.pier.build.context.BuildContext;
import dev.pier.build.dockerfile.DockerfileException;
import dev.pier.build.dockerfile.DockerfileParser;
import dev.pier.build.dockerfile.Instruction;
import dev.pier.build.run.RunMount;
import dev.pier.image.PierException;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.EntryType;
import dev.pier.image.layer.WrittenLayer;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.History;
import dev.pier.image.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Builds one stage: its base, the base's ONBUILD triggers, then its instructions in order. */
final class StageBuilder {
    private static final String COMMENT = "buildkit.dockerfile.v0";
    private final BuildSession s;
    private final StageState st;
    private final Function<String, Optional<StageState>> stages;

    StageBuilder(BuildSession session, StageState state, Function<String, Optional<StageState>> stages) {
        this.s = session;
        this.st = state;
        this.stages = stages;
    }

    StageState build() throws IOException {
        List<Instruction> all = new ArrayList<>(st.stage.instructions());
        from();
        List<Instruction> triggers = new ArrayList<>();
        for (String t : st.triggers) {
            Instruction i = DockerfileParser.parseInstruction("ONBUILD trigger of " + st.stage.from().image(), 1, t, st.escape);
            triggers.add(i);
        }
        all.addAll(0, triggers);
        int total = all.size() + 1;
        for (int k = 0; k < all.size(); k++) {
            Instruction i = all.get(k);
            if (ConfigSteps.isMetadata(i)) {
                ConfigSteps.apply(st, i, s.buildArgs, s.globals);
                st.history.add(new History(s.created, ConfigSteps.createdBy(i), null, COMMENT, true));
                st.cacheKey = LayerMaker.hash(st.cacheKey, new String(Json.write(st.config), java.nio.charset.StandardCharsets.UTF_8));
                if (i instanceof Instruction.Workdir w) {
                    workdir(w, k + 2, total);
                }
            } else if (i instanceof Instruction.FileTransfer f) {
                transfer(f, k + 2, total);
            } else if (i instanceof Instruction.Run r) {
                run(r, k + 2, total);
            }
        }
        return st;
    }

    private void from() throws IOException {
        Instruction.From f = st.stage.from();
        String image = s.expandGlobal(f.image());
        int n = s.progress.start(st.stage.displayName(), 1, st.stage.instructions().size() + 1, "FROM " + image);
        long t0 = System.nanoTime();
        st.platform = f.flag("platform").map(s::expandGlobal).filter(p -> !p.isEmpty())
                .map(dev.pier.image.spec.Platform::parse).orElse(s.platform);
        Optional<StageState> parent = stages.apply(image);
        if (image.equalsIgnoreCase("scratch")) {
            st.cacheKey = LayerMaker.hash("scratch", st.platform.toString());
        } else if (parent.isPresent()) {
            StageState p = parent.get();
            st.config = p.config;
            st.layers.addAll(p.layers);
            st.diffIds.addAll(p.diffIds);
            st.history.addAll(p.history);
            st.platform = p.platform;
            st.cacheKey = p.cacheKey;
        } else {
            BaseImages.Base base = s.bases.open(image, st.platform);
            st.config = base.config().config();
            st.layers.addAll(base.layers());
            st.diffIds.addAll(base.diffIds());
            st.history.addAll(base.config().history());
            if (base.config().os() != null) {
                st.platform = dev.pier.image.spec.Platform.of(base.config().os(), base.config().architecture(), base.config().variant());
            }
            st.cacheKey = LayerMaker.hash("image", base.manifest().digest().toString());
        }
        st.triggers = st.config.onBuild();
        if (!st.triggers.isEmpty()) {
            st.config = new dev.pier.image.spec.ContainerConfig(st.config.user(), st.config.exposedPorts(), st.config.env(),
                    st.config.entrypoint(), st.config.cmd(), st.config.volumes(), st.config.workingDir(), st.config.labels(),
                    st.config.stopSignal(), st.config.argsEscaped(), st.config.healthcheck(), List.of(), st.config.shell());
        }
        st.baseLayerCount = st.layers.size();
        st.baseHistoryCount = st.history.size();
        for (Descriptor d : st.layers) {
            st.stack(d);
        }
        s.progress.finished(n, t0);
    }

    private void transfer(Instruction.FileTransfer f, int index, int total) throws IOException {
        String createdBy = ConfigSteps.createdBy(f);
        int n = s.progress.start(st.stage.displayName(), index, total, createdBy);
        long t0 = System.nanoTime();
        SourceTree tree = s.contextTree;
        if (f.from().isPresent()) {
            String from = st.expand(f.from().get());
            Optional<StageState> other = stages.apply(from);
            tree = other.isPresent() ? new SourceTree.Rootfs(other.get().rootfs(), "stage " + from) : s.imageTree(from, st.platform);
        }
        CopyPlanner planner = new CopyPlanner(st, f, tree, s.scratch);
        if (f.link()) {   // the layer does not depend on what is below it: its key leaves the parent out
            List<PlannedEntry> entries = planner.plan();
            String key = LayerMaker.hash("link", createdBy, s.layers.contentHash(entries));
            layer(key, LayerMaker.hash(st.cacheKey, key), n, t0, () -> s.layers.write(entries));
        } else {
            // keyed without the stage's root, which is unpacked only when the layer must be made
            String key = LayerMaker.hash(st.cacheKey, createdBy, planner.keyText(), s.layers.contentHash(planner.keyEntries()));
            layer(key, n, t0, () -> s.layers.write(planner.plan()));
        }
        st.history.add(new History(s.created, createdBy + " # buildkit", null, COMMENT, null));
    }

    /** WORKDIR creates its directory when the root lacks it, as one small layer. */
    private void workdir(Instruction.Workdir w, int index, int total) throws IOException {
        String dir = RootPaths.resolve(st.rootfs(), st.workingDir());
        if (dir.isEmpty() || Files.isDirectory(RootPaths.host(st.rootfs(), dir))) {
            return;
        }
        List<PlannedEntry> entries = new ArrayList<>();
        String path = "";
        for (String c : dir.split("/")) {
            path = path.isEmpty() ? c : path + "/" + c;
            if (!Files.exists(RootPaths.host(st.rootfs(), path))) {
                entries.add(new PlannedEntry(path, EntryType.DIRECTORY, new EntryAttributes(0755, 0, 0, java.time.Instant.EPOCH, Map.of()), null, 0, null));
            }
        }
        st.history.removeLast();
        String createdBy = ConfigSteps.createdBy(w);
        int n = s.progress.start(st.stage.displayName(), index, total, createdBy);
        String key = LayerMaker.hash(st.cacheKey, createdBy, s.layers.contentHash(entries));
        layer(key, n, System.nanoTime(), () -> s.layers.write(entries));
        st.history.add(new History(s.created, createdBy, null, COMMENT, null));
    }

    private void run(Instruction.Run r, int index, int total) throws IOException {
        String createdBy = ConfigSteps.createdBy(r);
        int n = s.progress.start(st.stage.displayName(), index, total, createdBy);
        long t0 = System.nanoTime();
        List<String> env = new ArrayList<>(st.config.env());
        st.args.forEach((k, v) -> {
            if (v != null && env.stream().noneMatch(e -> e.startsWith(k + "="))) {
                env.add(k + "=" + v);
            }
        });
        String key = LayerMaker.hash(st.cacheKey, createdBy, String.join("\0", env), String.join("\0", secretIds(r)),
                RunHeredocs.keyText(r));
        String bound = contextKey(r);
        if (!bound.isEmpty()) {   // only then: the keys of RUNs without a context bind stay what they were
            key = LayerMaker.hash(key, bound);
        }
        RunHeredocs.Command command = RunHeredocs.command(r, st.shell());
        List<String> argv = command.argv();
        List<Path> contextDirs = new ArrayList<>();
        RunStep.Sources sources = new RunStep.Sources() {
            @Override
            public Path root(String name) throws IOException {
                Optional<StageState> other = stages.apply(name);
                return other.isPresent() ? other.get().rootfs() : ((SourceTree.Rootfs) s.imageTree(name, st.platform)).root();
            }

            @Override
            public Path context(String source) throws IOException {
                Path dir = Files.createTempDirectory(s.scratch, "context-");
                contextDirs.add(dir);
                return ContextMount.materialize(buildContext(), source, dir);
            }
        };
        layer(key, n, t0, () -> {
            Path work = Files.createTempDirectory(s.scratch, "run-");
            Optional<Path> tar;
            try {
                tar = s.options.runStep().run(new RunStep.Request(r, argv, env, st.workingDir(),
                        st.config.user() == null ? "" : st.config.user(), st.rootfs(), s.options.secrets(), work,
                        s.layers.layerOptions(), sources, line -> s.progress.line("#" + n + " " + line), command.scripts()));
            } catch (PierException e) {
                throw e instanceof DockerfileException ? e : DockerfileException.at(r, e.getMessage());
            }
            WrittenLayer written = tar.isPresent() ? s.layers.fromTar(tar.get()) : s.layers.write(List.of());
            s.removals.remove(work);
            contextDirs.forEach(s.removals::remove);
            return written;
        });
        // a here-document's body stays out of the one-line history, as BuildKit's does
        String ran = r.heredocs().isEmpty() ? String.join(" ", argv) : createdBy.substring("RUN ".length());
        st.history.add(new History(s.created, "RUN " + ran + " # buildkit", null, COMMENT, null));
    }

    /** The content of the build context a RUN binds (part of its cache key, as in BuildKit); "" when it binds none. */
    private String contextKey(Instruction.Run r) throws IOException {
        List<String> digests = new ArrayList<>();
        try {
            for (RunMount m : RunMount.parseAll(r.mounts())) {
                if (m instanceof RunMount.ContextBind c) {
                    digests.add(c.source() + "=" + ContextMount.digest(buildContext(), c.source(), s.hashes));
                }
            }
        } catch (PierException e) {
            throw e instanceof DockerfileException ? e : DockerfileException.at(r, e.getMessage());
        }
        return String.join("\0", digests);
    }

    private BuildContext buildContext() {
        return ((SourceTree.Context) s.contextTree).context();
    }

    /** The ids of the secrets a RUN mounts (part of its cache key; their values are not). */
    private static List<String> secretIds(Instruction.Run r) {
        List<String> ids = new ArrayList<>();
        for (String m : r.mounts()) {
            List<String> parts = List.of(m.split(","));
            if (parts.contains("type=secret")) {
                String target = null;
                String id = null;
                for (String p : parts) {
                    if (p.startsWith("id=")) {
                        id = p.substring(3);
                    } else if (p.startsWith("target=") || p.startsWith("dst=") || p.startsWith("destination=")) {
                        target = p.substring(p.indexOf('=') + 1);
                    }
                }
                ids.add(id != null ? id : target == null ? "" : Path.of(target).getFileName().toString());
            }
        }
        return ids.stream().sorted().toList();
    }

    @FunctionalInterface
    private interface LayerWork {
        WrittenLayer make() throws IOException;
    }

    /** Takes the layer from the cache or makes it, applies it to the root, and records it. */
    private void layer(String key, int n, long t0, LayerWork work) throws IOException {
        layer(key, key, n, t0, work);
    }

    /** As {@link #layer(String, int, long, LayerWork)}; the steps after it chain on {@code next}. */
    private void layer(String key, String next, int n, long t0, LayerWork work) throws IOException {
        Optional<LayerMaker.CachedLayer> cached = s.cache.get(key);
        LayerMaker.CachedLayer layer;
        if (cached.isPresent()) {
            layer = cached.get();
            s.progress.cached(n);
        } else {
            WrittenLayer w = work.make();
            layer = new LayerMaker.CachedLayer(w.descriptor(), w.diffId());
            s.cache.put(key, layer);
            s.progress.done(n, t0);
        }
        st.stack(layer.descriptor());
        st.layers.add(layer.descriptor());
        st.diffIds.add(layer.diffId());
        st.cacheKey = next;
    }
}
