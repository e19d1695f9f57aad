package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Resolves paths inside a root the way a chroot would ("securejoin"): every component is looked
 * at with NOFOLLOW semantics; a symlink met on the way is expanded by hand, an absolute target
 * restarting at the root and {@code ..} never climbing above it. So {@code link/passwd} with
 * {@code link -> /etc} resolves to {@code <root>/etc/passwd}, never to the host's file.
 *
 * <p>Only directories (resolved parents) are resolved; the last component of an entry is never
 * followed, its callers create or replace it with NOFOLLOW operations. This relies on nobody
 * else changing the root during extraction: Pier owns the directory it extracts into.
 */
final class RootResolver {
    /** Linux's MAXSYMLINKS. */
    private static final int MAX_SYMLINKS = 40;

    private final Path root;
    private final Barrier barrier;

    /** Called with each path the resolver is about to look at, so pending writes there can finish first. */
    @FunctionalInterface
    interface Barrier {
        void before(Path path) throws IOException;
    }
    /**
     * Parent directories already resolved, by the components asked for. Most entries of a layer
     * share their parents, so this saves an lstat per component per entry. Valid while the tree
     * only grows: callers {@link #forget()} it whenever they remove something or create a symlink.
     */
    private final Map<List<String>, List<String>> resolvedDirectories = new HashMap<>();

    RootResolver(Path root, Barrier barrier) {
        this.root = root;
        this.barrier = barrier;
    }

    /** Drops what was resolved: to call after any removal or symlink creation under the root. */
    void forget() {
        resolvedDirectories.clear();
    }

    Path root() {
        return root;
    }

    /** The absolute path for components already resolved (each a real directory or the last name). */
    Path path(List<String> resolved) {
        Path p = root;
        for (String c : resolved) {
            p = p.resolve(c);
        }
        return p;
    }

    /**
     * Resolves {@code components} as a directory inside the root, following symlinks inside the
     * root and creating missing directories (mode 0755 less umask) when {@code onCreate} is not
     * null; it is told each created directory. Returns the resolved components, each naming a real
     * directory, or null when a component is missing and nothing may be created.
     *
     * @param what names the entry in error messages
     */
    List<String> resolveDirectory(List<String> components, Consumer<List<String>> onCreate, String what)
            throws IOException {
        List<String> known = resolvedDirectories.get(components);
        if (known != null) {
            return new ArrayList<>(known);
        }
        List<String> resolved = walk(components, onCreate, what);
        if (resolved != null) {
            resolvedDirectories.put(List.copyOf(components), List.copyOf(resolved));
        }
        return resolved;
    }

    private List<String> walk(List<String> components, Consumer<List<String>> onCreate, String what)
            throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String c = pending.removeFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.removeLast();
                }
                continue;
            }
            resolved.add(c);
            Path candidate = path(resolved);
            barrier.before(candidate);
            BasicFileAttributes attrs = lstat(candidate);
            if (attrs == null) {
                if (onCreate == null) {
                    return null;
                }
                Files.createDirectory(candidate);
                onCreate.accept(List.copyOf(resolved));
            } else if (attrs.isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) {
                    throw new PierException(what + ": too many levels of symbolic links");
                }
                resolved.removeLast();
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                String[] parts = target.split("/");
                for (int i = parts.length - 1; i >= 0; i--) {
                    pending.addFirst(parts[i]);
                }
            } else if (!attrs.isDirectory()) {
                throw new PierException(what + ": \"" + String.join("/", resolved) + "\" is not a directory");
            }
        }
        return resolved;
    }

    /** The attributes of {@code p} itself (not what a symlink points to), or null if it does not exist. */
    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
