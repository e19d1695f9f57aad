package dev.pier.build.executor;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves paths inside a root filesystem as a chroot would: symlinks are followed, absolute
 * targets start at the root, and {@code ..} never climbs above it. Nothing outside is reached.
 */
final class RootPaths {
    private static final int MAX_LINKS = 40;

    private RootPaths() {}

    /** The path {@code imagePath} leads to inside {@code root}, relative ({@code ""} is the root). */
    static String resolve(Path root, String imagePath) throws IOException {
        return resolve(root, imagePath, true);
    }

    /**
     * As {@link #resolve(Path, String)}; with {@code followLast} false a symlink in the last
     * component is not followed (the path names the link itself).
     */
    static String resolve(Path root, String imagePath, boolean followLast) throws IOException {
        List<String> todo = new ArrayList<>(split(imagePath));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.remove(0);
            if (c.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path p = root.resolve(String.join("/", done)).resolve(c);
            if (!Files.isSymbolicLink(p) || (todo.isEmpty() && !followLast)) {
                done.add(c);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new PierException(imagePath + ": too many levels of symbolic links");
            }
            String target = Files.readSymbolicLink(p).toString();
            List<String> next = new ArrayList<>();
            if (!target.startsWith("/")) {
                next.addAll(done);
            }
            done.clear();
            next.addAll(split(target));
            next.addAll(todo);
            todo = next;
        }
        return String.join("/", done);
    }

    /** The host path of a resolved relative path. */
    static Path host(Path root, String rel) {
        return rel.isEmpty() ? root : root.resolve(rel);
    }

    /** The non-empty components of a path, {@code .} dropped. */
    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    /** Lexically cleans an absolute image path: {@code /a/./b/../c/} gives {@code /a/c}. */
    static String cleanAbsolute(String path) {
        List<String> out = new ArrayList<>();
        for (String c : split(path)) {
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                out.add(c);
            }
        }
        return "/" + String.join("/", out);
    }
}
