package dev.pier.analyze.tree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A flattened file tree: every path an image's layers leave, up to some layer, with the entry that
 * holds it. Paths sort by their characters, so a directory's descendants form one contiguous range.
 * {@link #apply} stacks one more layer, resolving whiteouts and opaque markers against the layers
 * below, as the image spec's "Applying Changesets" describes. Not thread-safe.
 */
public final class FileTree {
    private final TreeMap<String, FileEntry> entries;

    public FileTree() {
        this(new TreeMap<>());
    }

    private FileTree(TreeMap<String, FileEntry> entries) {
        this.entries = entries;
    }

    /** The entry at {@code path}, if any. */
    public Optional<FileEntry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    /** Every entry, sorted by path. */
    public Collection<FileEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public int size() {
        return entries.size();
    }

    /** The entries below directory {@code dir} ({@code ""} for the root), sorted by path. */
    public Collection<FileEntry> descendants(String dir) {
        return Collections.unmodifiableCollection(below(dir).values());
    }

    /** Sum of the sizes of the regular files in the tree. */
    public long totalSize() {
        return entries.values().stream().mapToLong(FileEntry::size).sum();
    }

    /** A copy that later {@link #apply} calls on this tree do not change. */
    public FileTree snapshot() {
        return new FileTree(new TreeMap<>(entries));
    }

    /**
     * Stacks a layer: first its whiteouts and opaque markers remove paths of the layers below (never
     * of this layer), then its entries are put in order. A non-directory replacing a directory
     * removes the directory's contents; a missing parent becomes an implicit directory; a parent
     * that is not a directory is replaced by one.
     *
     * @return the changes by path, in the order they happened
     */
    public List<Change> apply(int layer, List<LayerEntry> layerEntries) {
        Map<String, Change> changes = new LinkedHashMap<>();
        for (LayerEntry e : layerEntries) {
            switch (e) {
                case LayerEntry.Whiteout w -> removeTree(w.path(), true, changes);
                case LayerEntry.Opaque o -> removeTree(o.path(), false, changes);
                case LayerEntry.Put ignored -> { }
            }
        }
        for (LayerEntry e : layerEntries) {
            if (e instanceof LayerEntry.Put(FileEntry entry)) {
                put(entry, layer, changes);
            }
        }
        return List.copyOf(changes.values());
    }

    private void put(FileEntry entry, int layer, Map<String, Change> changes) {
        String path = entry.path();
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            FileEntry existing = entries.get(parent);
            if (existing == null || !existing.isDirectory()) {
                if (existing != null) {
                    remove(parent, changes);
                }
                FileEntry dir = FileEntry.implicitDirectory(parent, layer);
                entries.put(parent, dir);
                record(new Change.Added(dir), changes);
            }
        }
        FileEntry existing = entries.get(path);
        if (existing != null && !(existing.isDirectory() && entry.isDirectory())) {
            removeTree(path, false, changes);
        }
        entries.put(path, entry);
        record(existing == null ? new Change.Added(entry) : new Change.Modified(existing, entry), changes);
    }

    /** Removes the descendants of {@code path}, and {@code path} itself when {@code self}. */
    private void removeTree(String path, boolean self, Map<String, Change> changes) {
        for (String p : new ArrayList<>(below(path).keySet())) {
            remove(p, changes);
        }
        if (self && entries.containsKey(path)) {
            remove(path, changes);
        }
    }

    private void remove(String path, Map<String, Change> changes) {
        FileEntry gone = entries.remove(path);
        if (gone != null) {
            record(new Change.Removed(gone), changes);
        }
    }

    /** Merges a change with an earlier one of the same layer for the same path. */
    private static void record(Change c, Map<String, Change> changes) {
        Change prev = changes.get(c.path());
        FileEntry before = prev == null ? c.before() : prev.before();
        Change merged;
        if (c.after() == null) {
            merged = before == null ? null : new Change.Removed(before);
        } else {
            merged = before == null ? new Change.Added(c.after()) : new Change.Modified(before, c.after());
        }
        changes.remove(c.path());
        if (merged != null) {
            changes.put(c.path(), merged);
        }
    }

    private NavigableMap<String, FileEntry> below(String dir) {
        if (dir.isEmpty()) {
            return entries;
        }
        // '0' is the character after '/': [dir/, dir0) holds exactly the paths below dir.
        return entries.subMap(dir + "/", true, dir + "0", false);
    }
}
