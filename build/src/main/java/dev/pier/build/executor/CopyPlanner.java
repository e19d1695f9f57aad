package dev.pier.build.executor;

import dev.pier.build.context.GoPattern;
import dev.pier.build.dockerfile.DockerfileException;
import dev.pier.build.dockerfile.Heredoc;
import dev.pier.build.dockerfile.Instruction;
import dev.pier.image.PierException;
import dev.pier.image.layer.EntryAttributes;
import dev.pier.image.layer.EntryType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a COPY or ADD into the entries of its layer, with Docker's semantics: a directory's
 * contents are copied (not the directory itself), globs expand, several sources need a destination
 * ending in {@code /}, a relative destination starts at WORKDIR, {@code --chown} and
 * {@code --chmod} apply to every copied entry; ADD extracts local tar archives and downloads URLs.
 * With {@code --link} nothing of the stage's root is read (BuildKit copies into an empty directory
 * and links that layer on top): the destination is taken as written, a directory only when it ends
 * in {@code /}, and every parent directory is in the layer. With {@code --parents} each source
 * keeps its path, from the context's root or from a {@code /./} in the source, under the destination.
 */
final class CopyPlanner {
    private final StageState st;
    private final Instruction.FileTransfer instruction;
    private final SourceTree tree;
    private final Path scratch;
    private final Map<String, PlannedEntry> entries = new TreeMap<>(CopyPlanner::compareComponents);
    private final boolean link;
    /** Whether the destination is taken as written: with --link, and for the cache key. */
    private boolean lexical;
    private List<Source> sources;
    private String dest;
    private boolean slash;
    private boolean parents;
    private Users.Owner owner;
    private Integer chmod;
    /** {@code --exclude} patterns (.dockerignore's syntax, as BuildKit), relative to what each source copies from. */
    private dev.pier.build.context.DockerIgnore exclude = dev.pier.build.context.DockerIgnore.none();

    CopyPlanner(StageState st, Instruction.FileTransfer instruction, SourceTree tree, Path scratch) {
        this.st = st;
        this.instruction = instruction;
        this.tree = tree;
        this.scratch = scratch;
        this.link = instruction.link();
    }

    /** The entries of the layer, parents before children. */
    List<PlannedEntry> plan() throws IOException {
        return withLocation(() -> entries(false));
    }

    /**
     * The entries as the layer cache's key sees them, reading nothing of the stage's root: every
     * fact from the sources, the destination as written and expanded rather than resolved in the
     * root (whose content the parent's key already fixes, so the resolution follows from it), and
     * {@code --chown} as written ({@link #keyText()}). A cached step then never unpacks the root.
     */
    List<PlannedEntry> keyEntries() throws IOException {
        return withLocation(() -> entries(true));
    }

    /** The expanded destination and owner, which {@link #keyEntries()} does not resolve. */
    String keyText() throws IOException {
        return withLocation(() -> {
            prepare();
            return dest + "\0" + instruction.chown().map(st::expand).orElse("");
        });
    }

    @FunctionalInterface
    private interface Planning<T> {
        T run() throws IOException;
    }

    private <T> T withLocation(Planning<T> planning) throws IOException {
        try {
            return planning.run();
        } catch (DockerfileException e) {
            throw e;
        } catch (PierException | IllegalArgumentException e) {
            throw DockerfileException.at(instruction, e.getMessage());
        }
    }

    /** Expands the flags and collects the sources, once: downloads and extractions happen here. */
    private void prepare() throws IOException {
        if (sources != null) {
            return;
        }
        String rawDest = st.expand(instruction.destination());
        dest = rawDest.startsWith("/") ? rawDest : st.workingDir() + "/" + rawDest;
        slash = rawDest.endsWith("/") || rawDest.equals(".") || rawDest.endsWith("/.");
        if (instruction.chmod().isPresent()) {
            String m = st.expand(instruction.chmod().get());
            if (!m.matches("[0-7]{3,4}")) {
                throw new PierException("invalid --chmod=" + m + ": expected an octal mode such as 755");
            }
            chmod = Integer.parseInt(m, 8);
        }
        List<String> excluded = new ArrayList<>();
        for (var f : instruction.flags()) {
            if (f.name().equals("exclude")) {
                if (f.value() == null || f.value().isBlank()) {
                    throw new PierException("--exclude needs a pattern: --exclude=PATTERN");
                }
                excluded.add(st.expand(f.value()));
            }
        }
        if (!excluded.isEmpty()) {
            exclude = dev.pier.build.context.DockerIgnore.parse(String.join("\n", excluded));
        }
        parents = instruction instanceof Instruction.Copy c && c.parents();
        List<Source> all = new ArrayList<>();
        for (String raw : instruction.sources()) {
            all.addAll(sources(raw, parents));
        }
        if (all.size() > 1 && !slash && !parents) {
            throw new PierException("when using " + instruction.keyword()
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        sources = all;
    }

    /** The entries, with the destination resolved in the stage's root unless {@code forKey} (or --link). */
    private List<PlannedEntry> entries(boolean forKey) throws IOException {
        prepare();
        lexical = link || forKey;
        entries.clear();
        owner = null;
        if (instruction.chown().isPresent() && !forKey) {
            owner = Users.resolve(st.rootfs(), st.expand(instruction.chown().get()));
        }
        String resolvedDest = lexical ? GoPattern.clean("/" + dest).substring(1) : RootPaths.resolve(st.rootfs(), dest);
        boolean destIsDir = slash || parents || resolvedDest.isEmpty()
                || (!lexical && Files.isDirectory(RootPaths.host(st.rootfs(), resolvedDest)));
        for (Source s : sources) {
            s.addTo(this, resolvedDest, destIsDir);
        }
        addParents(resolvedDest);
        return List.copyOf(entries.values());
    }

    /** One thing to copy. */
    private sealed interface Source {
        void addTo(CopyPlanner p, String dest, boolean destIsDir) throws IOException;
    }

    /** A source from the tree; {@code excludeAs} is its path as the {@code --exclude} patterns see it ("" for a directory named without a wildcard). */
    private record TreePath(SourceTree tree, String rel, String excludeAs) implements Source {
        public void addTo(CopyPlanner p, String dest, boolean destIsDir) throws IOException {
            Path host = tree.resolve(rel);
            if (Files.isDirectory(host)) {
                p.dir(dest, host, tree.keepsOwnership());
                for (String child : tree.walk(rel)) {
                    if (!p.exclude.excludes(join(excludeAs, child))) {
                        p.hostEntry(join(dest, child), host.resolve(child), tree.keepsOwnership());
                    }
                }
            } else {
                String name = rel.contains("/") ? rel.substring(rel.lastIndexOf('/') + 1) : rel;
                p.hostEntry(destIsDir ? join(dest, name) : dest, host, tree.keepsOwnership());
            }
        }
    }

    /**
     * A {@code --parents} source: {@code rel} in the tree, copied to {@code kept} under the
     * destination, the directories on the way with the source's own attributes.
     */
    private record KeptPath(SourceTree tree, String rel, String kept, String excludeAs) implements Source {
        public void addTo(CopyPlanner p, String dest, boolean destIsDir) throws IOException {
            String base = rel.substring(0, rel.length() - kept.length());
            String[] parts = kept.split("/");
            String path = "";
            for (int i = 0; i < parts.length - 1; i++) {
                path = join(path, parts[i]);
                if (!p.entries.containsKey(join(dest, path))) {
                    p.hostEntry(join(dest, path), tree.resolve(base + path), tree.keepsOwnership());
                }
            }
            Path host = tree.resolve(rel);
            p.hostEntry(join(dest, kept), host, tree.keepsOwnership());
            if (Files.isDirectory(host)) {
                for (String child : tree.walk(rel)) {
                    if (!p.exclude.excludes(join(excludeAs, child))) {
                        p.hostEntry(join(dest, join(kept, child)), host.resolve(child), tree.keepsOwnership());
                    }
                }
            }
        }
    }

    private record Extracted(Path dir) implements Source {
        public void addTo(CopyPlanner p, String dest, boolean destIsDir) throws IOException {
            SourceTree t = new SourceTree.Rootfs(dir, "archive");
            p.dir(dest, dir, false);
            for (String child : t.walk("")) {
                p.hostEntry(join(dest, child), dir.resolve(child), true);
            }
        }
    }

    private record NamedFile(String name, Path file, int mode) implements Source {
        public void addTo(CopyPlanner p, String dest, boolean destIsDir) throws IOException {
            String path = destIsDir ? join(dest, name) : dest;
            p.put(new PlannedEntry(path, EntryType.FILE, p.attrs(mode, 0, 0, Files.getLastModifiedTime(file).toInstant(), false),
                    file, Files.size(file), null));
        }
    }

    private List<Source> sources(String raw, boolean parents) throws IOException {
        if (raw.startsWith("<<")) {
            String name = raw.replaceFirst("^<<-?", "").replace("\"", "").replace("'", "");
            Heredoc h = instruction.heredocs().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new PierException("no heredoc named " + name));
            Path f = Files.createTempFile(scratch, "heredoc-", "");
            String content = h.expand() ? expandHeredoc(h.content()) : h.content();
            Files.writeString(f, content, StandardCharsets.UTF_8);
            return List.of(new NamedFile(name, f, 0644));
        }
        String source = st.expand(raw);
        boolean add = instruction instanceof Instruction.Add;
        if (add && AddSources.isUrl(source)) {
            Path f = Files.createTempFile(scratch, "url-", "");
            String checksum = ((Instruction.Add) instruction).checksum().map(st::expand).orElse(null);
            AddSources.download(source, checksum, f);
            return List.of(new NamedFile(AddSources.fileName(source), f, 0600));
        }
        if (add && ((Instruction.Add) instruction).checksum().isPresent()) {
            throw new PierException("--checksum applies to URL sources only, not to " + source);
        }
        List<Source> out = new ArrayList<>();
        String pivot = parents ? pivot(source) : "";
        boolean wildcard = source.chars().anyMatch(ch -> ch == '*' || ch == '?' || ch == '[');
        String base = wildcard ? wildcardBase(source) : null;
        for (String rel : tree.match(source)) {
            // BuildKit matches --exclude below the directory a wildcard source is read from, or below a directory source
            String excludeAs = wildcard ? (base.isEmpty() ? rel : rel.substring(Math.min(rel.length(), base.length() + 1))) : "";
            if (!excludeAs.isEmpty() && exclude.excludes(excludeAs)) {
                continue;
            }
            Path host = tree.resolve(rel);
            if (parents) {
                if (!pivot.isEmpty() && !rel.startsWith(pivot + "/")) {
                    throw new PierException("source " + source + ": " + rel + " is not below " + pivot);
                }
                out.add(new KeptPath(tree, rel, pivot.isEmpty() ? rel : rel.substring(pivot.length() + 1), excludeAs));
            } else if (add && tree instanceof SourceTree.Context && AddSources.isArchive(host)) {
                Path dir = Files.createTempDirectory(scratch, "archive-");
                AddSources.extract(host, dir);
                out.add(new Extracted(dir));
            } else {
                out.add(new TreePath(tree, rel, excludeAs));
            }
        }
        return out;
    }

    /** The directory part of a wildcard source before its first component with a wildcard, cleaned ("" for the root). */
    private static String wildcardBase(String source) {
        String[] parts = GoPattern.clean("/" + source).substring(1).split("/");
        List<String> base = new ArrayList<>();
        for (String part : parts) {
            if (part.chars().anyMatch(ch -> ch == '*' || ch == '?' || ch == '[')) {
                break;
            }
            base.add(part);
        }
        return String.join("/", base);
    }

    /** What {@code --parents} leaves out of a source's path: the part before its first {@code /./}, cleaned. */
    private static String pivot(String source) {
        String s = source.startsWith("./") ? source.substring(2) : source;
        int at = s.indexOf("/./");
        return at < 0 ? "" : GoPattern.clean("/" + s.substring(0, at)).substring(1);
    }

    private String expandHeredoc(String content) {
        return new dev.pier.build.dockerfile.ShellLex(st.escape, st::lookup).expandHeredoc(content);
    }

    /** The directory {@code dest} itself, when it is copied into; with --link it takes the source's attributes. */
    private void dir(String dest, Path host, boolean keep) throws IOException {
        if (lexical && !dest.isEmpty()) {
            hostEntry(dest, host, keep);
            return;
        }
        if (dest.isEmpty() || Files.isDirectory(RootPaths.host(st.rootfs(), dest), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        put(new PlannedEntry(dest, EntryType.DIRECTORY, attrs(0755, 0, 0, Instant.EPOCH, false), null, 0, null));
    }

    private void hostEntry(String path, Path host, boolean keepOwner) throws IOException {
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        long uid = keepOwner ? (Integer) a.get("uid") : 0;
        long gid = keepOwner ? (Integer) a.get("gid") : 0;
        Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
        switch (mode & 0170000) {
            case 0040000 -> put(new PlannedEntry(path, EntryType.DIRECTORY, attrs(mode & 07777, uid, gid, mtime, false), null, 0, null));
            case 0100000 -> put(new PlannedEntry(path, EntryType.FILE, attrs(mode & 07777, uid, gid, mtime, false), host,
                    (Long) a.get("size"), null));
            case 0120000 -> put(new PlannedEntry(path, EntryType.SYMLINK, attrs(0777, uid, gid, mtime, true), null, 0,
                    Files.readSymbolicLink(host).toString()));
            default -> { } // devices, FIFOs and sockets are not copied
        }
    }

    private EntryAttributes attrs(int mode, long uid, long gid, Instant mtime, boolean symlink) {
        int m = chmod != null && !symlink ? chmod : mode;
        return owner != null ? new EntryAttributes(m, owner.uid(), owner.gid(), mtime, Map.of())
                : new EntryAttributes(m, uid, gid, mtime, Map.of());
    }

    private void put(PlannedEntry e) {
        entries.put(e.path(), e);
    }

    /** Missing parent directories of every entry (all of them with --link): 0755, root's. */
    private void addParents(String dest) throws java.io.IOException {
        for (String path : List.copyOf(entries.keySet())) {
            String parent = path;
            while (parent.contains("/")) {
                parent = parent.substring(0, parent.lastIndexOf('/'));
                if (entries.containsKey(parent) || (!lexical && Files.isDirectory(RootPaths.host(st.rootfs(), parent)))) {
                    continue;
                }
                put(new PlannedEntry(parent, EntryType.DIRECTORY, new EntryAttributes(0755, 0, 0, Instant.EPOCH, Map.of()), null, 0, null));
            }
        }
    }

    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** Orders paths component by component, so a directory comes right before its contents. */
    static int compareComponents(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = java.util.Arrays.compareUnsigned(x[i].getBytes(StandardCharsets.UTF_8), y[i].getBytes(StandardCharsets.UTF_8));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
