package dev.pier.registry.storage;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The referrers index of a {@link FilesystemStorage}: one JSON descriptor per referring manifest,
 * in {@code <repository>/_referrers/<alg>/<subject hex>/<alg>-<hex>}, written when the manifest is
 * pushed, so the referrers API reads a directory instead of every manifest.
 */
final class FilesystemReferrers {

    private static Path dir(Path repository, Digest subject) {
        return repository.resolve("_referrers").resolve(subject.algorithm().id()).resolve(subject.encoded());
    }

    private static Path file(Path repository, Digest subject, Digest referrer) {
        return dir(repository, subject).resolve(referrer.algorithm().id() + "-" + referrer.encoded());
    }

    void add(Path repository, Digest subject, Descriptor referrer) throws IOException {
        Path f = file(repository, subject, referrer.digest());
        Files.createDirectories(f.getParent());
        AtomicFile.write(f, Json.write(referrer));
    }

    void remove(Path repository, Digest subject, Digest referrer) throws IOException {
        Files.deleteIfExists(file(repository, subject, referrer));
    }

    /** The referrers of {@code subject} whose manifest is {@code linked} (one written before its manifest is skipped until that lands). */
    List<Descriptor> list(Path repository, Digest subject, Predicate<Digest> linked) throws IOException {
        Path dir = dir(repository, subject);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Descriptor> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                Descriptor d;
                try {
                    d = Json.read(Files.readAllBytes(f), Descriptor.class, "referrer");
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (linked.test(d.digest())) {
                    out.add(d);
                }
            }
        }
        return out;
    }
}
