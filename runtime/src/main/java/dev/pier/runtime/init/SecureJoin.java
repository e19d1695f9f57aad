package dev.pier.runtime.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a path inside a root directory as if the root were {@code /}: symbolic links are
 * followed relative to the root and {@code ..} stops at it, so the result never leaves the root.
 */
public final class SecureJoin {
    private static final int MAX_LINKS = 255;

    private SecureJoin() {}

    /** {@code unsafe} resolved inside {@code root}; missing components are kept as they are. */
    public static Path join(Path root, String unsafe) {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, unsafe);
        Deque<String> done = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pop();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                done.pollLast();
                continue;
            }
            Path candidate = build(root, done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new dev.pier.runtime.RuntimeError("too many symbolic links resolving " + unsafe + " in " + root);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw new dev.pier.runtime.RuntimeError("cannot read link " + candidate + ": " + e.getMessage(), e);
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            done.addLast(part);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                while (!todo.isEmpty()) {   // the rest cannot hold links yet; keep it as given
                    String rest = todo.pop();
                    if (rest.equals("..")) {
                        done.pollLast();
                    } else if (!rest.isEmpty() && !rest.equals(".")) {
                        done.addLast(rest);
                    }
                }
            }
        }
        return build(root, done);
    }

    private static void push(Deque<String> todo, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            todo.push(parts[i]);
        }
    }

    private static Path build(Path root, Deque<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
