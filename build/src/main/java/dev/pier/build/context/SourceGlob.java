package dev.pier.build.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a COPY or ADD source pattern over a tree of files: Go's {@code filepath.Match} syntax
 * in each path component ({@link GoPattern}), and a {@code **} component matching any number of
 * directories, none included, as BuildKit reads it. The build context and the root filesystem of
 * a stage or image ({@code COPY --from}) are expanded by this one walk, so a pattern means the
 * same in both. {@code **} descends into directories, never through symlinks to directories.
 */
public final class SourceGlob {
    /** The tree a pattern is expanded over. */
    @FunctionalInterface
    public interface Tree {
        /** The host path of relative path {@code rel} ({@code ""} is the root), resolved safely inside the tree. */
        Path resolve(String rel) throws IOException;

        /** Whether {@code rel} is left out of the tree (a .dockerignore exclusion): it never matches. None is by default. */
        default boolean excludes(String rel) {
            return false;
        }
    }

    private final Tree tree;
    private final String what;
    private final List<String> found = new ArrayList<>();

    private SourceGlob(Tree tree, String what) {
        this.tree = tree;
        this.what = what;
    }

    /**
     * The relative paths that the cleaned, relative pattern {@code pattern} matches in
     * {@code tree}, in the order of a walk with sorted names, each once (a {@code **} can reach
     * a path twice). {@code what} names the source in errors about the pattern.
     */
    public static List<String> expand(Tree tree, String pattern, String what) throws IOException {
        SourceGlob glob = new SourceGlob(tree, what);
        glob.walk("", pattern.split("/"), 0);
        return glob.found.stream().distinct().toList();
    }

    private void walk(String prefix, String[] parts, int i) throws IOException {
        if (i == parts.length) {
            if (!tree.excludes(prefix)) {
                found.add(prefix);
            }
            return;
        }
        String part = parts[i];
        if (part.equals("**")) {
            walk(prefix, parts, i + 1);
            Path dir = tree.resolve(prefix);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                for (String name : BuildContext.sortedNames(dir)) {
                    if (Files.isDirectory(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                        walk(child(prefix, name), parts, i);
                    }
                }
            }
            return;
        }
        if (!GoPattern.hasMeta(part)) {
            String next = child(prefix, part);
            if (Files.exists(tree.resolve(next), LinkOption.NOFOLLOW_LINKS)) {
                walk(next, parts, i + 1);
            }
            return;
        }
        Path dir = tree.resolve(prefix);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        var regex = GoPattern.compile(part, what);
        for (String name : BuildContext.sortedNames(dir)) {
            if (regex.matcher(name).matches()) {
                walk(child(prefix, name), parts, i + 1);
            }
        }
    }

    private static String child(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }
}
