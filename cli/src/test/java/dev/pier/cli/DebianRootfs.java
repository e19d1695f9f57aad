package dev.pier.cli;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Debian root file system made by {@code debootstrap --variant=minbase}, from the mirror and
 * suite of this machine's apt sources, cached under {@code -Dpier.testCache} (default
 * {@code target/test-cache}) so that only the first run downloads it. The downloaded packages
 * are removed from {@code /var/cache/apt/archives}, as Debian's own images do.
 */
final class DebianRootfs {
    private static final String FALLBACK_MIRROR = "http://deb.debian.org/debian";
    private static final String FALLBACK_SUITE = "bookworm";

    private DebianRootfs() {}

    /** The cached tree, made first if needed. Skips (fails under pier.requirePeers) without root or debootstrap. */
    static synchronized Path get() throws IOException {
        Peers.requireRoot();
        Path debootstrap = Peers.require("debootstrap");
        String[] source = aptSource();
        Path cache = Path.of(System.getProperty("pier.testCache", "target/test-cache")).toAbsolutePath();
        Path tree = cache.resolve("debian-" + source[1] + "-minbase");
        if (Files.isDirectory(tree.resolve("usr/bin"))) {
            return tree;
        }
        Files.createDirectories(cache);
        Path staging = Files.createTempDirectory(cache, ".debootstrap-");
        Exec.of(debootstrap, "--variant=minbase", source[1], staging.toString(), source[0])
                .timeout(Duration.ofMinutes(20)).check();
        try (Stream<Path> debs = Files.list(staging.resolve("var/cache/apt/archives"))) {
            for (Path deb : debs.filter(p -> p.toString().endsWith(".deb")).toList()) {
                Files.delete(deb);
            }
        }
        Files.move(staging, tree, java.nio.file.StandardCopyOption.ATOMIC_MOVE);   // whole or absent: a failed run leaves no half tree
        return tree;
    }

    /** {mirror, suite}: the first Debian (not security) source in apt's configuration. */
    static String[] aptSource() throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.exists(Path.of("/etc/apt/sources.list"))) {
            files.add(Path.of("/etc/apt/sources.list"));
        }
        if (Files.isDirectory(Path.of("/etc/apt/sources.list.d"))) {
            try (Stream<Path> s = Files.list(Path.of("/etc/apt/sources.list.d"))) {
                s.filter(p -> p.toString().endsWith(".sources") || p.toString().endsWith(".list")).sorted().forEach(files::add);
            }
        }
        for (Path f : files) {
            String uri = null;
            for (String line : Files.readAllLines(f)) {
                String l = line.strip();
                if (l.startsWith("URIs:")) {
                    uri = l.substring(5).strip().split("\\s+")[0];
                } else if (l.startsWith("Suites:") && isDebian(uri)) {
                    return new String[] {uri, l.substring(7).strip().split("\\s+")[0]};
                } else if (l.startsWith("deb ")) {
                    String[] w = l.replaceAll("\\[[^]]*]", "").split("\\s+");
                    if (w.length >= 3 && isDebian(w[1]) && !w[2].contains("-")) {
                        return new String[] {w[1], w[2]};
                    }
                } else if (l.isEmpty()) {
                    uri = null;
                }
            }
        }
        return new String[] {FALLBACK_MIRROR, FALLBACK_SUITE};
    }

    private static boolean isDebian(String uri) {
        return uri != null && uri.endsWith("/debian") || uri != null && uri.endsWith("/debian/");
    }
}
