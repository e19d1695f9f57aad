package dev.pier.cli;

import dev.pier.image.testing.Exec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** pier in a JVM of its own, so a container's own output and the engine's warnings can be read. */
final class PierProcess {
    private PierProcess() {}

    static Exec of(Path store, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Pier.class.getName(), "--root", store.toString()));
        cmd.addAll(List.of(args));
        return Exec.of(cmd);
    }
}
