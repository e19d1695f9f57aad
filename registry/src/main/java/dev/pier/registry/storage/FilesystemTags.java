package dev.pier.registry.storage;

import dev.pier.image.digest.Digest;
import dev.pier.image.store.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tags of a {@link FilesystemStorage}: {@code <repository>/_manifests/tags/<tag>}, each file
 * holding the digest it points to, replaced atomically when the tag moves.
 */
final class FilesystemTags {

    private static Path dir(Path repository) {
        return repository.resolve("_manifests/tags");
    }

    static void tag(Path repository, String tag, Digest digest) throws IOException {
        Path t = dir(repository).resolve(tag);
        Directories.ensure(t.getParent());
        AtomicFile.write(t, digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Digest> resolve(Path repository, String tag) throws IOException {
        try {
            return Optional.of(Digest.parse(Files.readString(dir(repository).resolve(tag), StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static boolean untag(Path repository, String tag) throws IOException {
        return Files.deleteIfExists(dir(repository).resolve(tag));
    }

    /** The tags in lexical order (temporary files, whose names start with a dot, left out). */
    static List<String> list(Path repository) throws IOException {
        Path dir = dir(repository);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }
}
