package dev.pier.runtime.engine;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The containers' directories under {@code <store root>/containers/}: each holds
 * {@code container.json} ({@link ContainerRecord}), the bundle, the rootfs (and overlay upper
 * and work dirs), the network files and {@code console.log}.
 *
 * @param dir the {@code containers} directory
 */
public record ContainerStore(Path dir) {
    /** The directory of container {@code id}. */
    public Path dirOf(String id) {
        return dir.resolve(id);
    }

    /** Writes {@code record} atomically. */
    public void save(ContainerRecord record) {
        Path file = dirOf(record.id()).resolve("container.json");
        try {
            Path tmp = file.resolveSibling("container.json." + ProcessHandle.current().pid() + ".tmp");
            Files.write(tmp, Json.write(record));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RuntimeError("cannot record container " + record.id() + ": " + e.getMessage(), e);
        }
    }

    /** The record of container {@code id}. */
    public ContainerRecord load(String id) {
        Path file = dirOf(id).resolve("container.json");
        try {
            return Json.read(Files.readAllBytes(file), ContainerRecord.class, file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RuntimeError("no such container: " + id);
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every container's directory, recorded or still being made. */
    public List<Path> dirs() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var dirs = Files.list(dir)) {
            return dirs.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new RuntimeError("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every recorded container, oldest first. */
    public List<ContainerRecord> list() {
        List<ContainerRecord> out = new ArrayList<>();
        for (Path d : dirs()) {
            if (Files.exists(d.resolve("container.json"))) {
                try {
                    out.add(load(d.getFileName().toString()));
                } catch (RuntimeError e) {
                    // being removed
                }
            }
        }
        out.sort(Comparator.comparing(ContainerRecord::created));
        return out;
    }

    /** The container named {@code nameOrId}, or whose id starts with it (unambiguously). */
    public ContainerRecord find(String nameOrId) {
        List<ContainerRecord> all = list();
        for (ContainerRecord r : all) {
            if (r.name().equals(nameOrId) || r.id().equals(nameOrId)) {
                return r;
            }
        }
        List<ContainerRecord> prefixed = nameOrId.length() < 3 ? List.of()
                : all.stream().filter(r -> r.id().startsWith(nameOrId)).toList();
        if (prefixed.size() == 1) {
            return prefixed.getFirst();
        }
        throw new RuntimeError(prefixed.isEmpty() ? "no such container: " + nameOrId
                : "container id prefix " + nameOrId + " is ambiguous");
    }

    /** Whether some container has this name or id. */
    public boolean exists(String nameOrId) {
        return list().stream().anyMatch(r -> r.name().equals(nameOrId) || r.id().equals(nameOrId));
    }
}
