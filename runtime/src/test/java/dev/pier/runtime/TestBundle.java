package dev.pier.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A bundle for behaviour tests: a busybox-static rootfs (/bin/busybox and a link per applet) and
 * the config.json {@code runc spec} writes, changed through {@link #config()} before use.
 */
final class TestBundle {
    final Path dir;
    private final ObjectNode config;

    private TestBundle(Path dir, ObjectNode config) {
        this.dir = dir;
        this.config = config;
    }

    /** A new bundle under {@code parent}, running {@code sh -c script}. */
    static TestBundle create(Path parent, String script) {
        Path busybox = Peers.require("busybox");
        Path runc = Peers.require("runc");
        try {
            Path dir = Files.createTempDirectory(parent, "bundle");
            Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
            Files.copy(busybox, bin.resolve("busybox"));
            for (String applet : Exec.of(busybox, "--list").check().stdout().lines().toList()) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
                }
            }
            for (String d : List.of("proc", "sys", "dev", "tmp", "etc", "root")) {
                Files.createDirectories(dir.resolve("rootfs").resolve(d));
            }
            Files.writeString(dir.resolve("rootfs/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n");
            Exec.of(runc, "spec").in(dir).check();
            ObjectNode config = (ObjectNode) Json.tree(Files.readAllBytes(dir.resolve("config.json")), "config.json");
            Files.delete(dir.resolve("config.json"));
            TestBundle b = new TestBundle(dir, config);
            ObjectNode process = (ObjectNode) config.get("process");
            process.put("terminal", false);
            b.args("sh", "-c", script);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the host's {@code program} into the rootfs at the same path, with the shared
     * libraries {@code ldd} names for it (also at their host paths), so that a dynamically linked
     * tool of the host (perl from the essential perl-base package) runs in the busybox rootfs.
     */
    TestBundle withHostProgram(Path program) {
        try {
            List<Path> files = new java.util.ArrayList<>(List.of(program));
            for (String line : Exec.of("ldd", program.toString()).check().stdout().lines().toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(/\\S+)").matcher(line);
                if (m.find()) {
                    files.add(Path.of(m.group(1)));
                }
            }
            for (Path f : files) {
                Path target = dir.resolve("rootfs").resolve(f.toString().substring(1));
                Files.createDirectories(target.getParent());
                Files.copy(f.toRealPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds {@code capability} (CAP_...) to the bounding, effective and permitted sets. */
    TestBundle addCapability(String capability) {
        for (String set : List.of("bounding", "effective", "permitted")) {
            ((ArrayNode) config.get("process").get("capabilities").get(set)).add(capability);
        }
        return this;
    }

    /** The configuration, to change before {@link #write()}. */
    ObjectNode config() {
        return config;
    }

    ObjectNode linux() {
        return (ObjectNode) config.get("linux");
    }

    TestBundle args(String... args) {
        ArrayNode a = ((ObjectNode) config.get("process")).putArray("args");
        for (String s : args) {
            a.add(s);
        }
        return this;
    }

    /** Writes config.json; returns the bundle directory. */
    Path write() {
        try {
            Files.write(dir.resolve("config.json"), Json.write(config));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
