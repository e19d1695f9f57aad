package dev.pier.cli.interop;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Base images for the interop tests, built with the real tools and no network.
 *
 * <p>{@link #umoci} makes an OCI layout with two images: {@code busybox} (one layer: the static
 * busybox with {@code sh} and {@code ls} symlinks, {@code Cmd /bin/sh}) and {@code multi} (three
 * layers; the later ones delete a file, empty a directory and refill it, and add hardlinks, a name
 * over 100 characters, a path over 255, a setuid file, symlinks and a file owned by 1000:1000).
 * umoci writes per-file whiteouts only (it never writes an opaque directory), so {@link #buildah}
 * makes an image whose top layer replaces a directory through overlayfs, which buildah commits as
 * {@code .wh..wh..opq}.
 */
final class InteropImages {
    static final String BUSYBOX = "busybox";
    static final String MULTI = "multi";
    /** {@code umoci new} alone: no layers, a config without Env. */
    static final String EMPTY = "empty";

    /** 120 characters: more than a ustar name field holds. */
    static final String LONG_NAME = "n".repeat(120);
    /** More than 255 characters in all. */
    static final String DEEP_DIR = "deep/" + "d".repeat(90) + "/" + "e".repeat(90) + "/" + "f".repeat(90);

    private InteropImages() {}

    /** Builds the umoci layout in {@code work} and returns its directory (the tags are {@link #BUSYBOX} and {@link #MULTI}). */
    static Path umoci(Path work) throws IOException {
        Path umoci = Peers.require("umoci");
        Path busybox = Peers.require("busybox").toRealPath();
        Path layout = work.resolve("umoci-layout");
        String img = layout.toString();

        Exec.of(umoci, "init", "--layout", img).check();
        Exec.of(umoci, "new", "--image", img + ":" + BUSYBOX).check();
        Exec.of(umoci, "new", "--image", img + ":" + EMPTY).check();
        Path b1 = work.resolve("bundle-busybox");
        Exec.of(umoci, "unpack", "--image", img + ":" + BUSYBOX, b1.toString()).check();
        Path bin = Files.createDirectories(b1.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Exec.of("chmod", "0755", bin.resolve("busybox").toString()).check();
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        Files.createSymbolicLink(bin.resolve("ls"), Path.of("busybox"));
        Exec.of(umoci, "repack", "--image", img + ":" + BUSYBOX, b1.toString()).check();
        Exec.of(umoci, "config", "--image", img + ":" + BUSYBOX, "--config.cmd", "/bin/sh",
                "--config.env", "PATH=/bin").check();

        // layer 2: files that layer 3 deletes or replaces
        Path b2 = work.resolve("bundle-multi-2");
        Exec.of(umoci, "unpack", "--image", img + ":" + BUSYBOX, b2.toString()).check();
        Path r2 = b2.resolve("rootfs");
        Files.createDirectories(r2.resolve("etc/conf"));
        Files.writeString(r2.resolve("etc/conf/a"), "a\n");
        Files.writeString(r2.resolve("etc/conf/b"), "b\n");
        Files.createDirectories(r2.resolve("data"));
        Files.writeString(r2.resolve("data/gone"), "deleted in layer 3\n");
        Files.writeString(r2.resolve("data/keep"), "kept\n");
        Files.writeString(r2.resolve("data/owned"), "owned by 1000:1000\n");
        Exec.of("chown", "1000:1000", r2.resolve("data/owned").toString()).check();
        Files.createDirectories(r2.resolve("private"));
        Exec.of("chmod", "0700", r2.resolve("private").toString()).check();
        Exec.of(umoci, "repack", "--image", img + ":" + MULTI, b2.toString()).check();

        // layer 3: a whiteout, an emptied and refilled directory, hardlinks, long names, setuid, symlinks
        Path b3 = work.resolve("bundle-multi-3");
        Exec.of(umoci, "unpack", "--image", img + ":" + MULTI, b3.toString()).check();
        Path r3 = b3.resolve("rootfs");
        Files.delete(r3.resolve("data/gone"));
        Files.delete(r3.resolve("etc/conf/a"));
        Files.delete(r3.resolve("etc/conf/b"));
        Files.writeString(r3.resolve("etc/conf/c"), "c\n");
        Files.writeString(r3.resolve("data/hl1"), "hardlinked\n");
        Files.createLink(r3.resolve("data/hl2"), r3.resolve("data/hl1"));
        Files.createLink(r3.resolve("data/hl3-" + "h".repeat(110)), r3.resolve("data/hl1"));
        Files.writeString(r3.resolve("data/" + LONG_NAME), "long name\n");
        Path deep = Files.createDirectories(r3.resolve(DEEP_DIR));
        Files.writeString(deep.resolve("file-at-the-end-of-a-long-path"), "deep\n");
        Files.writeString(r3.resolve("bin/su"), "#!/bin/sh\necho setuid\n");
        Exec.of("chmod", "4755", r3.resolve("bin/su").toString()).check();
        Files.writeString(r3.resolve("bin/sg"), "#!/bin/sh\necho setgid\n");
        Exec.of("chmod", "2755", r3.resolve("bin/sg").toString()).check();
        Files.createDirectories(r3.resolve("tmp"));
        Exec.of("chmod", "1777", r3.resolve("tmp").toString()).check();
        Files.createSymbolicLink(r3.resolve("etc/keeplink"), Path.of("../data/keep"));
        Files.createSymbolicLink(r3.resolve("etc/abslink"), Path.of("/data/keep"));
        Files.createSymbolicLink(r3.resolve("etc/dangling"), Path.of("/nowhere"));
        Exec.of(umoci, "repack", "--image", img + ":" + MULTI, b3.toString()).check();
        Exec.of(umoci, "config", "--image", img + ":" + MULTI, "--config.cmd", "/bin/sh",
                "--config.label", "org.example.fixture=multi").check();
        return layout;
    }

    /** What {@link #buildah} wrote. */
    record BuildahImages(Path ociArchive, String ociRef, Path dockerArchive, String dockerRef) {
        String ociLocation() {
            return "oci-archive:" + ociArchive + ":" + ociRef;
        }

        String dockerLocation() {
            return "docker-archive:" + dockerArchive + ":" + dockerRef;
        }
    }

    /**
     * From {@code multi} of the umoci layout, a buildah working container (root, overlay storage
     * under {@code work}) whose mounted root gets a directory replaced (an opaque whiteout), a file
     * deleted, a new file with a hardlink and a long name; committed to an oci-archive and a
     * docker-archive. The storage is emptied afterwards.
     */
    static BuildahImages buildah(Path work, Path umociLayout) throws IOException {
        Peers.requireRoot();
        Path buildah = Peers.require("buildah");
        Path policy = work.resolve("policy.json");
        Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}\n");
        Path storage = work.resolve("buildah-root");
        List<String> base = List.of(buildah.toString(), "--root", storage.toString(),
                "--runroot", work.resolve("buildah-runroot").toString(), "--storage-driver", "overlay");
        BuildahImages out = new BuildahImages(work.resolve("buildah-oci.tar"), "bb",
                work.resolve("buildah-docker.tar"), "example.org/bb:latest");
        try {
            String container = Exec.of(cmd(base, "from", "--signature-policy", policy.toString(), "--name", "pier-interop",
                    "oci:" + umociLayout + ":" + MULTI)).check().stdout().strip();
            Path root = Path.of(Exec.of(cmd(base, "mount", container)).check().stdout().strip());
            Exec.of("rm", "-rf", root.resolve("etc/conf").toString()).check();
            Files.createDirectories(root.resolve("etc/conf"));
            Files.writeString(root.resolve("etc/conf/z"), "z\n");
            Files.writeString(root.resolve("etc/conf/" + "z".repeat(150)), "long\n");
            Files.delete(root.resolve("data/keep"));
            Files.writeString(root.resolve("data/new"), "new\n");
            Files.createLink(root.resolve("data/new-link"), root.resolve("data/new"));
            Exec.of(cmd(base, "umount", container)).check();
            Exec.of(cmd(base, "commit", "--signature-policy", policy.toString(), container,
                    "oci-archive:" + out.ociArchive() + ":" + out.ociRef())).check();
            Exec.of(cmd(base, "commit", "--signature-policy", policy.toString(), container,
                    "docker-archive:" + out.dockerArchive() + ":" + out.dockerRef())).check();
        } finally {
            Exec.of(cmd(base, "rm", "--all")).run();
            Exec.of(cmd(base, "rmi", "--all", "--force")).run();
            unmountUnder(storage);
        }
        return out;
    }

    /** skopeo copy, quietly. */
    static void skopeoCopy(String src, String dst) {
        Exec.of(Peers.require("skopeo"), "copy", "-q", src, dst).check();
    }

    /** Unpacks an image of an OCI layout with umoci and returns the root filesystem. */
    static Path umociUnpack(Path layout, String ref, Path bundle) {
        Exec.of(Peers.require("umoci"), "unpack", "--image", layout + ":" + ref, bundle.toString()).check();
        return bundle.resolve("rootfs");
    }

    private static List<String> cmd(List<String> base, String... args) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(args));
        return all;
    }

    /** Mounts that containers/storage may leave under its root, innermost first, so the temp dir can be deleted. */
    private static void unmountUnder(Path dir) throws IOException {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].startsWith(dir.toString())) {
                mounts.add(f[4]);
            }
        }
        mounts.sort((a, b) -> b.length() - a.length());
        for (String m : mounts) {
            Exec.of("umount", "-l", m).run();
        }
    }
}
