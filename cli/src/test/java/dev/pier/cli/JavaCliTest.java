package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.remote.RegistryServer;
import dev.pier.image.transport.ImageImporter;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImportOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pier java: to the local store and to a registry, where a rebuild after a one-class change sends one layer. */
class JavaCliTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {}

    static Run pier(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Pier.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private Path compile(String message) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/app"));
        Files.writeString(src.resolve("Main.java"), "package app; public class Main { public static void main(String[] a) { System.out.println(\"" + message + "\"); } }");
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(classes.resolve("app.properties"), "x=1\n");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.resolve("Main.java").toString());
        assertThat(status).isZero();
        return classes;
    }

    private String base() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("base/etc"));
        Files.writeString(dir.resolve("os-release"), "ID=test\n");
        String location = "oci:" + tmp.resolve("base-layout") + ":jre";
        try (var d = ImageLocation.parse(location, () -> null).openDestination()) {
            ImageImporter.importPath(tmp.resolve("base"), d, ImportOptions.defaults().withCreated(Instant.EPOCH));
        }
        return location;
    }

    @Test
    void withoutARuntimeItSaysWhatToDo() {
        Run r = pier("--root", tmp.resolve("root").toString(), "java", "--classpath", tmp.toString(), "--main-class", "a.B", "-t", "x");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("--from BASE").hasLineCount(1);
    }

    @Test
    void buildsToTheStoreAndARebuildIsAllCached() throws Exception {
        Path classes = compile("one");
        String base = base();
        String root = tmp.resolve("root").toString();
        Run first = pier("--root", root, "java", "--classpath", classes.toString(), "--main-class", "app.Main", "--from", base, "-t", "hello", "-p", "8080");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("built").contains("entrypoint java -cp /app/resources:/app/classes:/app/libs/* app.Main");
        Run second = pier("--root", root, "java", "--classpath", classes.toString(), "--main-class", "app.Main", "--from", base, "-t", "hello", "-p", "8080");
        assertThat(second.out()).doesNotContain("built ").contains("cached");
        assertThat(second.out().lines().reduce((a, b) -> b)).isEqualTo(first.out().lines().reduce((a, b) -> b));
        assertThat(pier("--root", root, "images").out()).contains("hello");
    }

    @Test
    void aOneClassChangeSendsOnlyTheClassesLayerAndTheConfigToTheRegistry() throws Exception {
        Path classes = compile("one");
        String base = base();
        String root = tmp.resolve("root").toString();
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")), RegistryServer.Config.plain())) {
            List<String> args = List.of("--root", root, "java", "--classpath", classes.toString(), "--main-class", "app.Main",
                    "--from", base, "--output", "docker://" + registry.host() + "/java/app:v1", "--tls-verify=false");
            Run first = pier(args.toArray(String[]::new));
            assertThat(first.status()).as(first.err()).isZero();
            assertThat(first.out()).contains("blobs copied 4, skipped 0"); // base layer, resources, classes, config
            compile("two");
            Run second = pier(args.toArray(String[]::new));
            assertThat(second.status()).as(second.err()).isZero();
            assertThat(second.out()).contains("blobs copied 2, skipped 2");
        }
    }
}
