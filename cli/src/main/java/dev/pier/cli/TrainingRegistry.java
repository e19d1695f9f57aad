package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.registry.RegistryConfig;
import dev.pier.registry.RegistryServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pier's registry on 127.0.0.1 for an AOT training run ({@link AotTrainingCommand}): in the
 * training JVM, so that serving is trained too, or in a JVM of its own, so that the server's
 * classes (Jetty's among them) stay out of a cache made for the registry's clients.
 */
sealed interface TrainingRegistry extends AutoCloseable {

    /** {@code 127.0.0.1:PORT}. */
    String address();

    @Override
    void close() throws Exception;

    static TrainingRegistry inThisJvm(Path root) throws Exception {
        return new InThisJvm(RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0"), root, null));
    }

    /** {@code pier registry serve} started with this JVM's java and class path; returns once it listens. */
    static TrainingRegistry ownJvm(Path root) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new PierException("cannot tell this JVM's java"));
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Pier.class.getName(),
                "registry", "serve", "--quiet", "--addr", "127.0.0.1:0", "--root", root.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String marker = "listening on http://";
        for (String line; (line = err.readLine()) != null; ) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                String rest = line.substring(at + marker.length());
                return new OwnJvm(p, rest.substring(0, rest.indexOf(' ')).replaceAll("/$", ""));
            }
        }
        p.destroyForcibly();
        throw new PierException("the training registry ended before it listened (exit " + p.waitFor() + ")");
    }

    record InThisJvm(RegistryServer server) implements TrainingRegistry {
        @Override
        public String address() {
            return "127.0.0.1:" + server.port();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    record OwnJvm(Process process, String address) implements TrainingRegistry {
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
