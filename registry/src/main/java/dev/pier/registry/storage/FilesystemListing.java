package dev.pier.registry.storage;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Walks of a {@link FilesystemStorage}'s directories: repository names, and the digests a link directory names. */
final class FilesystemListing {
    private FilesystemListing() {}

    /** Every repository name under {@code repositories}, sorted. */
    static List<String> repositories(Path repositories) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(repositories)) {
            dirs.filter(p -> {
                String f = p.getFileName().toString();
                return (f.equals("_manifests") || f.equals("_layers")) && Files.isDirectory(p);
            }).forEach(p -> {
                String name = repositories.relativize(p.getParent()).toString();
                if (!names.contains(name) && !name.contains("/_") && !name.startsWith("_")) {
                    names.add(name);
                }
            });
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Digests named by {@code <dir>/<alg>/<hex>} files. */
    static List<Digest> digestsUnder(Path dir) throws IOException {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> algs = Files.list(dir)) {
            for (Path alg : algs.toList()) {
                try (Stream<Path> files = Files.list(alg)) {
                    for (Path f : files.toList()) {
                        try {
                            out.add(Digest.parse(alg.getFileName() + ":" + f.getFileName()));
                        } catch (PierException e) {
                            // a temporary file
                        }
                    }
                }
            }
        }
        return out;
    }
}
