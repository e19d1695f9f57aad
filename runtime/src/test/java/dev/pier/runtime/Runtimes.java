package dev.pier.runtime;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts runc and pier-runc (this module's classes, in a new JVM) with a test's own state root. */
final class Runtimes {
    private Runtimes() {}

    /** {@code pier-runc --root <root> args...}. */
    static Exec pierRunc(Path root, String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.pier.runtime.cli.PierRunc",
                "--root", root.toString()));
        cmd.addAll(List.of(args));
        return Exec.of(cmd);
    }

    /** {@code runc --root <root> args...}. */
    static Exec runc(Path root, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Peers.require("runc").toString(), "--root", root.toString()));
        cmd.addAll(List.of(args));
        return Exec.of(cmd);
    }
}
