package dev.pier.build.executor;

import dev.pier.build.context.FileHashes;
import dev.pier.build.dockerfile.ShellLex;
import dev.pier.image.spec.Platform;
import dev.pier.image.store.LocalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What every stage of one build shares: options, store, caches, global ARGs, progress, scratch space. */
final class BuildSession {
    final BuildOptions options;
    final LocalStore store;
    final Map<String, String> buildArgs;
    final Map<String, String> globals;
    final Platform platform;
    final Progress progress;
    final BaseImages bases;
    final LayerMaker layers;
    /** The SHA-256 of copied files, kept in {@code <store>/build-cache/file-hashes}; saved when the build ends. */
    final FileHashes hashes;
    final BuildCache cache;
    final SourceTree contextTree;
    final Path scratch;
    final String created;
    final char escape;
    /** Scratch trees of finished steps, removed while the build goes on; closed before the scratch directory is removed. */
    final BackgroundRemovals removals = new BackgroundRemovals();
    private final Map<String, SourceTree> imageTrees = new HashMap<>();

    BuildSession(BuildOptions options, LocalStore store, Map<String, String> buildArgs, Map<String, String> globals,
                 Platform platform, Progress progress, SourceTree contextTree, Path scratch, String created, char escape) {
        this.options = options;
        this.store = store;
        this.buildArgs = buildArgs;
        this.globals = globals;
        this.platform = platform;
        this.progress = progress;
        this.contextTree = contextTree;
        this.scratch = scratch;
        this.created = created;
        this.escape = escape;
        this.bases = new BaseImages(store);
        this.hashes = FileHashes.load(store.root().resolve("build-cache").resolve("file-hashes"));
        this.layers = new LayerMaker(store.layout().blobs(), hashes, options.timestamp());
        boolean useCache = !options.noCache() && options.squash() != BuildOptions.Squash.NEW;
        this.cache = new BuildCache(store.root(), store.layout().blobs(), useCache);
    }

    /** Expands with the global ARG scope (FROM lines). */
    String expandGlobal(String word) {
        return new ShellLex(escape, globals::get).expand(word);
    }

    /** The root filesystem of image {@code name} for {@code COPY --from=name}, unpacked once per build. */
    SourceTree imageTree(String name, Platform p) throws IOException {
        SourceTree t = imageTrees.get(name);
        if (t == null) {
            BaseImages.Base base = bases.open(name, p);
            Path root = Files.createTempDirectory(scratch, "from-");
            for (var d : base.layers()) {
                layers.apply(d, root);
            }
            t = new SourceTree.Rootfs(root, "image " + name);
            imageTrees.put(name, t);
        }
        return t;
    }
}
