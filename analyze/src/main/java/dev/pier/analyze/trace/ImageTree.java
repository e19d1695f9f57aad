package dev.pier.analyze.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An unpacked image's root file system, with path resolution as the kernel does it inside the
 * container: absolute symlinks and {@code ..} stay inside the root. Resolution records every
 * symlink it went through, because a slimmed image must keep those too for the path to work.
 *
 * @param root the host directory holding the image's root
 */
public record ImageTree(Path root) {
    private static final int MAX_SYMLINKS = 40;   // as the kernel's MAXSYMLINKS

    /**
     * How a path resolved.
     *
     * @param target the final path without symlinks (absolute in the image), when every component exists
     * @param symlinks the symlinks followed on the way (absolute paths in the image)
     */
    public record Resolution(Optional<String> target, List<String> symlinks) {}

    /** The host path of image path {@code path} (absolute, without symlinks, no {@code ..}). */
    public Path host(String path) {
        return path.equals("/") ? root : root.resolve(path.substring(1));
    }

    /** Resolves {@code path} (absolute in the image), following every symlink including a final one. */
    public Resolution resolve(String path) {
        List<String> symlinks = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(components(path));
        Deque<String> done = new ArrayDeque<>();
        int followed = 0;
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (c.equals("..")) {
                done.pollLast();
                continue;
            }
            done.addLast(c);
            String current = join(done);
            Path host = host(current);
            if (Files.isSymbolicLink(host)) {
                if (++followed > MAX_SYMLINKS) {
                    return new Resolution(Optional.empty(), symlinks);
                }
                symlinks.add(current);
                String target;
                try {
                    target = Files.readSymbolicLink(host).toString();
                } catch (IOException e) {
                    return new Resolution(Optional.empty(), symlinks);
                }
                done.removeLast();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> parts = components(target);
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.push(parts.get(i));
                }
            } else if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
                return new Resolution(Optional.empty(), symlinks);
            } else if (!todo.isEmpty() && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                return new Resolution(Optional.empty(), symlinks);
            }
        }
        return new Resolution(Optional.of(join(done)), symlinks);
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out;
    }

    private static String join(Deque<String> parts) {
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }
}
