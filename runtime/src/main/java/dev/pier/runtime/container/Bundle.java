package dev.pier.runtime.container;

import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A runtime bundle: a directory with {@code config.json} and the root filesystem it names.
 *
 * @param dir the bundle directory, absolute
 * @param spec its parsed configuration
 * @param rootfs the root filesystem, absolute
 * @param config the bytes of config.json that {@code spec} was read from
 */
public record Bundle(Path dir, Spec spec, Path rootfs, byte[] config) {

    /** Reads and checks the bundle at {@code dir}; throws {@link RuntimeError} with one line naming the problem. */
    public static Bundle open(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new RuntimeError("bundle " + abs + " does not exist or is not a directory");
        }
        Path config = abs.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new RuntimeError("bundle " + abs + " has no config.json (create one with pier-runc spec)");
        }
        Spec spec;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(config);
            spec = dev.pier.runtime.spec.SpecReader.read(bytes, config.toString());
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + config + ": " + e.getMessage(), e);
        } catch (PierException e) {
            throw new RuntimeError("invalid " + e.getMessage(), e);
        }
        return new Bundle(abs, spec, validate(abs, spec, config), bytes);
    }

    private static Path validate(Path dir, Spec spec, Path config) {
        if (spec.ociVersion() == null) {
            throw new RuntimeError("invalid " + config + ": ociVersion is missing");
        }
        if (spec.root() == null || spec.root().path() == null || spec.root().path().isEmpty()) {
            throw new RuntimeError("invalid " + config + ": root.path is missing");
        }
        if (spec.process() == null || spec.process().args().isEmpty()) {
            throw new RuntimeError("invalid " + config + ": process.args is missing or empty");
        }
        String cwd = spec.process().cwd();
        if (cwd == null || !cwd.startsWith("/")) {
            throw new RuntimeError("invalid " + config + ": process.cwd must be an absolute path, not " + cwd);
        }
        for (var m : spec.mounts()) {
            if (m.destination() == null || !m.destination().startsWith("/")) {
                throw new RuntimeError("invalid " + config + ": mount destination must be absolute: " + m.destination());
            }
        }
        Path rootfs = dir.resolve(spec.root().path()).normalize();
        if (!Files.isDirectory(rootfs)) {
            throw new RuntimeError("root filesystem " + rootfs + " does not exist or is not a directory");
        }
        return rootfs;
    }
}
