package dev.pier.build.executor;

import dev.pier.build.context.BuildContext;
import dev.pier.build.context.GoPattern;
import dev.pier.build.context.SourceGlob;
import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where COPY reads from: the build context, or the root filesystem of a stage or image ({@code --from}). */
sealed interface SourceTree {
    /** The relative paths {@code source} names (globs expanded), sorted. */
    List<String> match(String source) throws IOException;

    /** The host path of relative path {@code rel}, symlinks followed safely. */
    Path resolve(String rel) throws IOException;

    /** The paths below directory {@code rel}, relative to {@code rel}, parents first. */
    List<String> walk(String rel) throws IOException;

    /** Whether copied files keep their owners (files from a stage do; context files become root's). */
    boolean keepsOwnership();

    /** The build context, with .dockerignore and the refusal of symlinks leaving it. */
    record Context(BuildContext context) implements SourceTree {
        public List<String> match(String source) throws IOException {
            return context.match(source);
        }

        public Path resolve(String rel) throws IOException {
            return context.resolve(rel, rel);
        }

        public List<String> walk(String rel) throws IOException {
            List<String> out = new ArrayList<>();
            for (String p : context.walk(rel)) {
                out.add(rel.isEmpty() ? p : p.substring(rel.length() + 1));
            }
            return out;
        }

        public boolean keepsOwnership() {
            return false;
        }
    }

    /** A root filesystem on disk; paths resolve as in a chroot. */
    record Rootfs(Path root, String describe) implements SourceTree {
        public List<String> match(String source) throws IOException {
            String clean = GoPattern.clean("/" + source).substring(1);
            if (!GoPattern.hasMeta(clean)) {
                if (!Files.exists(resolve(clean), LinkOption.NOFOLLOW_LINKS)) {
                    throw new PierException("source " + source + ": no such file or directory in " + describe);
                }
                return List.of(clean);
            }
            List<String> found = SourceGlob.expand(this::resolve, clean, "source " + source);
            if (found.isEmpty()) {
                throw new PierException("source " + source + ": nothing in " + describe + " matches");
            }
            return found;
        }

        public Path resolve(String rel) throws IOException {
            return RootPaths.host(root, RootPaths.resolve(root, rel));
        }

        public List<String> walk(String rel) throws IOException {
            List<String> out = new ArrayList<>();
            walk(resolve(rel), "", out);
            return out;
        }

        private static void walk(Path dir, String prefix, List<String> out) throws IOException {
            for (String name : BuildContext.sortedNames(dir)) {
                String child = prefix.isEmpty() ? name : prefix + "/" + name;
                out.add(child);
                Path p = dir.resolve(name);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    walk(p, child, out);
                }
            }
        }

        public boolean keepsOwnership() {
            return true;
        }
    }
}
