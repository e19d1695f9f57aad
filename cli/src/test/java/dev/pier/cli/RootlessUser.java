package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The user that is not root the rootless tests run pier as: {@value #NAME}, made with useradd
 * (which gives it subordinate id ranges) when it does not exist.
 */
final class RootlessUser {
    static final String NAME = "pier-rootless";

    private RootlessUser() {}

    /** Requires root (to become the user), newuidmap and useradd; makes the user when missing. */
    static void ensure() throws Exception {
        Peers.requireRoot();
        Peers.require("newuidmap", "uidmap");
        Peers.require("useradd", "passwd");
        if (Exec.of("id", NAME).run().exitCode() != 0) {
            Exec.of("useradd", "--no-create-home", "--shell", "/bin/sh", NAME).check();
        }
        assertThat(Files.readAllLines(Path.of("/etc/subuid"))).as("useradd gave " + NAME + " a subordinate uid range")
                .anyMatch(l -> l.startsWith(NAME + ":"));
    }

    /** The host uid that id 1 of the user's namespace maps to: the start of its /etc/subuid range. */
    static long subuidStart() throws Exception {
        return Files.readAllLines(Path.of("/etc/subuid")).stream().filter(l -> l.startsWith(NAME + ":"))
                .map(l -> Long.parseLong(l.split(":")[1])).findFirst().orElseThrow();
    }

    /** The test's class path is under root's home: a copy under {@code dir} the user can read, as RootlessTest (runtime) does. */
    static String readableClassPath(Path dir) throws Exception {
        List<String> classpath = new ArrayList<>();
        Path cp = Files.createDirectories(dir.resolve("cp"));
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path target = cp.resolve(n++ + "-" + Path.of(entry).getFileName());
            Exec.of("cp", "-r", entry, target.toString()).check();
            classpath.add(target.toString());
        }
        Exec.of("chmod", "-R", "a+rX", cp.toString()).check();
        return String.join(":", classpath);
    }

    /** Runs {@code script} with sh as the user, in {@code home} (which the user owns), with {@code HOME} set to it. */
    static Exec.Result run(Path home, String script) {
        return Exec.of("su", NAME, "-s", "/bin/sh", "-c", "export HOME=" + home + "; unset XDG_DATA_HOME PIER_ROOT; " + script)
                .in(home).timeout(Duration.ofMinutes(5)).run();
    }
}
