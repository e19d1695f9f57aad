package dev.pier.registry;

import java.nio.file.Path;

/** Runs a registry in its own JVM for {@link CrashSafetyTest}: prints the port, then serves until killed. */
public final class CrashServerMain {
    private CrashServerMain() {}

    public static void main(String[] args) throws Exception {
        RegistryServer server = RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0"), Path.of(args[0]), null);
        System.out.println("PORT " + server.port());
        System.out.flush();
        server.join();
    }
}
