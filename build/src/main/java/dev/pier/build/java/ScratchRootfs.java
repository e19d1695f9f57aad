package dev.pier.build.java;

import dev.pier.build.jlink.SharedLibraries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an image without a base needs to run a jlinked runtime: the host's shared libraries the
 * runtime's ELF files need (the dynamic loader included), a minimal {@code /etc/passwd} and
 * {@code /etc/group} naming the container's user, its home directory, {@code /tmp} (1777), and
 * empty {@code /proc}, {@code /sys} and {@code /dev} for the runtime to mount on. The launcher needs
 * {@code /proc}: {@code ld.so} expands the {@code $ORIGIN} of {@code bin/java}'s run path from
 * {@code /proc/self/exe}.
 */
final class ScratchRootfs {
    private ScratchRootfs() {}

    /** The name the container's user gets in {@code /etc/passwd}. */
    static final String USER_NAME = "nonroot";

    /**
     * The layer spec for a runtime in {@code runtimeDir} and the container's {@code user}
     * ({@code uid[:gid]}, or a name given uid 65532); generated files are written below {@code workDir}.
     */
    static LayerSpec layer(Path runtimeDir, String user, Path workDir) throws IOException {
        List<LayerEntry> entries = new ArrayList<>();
        for (Map.Entry<String, Path> lib : SharedLibraries.host().neededBy(runtimeDir).entrySet()) {
            entries.add(LayerEntry.file(lib.getKey(), lib.getValue(), 0755));
        }
        String[] ids = ids(user);
        String name = user.matches("\\d+(:\\d+)?") ? USER_NAME : user.split(":")[0];
        String home = "/home/" + name;
        String passwd = "root:x:0:0:root:/root:/sbin/nologin\n"
                + (ids[0].equals("0") ? "" : name + ":x:" + ids[0] + ":" + ids[1] + ":" + name + ":" + home + ":/sbin/nologin\n");
        String group = "root:x:0:\n" + (ids[1].equals("0") ? "" : name + ":x:" + ids[1] + ":\n");
        Path etc = Files.createDirectories(workDir.resolve("rootfs-etc").resolve(ids[0] + "-" + ids[1] + "-" + name));
        entries.add(LayerEntry.file("/etc/passwd", write(etc.resolve("passwd"), passwd), 0644));
        entries.add(LayerEntry.file("/etc/group", write(etc.resolve("group"), group), 0644));
        entries.add(LayerEntry.directory("/tmp", 01777));
        entries.add(LayerEntry.directory("/root", 0700));
        for (String mountPoint : List.of("/proc", "/sys", "/dev")) {
            entries.add(LayerEntry.directory(mountPoint, 0755));
        }
        if (!ids[0].equals("0")) {
            entries.add(LayerEntry.directory(home, 0755).withOwner(Long.parseLong(ids[0]), Long.parseLong(ids[1])));
        }
        return new LayerSpec("base files and shared libraries", entries);
    }

    /** {uid, gid} of a user spec: {@code 65532:65532}, {@code 1000}, or a name (65532). */
    static String[] ids(String user) {
        String[] parts = user.split(":", 2);
        String uid = parts[0].matches("\\d+") ? parts[0] : "65532";
        String gid = parts.length == 2 && parts[1].matches("\\d+") ? parts[1] : uid;
        return new String[] {uid, gid};
    }

    private static Path write(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (!Files.isRegularFile(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            Files.write(file, bytes);
        }
        return file;
    }
}
