package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Peers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of {@code examples/hello-web}, end to end as its README shows it: one {@code pier
 * java --jlink --from none} makes the image, {@code pier run -p} starts it, and it answers an HTTP
 * request on the published port (root, with the CNI plugins).
 */
@Timeout(600)
class HelloWebRunCliTest {
    private static final int PORT = 18098;

    @TempDir
    Path tmp;

    @Test
    void theExampleImageAnswersOnItsPublishedPort() throws Exception {
        Peers.requireRoot();
        Path store = tmp.resolve("store");
        String classPath = compileExample(tmp.resolve("classes"));
        var built = RegistryCliTest.pier("--root", store.toString(), "java", "--classpath", classPath,
                "--main-class", "dev.pier.examples.hello.HelloWeb", "--jlink", "--from", "none", "-t", "hello-web", "-p", "8080", "-q");
        assertThat(built.status()).as(built.err()).isZero();

        var started = RegistryCliTest.pier("--root", store.toString(), "run", "-d", "--name", "hello", "-p",
                "127.0.0.1:" + PORT + ":8080", "hello-web");
        assertThat(started.status()).as(started.err()).isZero();
        try {
            assertThat(HttpPoll.get("http://127.0.0.1:" + PORT + "/hello?name=pier")).contains("\"greeting\":\"hello, pier\"");
        } finally {
            RegistryCliTest.pier("--root", store.toString(), "stop", "hello");
            RegistryCliTest.pier("--root", store.toString(), "rm", "hello");
        }
    }

    /** The example's classes, compiled here against the Jackson jars on this test's class path. */
    private static String compileExample(Path classes) throws Exception {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.matches(".*/jackson-(databind|core|annotations)-[^/]*\\.jar")).toList();
        assertThat(jars).hasSize(3);
        Path source = Path.of(System.getProperty("user.dir")).getParent()
                .resolve("examples/hello-web/src/main/java/dev/pier/examples/hello/HelloWeb.java");
        Files.createDirectories(classes);
        int status = ToolProvider.findFirst("javac").orElseThrow().run(System.out, System.err,
                "-d", classes.toString(), "-cp", String.join(File.pathSeparator, jars), source.toString());
        assertThat(status).as("javac of " + source).isZero();
        List<String> all = new ArrayList<>(List.of(classes.toString()));
        all.addAll(jars);
        return String.join(":", all);
    }
}
