package dev.pier.build.executor;

import dev.pier.build.context.BuildContext;
import dev.pier.build.context.FileHashes;
import dev.pier.build.context.GoPattern;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.DigestAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A RUN's read-only bind of the build context ({@code --mount=type=bind} without {@code from=}):
 * the part of the context the mount names, as .dockerignore leaves it, laid out in a scratch
 * directory (hard links where the file system allows, copies otherwise) so that ignored files are
 * not there, and its content digest, which goes into the step's cache key: a changed file reruns
 * the step, as BuildKit's key of a RUN covers what it mounts.
 */
final class ContextMount {
    private ContextMount() {}

    /** The digest of what {@code source} names in {@code context}: paths, types, modes, link targets and contents. */
    static Digest digest(BuildContext context, String source, FileHashes hashes) throws IOException {
        MessageDigest sha = sha256();
        for (String rel : entries(context, source)) {
            Path p = context.root().resolve(rel);
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            String line = rel + "\0" + Integer.toOctalString(mode) + "\0";
            if (Files.isSymbolicLink(p)) {
                line += Files.readSymbolicLink(p);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                line += hashes.sha256(p);
            }
            sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Digest.fromHash(DigestAlgorithm.SHA256, sha.digest());
    }

    /** Lays out what {@code source} names under {@code dir}; returns the path to bind (a directory, or a file). */
    static Path materialize(BuildContext context, String source, Path dir) throws IOException {
        String base = relative(context, source);
        for (String rel : entries(context, source)) {
            Path from = context.root().resolve(rel);
            Path to = dir.resolve(rel);
            if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(to);
                continue;
            }
            Files.createDirectories(to.getParent());
            if (Files.isSymbolicLink(from)) {
                Files.createSymbolicLink(to, Files.readSymbolicLink(from));
            } else {
                link(from, to);
            }
        }
        Path bound = base.isEmpty() ? dir : dir.resolve(base);
        Files.createDirectories(bound.getParent());
        if (!Files.exists(bound, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(bound);   // a directory with nothing left after .dockerignore
        }
        return bound;
    }

    /** {@code source} itself (refused if it leaves the context) and, for a directory, all below it that is not ignored. */
    private static List<String> entries(BuildContext context, String source) throws IOException {
        String rel = relative(context, source);
        Path host = context.root().resolve(rel);
        List<String> out = new ArrayList<>();
        if (!rel.isEmpty()) {
            out.add(rel);
        }
        if (Files.isDirectory(host)) {
            out.addAll(context.walk(rel));
        }
        return out;
    }

    /**
     * {@code source} relative to the context's root, "" for the root itself, its symbolic links
     * resolved within the context (refused when they lead out): the bind's source is then never a
     * link, which the kernel would follow on the host.
     */
    static String relative(BuildContext context, String source) throws IOException {
        String clean = GoPattern.clean("/" + source).substring(1);
        Path host = context.resolve(clean, source);
        return context.root().relativize(host).toString();
    }

    private static void link(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);   // another file system
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
