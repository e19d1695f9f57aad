package dev.pier.build.context;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory a build reads COPY and ADD sources from, with its {@link DockerIgnore} applied.
 * Source paths are resolved inside the context: a symlink met while resolving a named source (in
 * any component, the last included) is followed only while it stays inside the context; one
 * leading out fails with a {@link ContextException} and nothing outside is read. Symlinks found
 * while walking a copied directory are copied as symlinks, never followed.
 */
public final class BuildContext {
    private static final int MAX_LINKS = 40;
    private final Path root;
    private final DockerIgnore ignore;

    private BuildContext(Path root, DockerIgnore ignore) {
        this.root = root;
        this.ignore = ignore;
    }

    /** A context rooted at {@code root} (made absolute and real) with {@code ignore} applied. */
    public static BuildContext open(Path root, DockerIgnore ignore) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new ContextException("build context " + root + " is not a directory");
        }
        return new BuildContext(root.toRealPath(), ignore);
    }

    public Path root() {
        return root;
    }

    public DockerIgnore ignore() {
        return ignore;
    }

    /**
     * The context paths a COPY source names, cleaned and relative ({@code ""} for the root), in
     * sorted order: one path, or the matches of a glob ({@code **} matches any number of
     * directories). Excluded paths do not match.
     *
     * @throws ContextException when nothing matches, or a symlink on the way leaves the context
     */
    public List<String> match(String source) throws IOException {
        String clean = GoPattern.clean("/" + source).substring(1);
        if (!GoPattern.hasMeta(clean)) {
            if (!clean.isEmpty() && ignore.excludes(clean)) {
                throw new ContextException("source " + source + ": excluded by .dockerignore");
            }
            Path p = resolve(clean, source);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new ContextException("source " + source + ": no such file or directory in the build context");
            }
            return List.of(clean);
        }
        List<String> found = SourceGlob.expand(new SourceGlob.Tree() {
            @Override
            public Path resolve(String rel) throws IOException {
                return BuildContext.this.resolve(rel, source);
            }

            @Override
            public boolean excludes(String rel) {
                return ignore.excludes(rel);
            }
        }, clean, "source " + source);
        if (found.isEmpty()) {
            throw new ContextException("source " + source + ": no file in the build context matches");
        }
        return found;
    }

    /**
     * The host path of context path {@code rel}, following symlinks only inside the context.
     *
     * @throws ContextException when a symlink leads out of the context
     */
    public Path resolve(String rel, String source) throws IOException {
        List<String> todo = new ArrayList<>(List.of(GoPattern.clean("/" + rel).substring(1).split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.remove(0);
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (done.isEmpty()) {
                    throw escape(source, rel, "..");
                }
                done.remove(done.size() - 1);
                continue;
            }
            Path p = root.resolve(String.join("/", done)).resolve(c);
            if (!Files.isSymbolicLink(p)) {
                done.add(c);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new ContextException("source " + source + ": too many levels of symbolic links");
            }
            String target = Files.readSymbolicLink(p).toString();
            String current = String.join("/", done);
            String resolved;
            if (target.startsWith("/")) {
                Path abs = Path.of(GoPattern.clean(target));
                if (!abs.startsWith(root)) {
                    throw escape(source, current.isEmpty() ? c : current + "/" + c, target);
                }
                resolved = root.relativize(abs).toString();
            } else {
                resolved = GoPattern.clean((current.isEmpty() ? "" : current + "/") + target);
                if (resolved.equals("..") || resolved.startsWith("../")) {
                    throw escape(source, current.isEmpty() ? c : current + "/" + c, target);
                }
            }
            done.clear();
            List<String> rest = new ArrayList<>(List.of(resolved.split("/")));
            rest.addAll(todo);
            todo = rest;
        }
        return done.isEmpty() ? root : root.resolve(String.join("/", done));
    }

    private static ContextException escape(String source, String link, String target) {
        return new ContextException("source " + source + ": " + link + " points outside the build context (to "
                + target + "); nothing is copied from outside the context");
    }

    /**
     * The paths under context directory {@code rel} (relative to the context, parents before
     * children, sorted), without excluded files; an excluded directory is kept only when an
     * exception re-includes something inside it.
     */
    public List<String> walk(String rel) throws IOException {
        List<String> out = new ArrayList<>();
        walk(resolve(rel, rel), rel, out);
        return out;
    }

    private boolean walk(Path dir, String rel, List<String> out) throws IOException {
        boolean any = false;
        for (String name : sortedNames(dir)) {
            String child = rel.isEmpty() ? name : rel + "/" + name;
            Path p = dir.resolve(name);
            boolean excluded = ignore.excludes(child);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (excluded && !ignore.mayReinclude(child)) {
                    continue;
                }
                int mark = out.size();
                out.add(child);
                boolean inner = walk(p, child, out);
                if (excluded && !inner) {
                    out.subList(mark, out.size()).clear();
                    continue;
                }
                any = true;
            } else if (!excluded) {
                out.add(child);
                any = true;
            }
        }
        return any;
    }

    /** Entry names of {@code dir} sorted by their UTF-8 bytes. */
    public static List<String> sortedNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return names;
    }
}
