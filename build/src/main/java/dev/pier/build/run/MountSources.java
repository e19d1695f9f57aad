package dev.pier.build.run;

import dev.pier.build.executor.RunStep;
import dev.pier.image.PierException;
import dev.pier.runtime.spec.Mount;
import dev.pier.runtime.sys.Libc;
import dev.pier.runtime.sys.SysException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The host side of a RUN's mounts: secrets copied into a tmpfs (so their bytes never touch a
 * disk the build writes) and bound read-only, cache directories kept under the store, binds of
 * the build context or of another stage's or image's root (read-only, or read-write on a copy
 * thrown away after the step), and the here-document scripts a RUN executes.
 * Closing unmounts the tmpfs.
 */
final class MountSources implements AutoCloseable {
    private final Path work;
    private final Path cacheRoot;
    private final Map<String, Path> secrets;
    private final RunStep.Sources sources;
    private Path secretDir;
    private int secretCount;
    private int bindCount;

    MountSources(Path work, Path cacheRoot, Map<String, Path> secrets, RunStep.Sources sources) {
        this.work = work;
        this.cacheRoot = cacheRoot;
        this.secrets = secrets;
        this.sources = sources;
    }

    /** The runtime mount for {@code m}, or empty for a secret that is not given and not required. */
    Optional<Mount> mount(RunMount m) throws IOException {
        return switch (m) {
            case RunMount.Secret s -> secret(s);
            case RunMount.Cache c -> Optional.of(RunSpec.bind(cacheDir(c.id()), c.target()));
            case RunMount.Bind b -> Optional.of(bind(inside(sources.root(b.from()), b.source(), b.from()), b.target(), b.readWrite()));
            case RunMount.ContextBind c -> Optional.of(bind(sources.context(c.source()), c.target(), c.readWrite()));
        };
    }

    /** A read-only bind of {@code source}, or a read-write bind of a copy of it under the step's scratch directory (thrown away with it). */
    private Mount bind(Path source, String target, boolean readWrite) throws IOException {
        if (!readWrite) {
            return RunSpec.readOnlyBind(source, target);
        }
        Path copy = Files.createDirectories(work.resolve("binds")).resolve("bind-" + bindCount++);
        CopyRoot.copy(source.toString(), copy, "the mount on " + target);
        return RunSpec.bind(copy, target);
    }

    /** The here-document scripts of a RUN bound read-only at {@code target}, each file 0755; empty without scripts. */
    Optional<Mount> scripts(Map<String, String> scripts, String target) throws IOException {
        if (scripts.isEmpty()) {
            return Optional.empty();
        }
        Path dir = Files.createDirectories(work.resolve("scripts"));
        for (var s : scripts.entrySet()) {
            Path file = dir.resolve(s.getKey());
            Files.writeString(file, s.getValue(), StandardCharsets.UTF_8);
            Files.setAttribute(file, "unix:mode", 0755);
        }
        return Optional.of(RunSpec.readOnlyBind(dir, target));
    }

    private Optional<Mount> secret(RunMount.Secret s) throws IOException {
        Path src = secrets.get(s.id());
        if (src == null) {
            if (s.required()) {
                throw new PierException("secret " + s.id() + " is required: give it with --secret id=" + s.id() + ",src=FILE");
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(src)) {
            throw new PierException("secret " + s.id() + ": " + src + " is not a readable file");
        }
        if (secretDir == null) {
            secretDir = Files.createDirectories(work.resolve("secrets"));
            Libc.mount("tmpfs", secretDir.toString(), "tmpfs", 0x2 | 0x4 | 0x8 /* nosuid, nodev, noexec */, "mode=0700,size=16m");
        }
        Path copy = secretDir.resolve("secret-" + secretCount++);
        Files.copy(src, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setAttribute(copy, "unix:mode", 0400);
        return Optional.of(RunSpec.readOnlyBind(copy, s.target()));
    }

    private Path cacheDir(String id) throws IOException {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return Files.createDirectories(cacheRoot.resolve(HexFormat.of().formatHex(h, 0, 16)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code source} inside {@code root}, symlinks resolved, refused when it leaves the root. */
    private static Path inside(Path root, String source, String from) throws IOException {
        Path realRoot = root.toRealPath();
        Path p = realRoot.resolve(source.replaceAll("^/+", "")).normalize();
        Path real = p.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new PierException("--mount source " + source + " leaves the root of " + from);
        }
        return real;
    }

    @Override
    public void close() throws IOException {
        if (secretDir != null) {
            try {
                Libc.umount2(secretDir.toString(), 0);
            } catch (SysException e) {
                Libc.umount2(secretDir.toString(), 2 /* MNT_DETACH */);
            }
            Files.deleteIfExists(secretDir);
        }
    }
}
