package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle hooks run in runc's order with the state JSON on stdin; a failing hook fails create. */
class HooksTest {
    private static final List<String> PHASES = List.of("prestart", "createRuntime", "createContainer", "poststart", "poststop");

    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    private static void hooks(TestBundle b, Path out) {
        ObjectNode hooks = b.config().putObject("hooks");
        for (String phase : PHASES) {
            ObjectNode hook = hooks.putArray(phase).addObject();
            hook.put("path", "/bin/sh");
            hook.putArray("args").add("sh").add("-c").add("echo " + phase + " >> " + out.resolve("order") + "; cat > " + out.resolve(phase + ".json"));
            hook.put("timeout", 30);
        }
    }

    @Test
    void hooksRunInRuncsOrderWithTheState() throws Exception {
        for (int i = 0; i < 2; i++) {
            Path out = Files.createDirectories(tmp.resolve("out" + i));
            TestBundle b = TestBundle.create(tmp, "cat /dev/shm/started; echo hello");
            hooks(b, out);
            ObjectNode start = ((ObjectNode) b.config().get("hooks")).putArray("startContainer").addObject();
            start.put("path", "/bin/sh");   // a path in the container, run in its namespaces: it writes the container's hostname
            start.putArray("args").add("sh").add("-c").add("cat > /dev/null; hostname > /dev/shm/started");
            Path dir = b.write();
            Path root = tmp.resolve("root" + i);
            Exec run = i == 0 ? Runtimes.runc(root, "run", "--bundle", dir.toString(), "hooks" + i)
                    : Runtimes.pierRunc(root, "run", "--bundle", dir.toString(), "hooks" + i);
            assertThat(run.run().check().stdout()).isEqualTo("runc\nhello\n");
            assertThat(Files.readAllLines(out.resolve("order"))).as("order under " + (i == 0 ? "runc" : "pier-runc")).isEqualTo(PHASES);
            for (String phase : PHASES) {
                JsonNode state = Json.tree(Files.readAllBytes(out.resolve(phase + ".json")), phase);
                assertThat(state.get("id").asText()).isEqualTo("hooks" + i);
                assertThat(state.get("bundle").asText()).isEqualTo(dir.toString());
                if (!phase.equals("poststop")) {
                    assertThat(state.get("pid").asInt()).as(phase).isPositive();
                }
            }
        }
    }

    @Test
    void aFailingHookFailsCreate() {
        TestBundle b = TestBundle.create(tmp, "true");
        ArrayNode hooks = b.config().putObject("hooks").putArray("createRuntime");
        hooks.addObject().put("path", "/bin/false");
        Path dir = b.write();
        Path root = tmp.resolve("root");
        Exec.Result r = Runtimes.pierRunc(root, "create", "--bundle", dir.toString(), "fails").run();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("createRuntime hook /bin/false exited with status 1");
        assertThat(root.resolve("fails")).doesNotExist();
    }
}
