package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies a layer tar onto a root directory, entry by entry in tar order, as image-spec
 * {@code layer.md} describes ("Applying Changesets").
 *
 * <p>Contract:
 * <ul>
 *   <li>Nothing is written outside {@code root}. Entry names are cleaned lexically: a leading
 *       {@code /} is dropped ({@code /etc/x} means {@code etc/x}), and a {@code ..} that would climb
 *       above the root is rejected with a {@link PierException} naming the entry. Symlinks met in
 *       parent directories (from lower layers or earlier in this tar) are resolved inside the root
 *       as a chroot would ({@code link -> /etc} makes {@code link/passwd} land in
 *       {@code <root>/etc/passwd}); the last component is never followed.</li>
 *   <li>Whiteouts ({@code .wh.name}) and opaque markers ({@code .wh..wh..opq}) remove only what
 *       lower layers left, never entries of this layer, whatever their order in the tar. Whiteout
 *       files themselves are not created; other {@code .wh..wh.*} names are ignored.</li>
 *   <li>An entry replaces an existing file, symlink or directory tree at its path, except that a
 *       directory entry over an existing directory keeps its content and only updates metadata.</li>
 *   <li>Hardlink targets are resolved like other paths, must exist already (an earlier entry or a
 *       lower layer) and must not be directories; a {@code ..} escape is rejected.</li>
 *   <li>Symlinks are created with their target exactly as stored and are never followed.</li>
 *   <li>Modes keep setuid, setgid and sticky bits; mtimes are set; directory modes and mtimes are
 *       set after the whole layer is written, so later entries do not disturb them. Ownership is
 *       applied with lchown when {@link ExtractOptions#applyOwnership()} (root), otherwise reported
 *       in {@link ApplyResult#unappliedOwnership()}.</li>
 *   <li>Device nodes are created (with coreutils {@code mknod}) only when running as root of the
 *       host (root of a user namespace may not make them), and skipped with a note otherwise, as
 *       containers-storage skips them rootless; FIFOs are always created. Only {@code user.*} xattrs are
 *       applied; others (e.g. {@code security.capability}) are noted in
 *       {@link ApplyResult#skipped()}.</li>
 *   <li>More than {@link ExtractOptions#maxBytes()} of uncompressed tar or
 *       {@link ExtractOptions#maxEntries()} entries, a truncated or corrupt tar, and invalid names
 *       (NUL, over-long) fail with a PierException. A failed extraction may leave a partly
 *       written root: the caller extracts into a fresh directory and discards it on failure.</li>
 * </ul>
 * The root directory's own metadata (an entry {@code ./}) is left to the caller.
 */
public final class LayerApplier {
    private final String layer;
    private final RootResolver resolver;
    private final ExtractOptions options;
    /** Whether device nodes can be made ({@link ProcessIdentity#canMakeDevices()}). */
    private final boolean root;
    private final WrittenPaths written = new WrittenPaths();
    private final LayerFiles regularFiles;
    private final List<UnappliedOwnership> unappliedOwnership = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> whiteouts = new ArrayList<>();
    private final EntryMetadata metadata;
    private final Map<Path, DeferredDirectory> directories = new LinkedHashMap<>();

    /** A directory's mode and mtime, set at the end; fileKey guards against a replaced path. */
    private record DeferredDirectory(Object fileKey, int mode, FileTime mtime) {}

    private LayerApplier(String layer, Path root, ExtractOptions options) throws IOException {
        this.layer = layer;
        this.options = options;
        ProcessIdentity self = ProcessIdentity.current();
        this.root = self.canMakeDevices();
        this.metadata = new EntryMetadata(options.applyOwnership(), self, unappliedOwnership, skipped);
        this.regularFiles = new LayerFiles(metadata, target -> removeExisting(target, RootResolver.lstat(target)));
        // a directory about to be looked at may be a file still being written: let it finish
        this.resolver = new RootResolver(root.toRealPath(), path -> {
            if (regularFiles.isPendingAtOrAbove(path)) {
                settle();
            }
        });
    }

    /**
     * Applies an uncompressed layer tar onto {@code root} (an existing directory).
     *
     * @param layer names the layer in error messages, e.g. {@code "layer sha256:abc..."}
     */
    public static ApplyResult apply(InputStream tar, String layer, Path root, ExtractOptions options) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new PierException(layer + ": extraction root " + root + " is not a directory");
        }
        LayerApplier applier = new LayerApplier(layer, root, options);
        try {
            return applier.run(tar);
        } finally {
            applier.regularFiles.close();   // waits for the writers: a failed extraction's root is then deleted whole
        }
    }

    /** Decompresses {@code blob} with {@code compression} and applies it; see {@link #apply}. */
    public static ApplyResult applyCompressed(InputStream blob, Compression compression, String layer, Path root,
                                              ExtractOptions options) throws IOException {
        return apply(compression.decompress(blob, layer), layer, root, options);
    }

    private ApplyResult run(InputStream in) throws IOException {
        LimitedInputStream limited = new LimitedInputStream(in, options.maxBytes(), layer);
        StrictTarInputStream tar = StrictTarInputStream.of(limited, layer);
        long entries = 0;
        while (true) {
            TarArchiveEntry entry;
            try {
                entry = tar.getNextEntry();
            } catch (PierException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new PierException(layer + ": corrupt tar after " + entries + " entries: " + e.getMessage(), e);
            }
            if (entry == null) {
                break;
            }
            if (++entries > options.maxEntries()) {
                throw new PierException(layer + ": more than " + options.maxEntries()
                        + " entries, the extraction limit (raise ExtractOptions.maxEntries if the layer is genuine)");
            }
            applyEntry(tar, entry);
        }
        settle();
        finishDirectories();
        return new ApplyResult(entries, limited.count(), unappliedOwnership, skipped, whiteouts);
    }

    private void applyEntry(InputStream tar, TarArchiveEntry entry) throws IOException {
        String name = entry.getName();
        String what = layer + ": entry " + TarPaths.quote(name);
        List<String> components = TarPaths.components(name, what);
        if (components.isEmpty()) {
            if (entry.getLinkFlag() == TarConstants.LF_DIR || name.endsWith("/")) {
                return; // "./": the root's own metadata is the caller's business
            }
            throw new PierException(what + ": names the root but is not a directory");
        }
        String base = components.getLast();
        List<String> parentComponents = components.subList(0, components.size() - 1);
        if (base.startsWith(Whiteout.PREFIX)) {
            whiteouts.add(name);
            settle();   // a whiteout removes things: no write may be pending under it
            applyWhiteout(parentComponents, base, what);
            return;
        }
        List<String> parent = resolver.resolveDirectory(parentComponents, written::add, what);
        List<String> resolved = new ArrayList<>(parent);
        resolved.add(base);
        Path target = resolver.path(resolved);
        String rel = TarPaths.join(resolved);
        // an entry at or under a file still being written, or a hardlink (its target must be complete)
        if (regularFiles.hasPending() && (regularFiles.isPendingAtOrAbove(target) || typeOf(entry) == EntryType.HARDLINK)) {
            settle();
        }
        try {
            switch (typeOf(entry)) {
                case DIRECTORY -> directory(entry, target, rel);
                case FILE -> file(tar, entry, target, rel, what);
                case SYMLINK -> symlink(entry, target, rel, what);
                case HARDLINK -> hardlink(entry, target, what);
                case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> special(entry, target, rel, what);
                case null -> {
                    skipped.add(rel + ": unsupported tar entry type '" + (char) entry.getLinkFlag() + "' skipped");
                    return;
                }
            }
        } catch (FileSystemException e) {
            throw new PierException(what + ": " + e.getMessage(), e);
        }
        written.add(resolved);
    }

    /** The entry's type, or null for types Pier does not apply (GNU sparse, volume headers, ...). */
    private static EntryType typeOf(TarArchiveEntry e) {
        return switch (e.getLinkFlag()) {
            case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG ->
                    // Pre-POSIX tars mark directories by a trailing slash only.
                    e.getName().endsWith("/") ? EntryType.DIRECTORY : EntryType.FILE;
            case TarConstants.LF_DIR -> EntryType.DIRECTORY;
            case TarConstants.LF_SYMLINK -> EntryType.SYMLINK;
            case TarConstants.LF_LINK -> EntryType.HARDLINK;
            case TarConstants.LF_CHR -> EntryType.CHAR_DEVICE;
            case TarConstants.LF_BLK -> EntryType.BLOCK_DEVICE;
            case TarConstants.LF_FIFO -> EntryType.FIFO;
            default -> null;
        };
    }

    private void applyWhiteout(List<String> parentComponents, String base, String what) throws IOException {
        if (base.startsWith(Whiteout.META_PREFIX) && !base.equals(Whiteout.OPAQUE)) {
            return; // aufs bookkeeping such as .wh..wh.plnk: not content
        }
        boolean opaque = base.equals(Whiteout.OPAQUE);
        String hidden = base.substring(Whiteout.PREFIX.length());
        if (!opaque && (hidden.isEmpty() || hidden.equals(".") || hidden.equals(".."))) {
            throw new PierException(what + ": invalid whiteout (it would remove \"" + hidden + "\")");
        }
        List<String> parent = resolver.resolveDirectory(parentComponents, null, what);
        if (parent == null) {
            return; // nothing below to hide
        }
        String parentRel = TarPaths.join(parent);
        if (opaque) {
            written.pruneChildren(resolver.path(parent), parentRel);
            return;
        }
        List<String> resolved = new ArrayList<>(parent);
        resolved.add(hidden);
        written.pruneLower(resolver.path(resolved), TarPaths.join(resolved));
    }

    private void directory(TarArchiveEntry entry, Path target, String rel) throws IOException {
        BasicFileAttributes existing = RootResolver.lstat(target);
        if (existing == null || !existing.isDirectory()) {
            removeExisting(target, existing);
            Files.createDirectory(target);
        }
        metadata.owner(target, rel, entry.getLongUserId(), entry.getLongGroupId());
        metadata.xattrs(target, rel, entry.getExtraPaxHeaders(), false);
        BasicFileAttributes now = RootResolver.lstat(target);
        directories.put(target, new DeferredDirectory(now.fileKey(), entry.getMode(), entry.getLastModifiedTime()));
    }

    private void file(InputStream tar, TarArchiveEntry entry, Path target, String rel, String what) throws IOException {
        regularFiles.write(tar, entry, target, rel, what);
    }

    private void settle() throws IOException {
        regularFiles.settle();
    }

    private void symlink(TarArchiveEntry entry, Path target, String rel, String what) throws IOException {
        String link = entry.getLinkName();
        if (link == null || link.isEmpty() || link.indexOf('\0') >= 0) {
            throw new PierException(what + ": invalid symlink target");
        }
        removeExisting(target, RootResolver.lstat(target));
        resolver.forget(); // a new symlink may change how later parent paths resolve
        Files.createSymbolicLink(target, target.getFileSystem().getPath(link));
        metadata.owner(target, rel, entry.getLongUserId(), entry.getLongGroupId());
        metadata.xattrs(target, rel, entry.getExtraPaxHeaders(), true);
        try {
            EntryMetadata.mtime(target, entry.getLastModifiedTime());
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot time a symlink itself; the link still works.
        }
    }

    private void hardlink(TarArchiveEntry entry, Path target, String what) throws IOException {
        String link = entry.getLinkName();
        String linkWhat = what + " (hardlink to " + TarPaths.quote(link == null ? "" : link) + ")";
        if (link == null || link.isEmpty()) {
            throw new PierException(linkWhat + ": empty hardlink target");
        }
        List<String> components = TarPaths.components(link, linkWhat);
        if (components.isEmpty()) {
            throw new PierException(linkWhat + ": hardlink to the root directory");
        }
        List<String> parent = resolver.resolveDirectory(components.subList(0, components.size() - 1), null, linkWhat);
        Path source = parent == null ? null : resolver.path(parent).resolve(components.getLast());
        BasicFileAttributes attrs = source == null ? null : RootResolver.lstat(source);
        if (attrs == null) {
            throw new PierException(linkWhat + ": hardlink target does not exist in the layer or below");
        }
        if (attrs.isDirectory()) {
            throw new PierException(linkWhat + ": hardlink to a directory");
        }
        if (source.equals(target)) {
            return; // a link to itself: already there
        }
        removeExisting(target, RootResolver.lstat(target));
        // link(2) does not follow a symlink source: the new name links the symlink itself.
        Files.createLink(target, source);
    }

    private void special(TarArchiveEntry entry, Path target, String rel, String what) throws IOException {
        boolean fifo = entry.getLinkFlag() == TarConstants.LF_FIFO;
        if (!fifo && !root) {
            skipped.add(rel + ": device node " + entry.getDevMajor() + ":" + entry.getDevMinor()
                    + " not created (needs root)");
            return;
        }
        removeExisting(target, RootResolver.lstat(target));
        try {
            if (fifo) {
                SpecialFiles.mkfifo(target);
            } else {
                SpecialFiles.mknod(target, entry.getLinkFlag() == TarConstants.LF_BLK, entry.getDevMajor(), entry.getDevMinor());
            }
            metadata.owner(target, rel, entry.getLongUserId(), entry.getLongGroupId());
            EntryMetadata.mode(target, entry.getMode());
            SpecialFiles.touch(target, entry.getLastModifiedTime().toInstant().getEpochSecond());
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new PierException(what + ": " + e.getMessage(), e);
        }
    }

    /** Removes what is at {@code target} (a whole tree for a directory), following no symlink. */
    private void removeExisting(Path target, BasicFileAttributes existing) throws IOException {
        if (existing == null) {
            return;
        }
        if (regularFiles.hasPending()) {
            settle();   // what is removed may hold files still being written
            existing = RootResolver.lstat(target);
            if (existing == null) {
                return;
            }
        }
        resolver.forget();
        directories.remove(target);
        if (existing.isDirectory()) {
            WrittenPaths.deleteRecursively(target);
        } else {
            Files.delete(target);
        }
    }

    /** Sets directory modes and mtimes last, deepest first, skipping any replaced since. */
    private void finishDirectories() throws IOException {
        List<Map.Entry<Path, DeferredDirectory>> all = new ArrayList<>(directories.entrySet());
        all.sort((a, b) -> Integer.compare(b.getKey().getNameCount(), a.getKey().getNameCount()));
        for (Map.Entry<Path, DeferredDirectory> e : all) {
            Path dir = e.getKey();
            BasicFileAttributes now = RootResolver.lstat(dir);
            if (now == null || !now.isDirectory() || !java.util.Objects.equals(now.fileKey(), e.getValue().fileKey())) {
                continue;
            }
            EntryMetadata.mode(dir, e.getValue().mode());
            EntryMetadata.mtime(dir, e.getValue().mtime());
        }
    }
}
