package dev.pier.build.run;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a RUN's layer leaves out: its mount points (secrets, caches, binds, /proc, /dev, /sys...)
 * and everything below them, and the directories the runtime created only to hold a mount point
 * when nothing else of the RUN's changes lives in them — as BuildKit does, so a secret's target
 * or an empty {@code /proc} never lands in an image.
 */
final class Exclusions {
    private final Set<String> targets = new HashSet<>();
    private final Set<String> createdParents = new HashSet<>();

    /** @param rootfs the stage's root before the RUN; {@code mountTargets} absolute container paths */
    Exclusions(Path rootfs, Collection<String> mountTargets) {
        for (String t : mountTargets) {
            String rel = t.replaceAll("^/+", "").replaceAll("/+$", "");
            if (rel.isEmpty()) {
                continue;
            }
            targets.add(rel);
            String parent = rel;
            while (parent.contains("/")) {
                parent = parent.substring(0, parent.lastIndexOf('/'));
                if (!Files.exists(rootfs.resolve(parent), LinkOption.NOFOLLOW_LINKS)) {
                    createdParents.add(parent);
                }
            }
        }
    }

    /** The changes without the excluded ones. */
    List<Change> filter(List<Change> changes) {
        List<Change> kept = changes.stream().filter(c -> !underTarget(c.path())).toList();
        return kept.stream().filter(c -> !createdParents.contains(c.path()) || holdsOther(c.path(), kept)).toList();
    }

    private boolean underTarget(String path) {
        for (String p = path; ; p = p.substring(0, p.lastIndexOf('/'))) {
            if (targets.contains(p)) {
                return true;
            }
            if (!p.contains("/")) {
                return false;
            }
        }
    }

    private boolean holdsOther(String dir, List<Change> kept) {
        String prefix = dir + "/";
        return kept.stream().anyMatch(c -> c.path().startsWith(prefix) && !createdParents.contains(c.path()));
    }
}
