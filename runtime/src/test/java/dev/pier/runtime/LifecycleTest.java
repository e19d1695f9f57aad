package dev.pier.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** created → running → stopped → deleted, through the command line, as runc reports it. */
class LifecycleTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void peers() {
        Peers.requireRoot();
        Peers.require("runc");
    }

    private JsonNode state(Exec.Result r) {
        return Json.tree(r.check().stdout().getBytes(StandardCharsets.UTF_8), "state");
    }

    @Test
    void stateJsonThroughTheLifecycleMatchesRunc() throws Exception {
        for (int i = 0; i < 2; i++) {
            Path bundle = TestBundle.create(tmp, "sleep 1000").write();
            Path root = tmp.resolve("root" + i);
            String id = "life" + i;
            boolean pier = i == 1;
            java.util.function.Function<String[], Exec> rt = args -> pier ? Runtimes.pierRunc(root, args) : Runtimes.runc(root, args);
            Path pidFile = tmp.resolve("pid" + i);
            rt.apply(new String[] {"create", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), id}).check();
            JsonNode created = state(rt.apply(new String[] {"state", id}).run());
            assertThat(created.get("status").asText()).isEqualTo("created");
            assertThat(created.get("id").asText()).isEqualTo(id);
            assertThat(created.get("bundle").asText()).isEqualTo(bundle.toString());
            assertThat(created.get("ociVersion").asText()).isNotEmpty();
            int pid = created.get("pid").asInt();
            assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(pid));
            Exec.Result duplicate = rt.apply(new String[] {"create", "--bundle", bundle.toString(), id}).run();
            assertThat(duplicate.exitCode()).isNotZero();
            assertThat(duplicate.stderr()).contains("already exists");
            rt.apply(new String[] {"start", id}).check();
            assertThat(state(rt.apply(new String[] {"state", id}).run()).get("status").asText()).isEqualTo("running");
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertThat(cmdline).as("the recorded pid is the container's process").startsWith("sleep 1000");
            assertThat(rt.apply(new String[] {"list", "--format", "json"}).check().stdout()).contains("\"" + id + "\"", "running");
            assertThat(rt.apply(new String[] {"delete", id}).run().exitCode()).as("delete of a running container").isNotZero();
            rt.apply(new String[] {"kill", id, "KILL"}).check();
            for (int t = 0; t < 200 && !state(rt.apply(new String[] {"state", id}).run()).get("status").asText().equals("stopped"); t++) {
                Thread.sleep(20);
            }
            assertThat(state(rt.apply(new String[] {"state", id}).run()).get("status").asText()).isEqualTo("stopped");
            rt.apply(new String[] {"delete", id}).check();
            Exec.Result gone = rt.apply(new String[] {"state", id}).run();
            assertThat(gone.exitCode()).isNotZero();
            assertThat(gone.stderr()).contains("does not exist");
        }
    }

    @Test
    void pauseResumeAndForcedDelete() throws Exception {
        Path bundle = TestBundle.create(tmp, "sleep 1000").write();
        Path root = tmp.resolve("root");
        Runtimes.pierRunc(root, "run", "--detach", "--bundle", bundle.toString(), "pr").check();
        Runtimes.pierRunc(root, "pause", "pr").check();
        assertThat(state(Runtimes.pierRunc(root, "state", "pr").run()).get("status").asText()).isEqualTo("paused");
        Runtimes.pierRunc(root, "resume", "pr").check();
        assertThat(state(Runtimes.pierRunc(root, "state", "pr").run()).get("status").asText()).isEqualTo("running");
        assertThat(Runtimes.pierRunc(root, "ps", "--format", "json", "pr").check().stdout()).matches("\\[\\d+\\]\\s*");
        int pid = state(Runtimes.pierRunc(root, "state", "pr").run()).get("pid").asInt();
        Runtimes.pierRunc(root, "delete", "--force", "pr").check();
        // dead: gone, or a zombie until its parent (pid 1 or a subreaper, as under runc: create has exited) reaps it
        assertThat(!Files.exists(Path.of("/proc/" + pid)) || Files.readString(Path.of("/proc/" + pid + "/stat")).matches("(?s)\\d+ \\(.*\\) [ZX] .*"))
                .as("process %d is dead", pid).isTrue();
        assertThat(root.resolve("pr")).doesNotExist();
    }

    @Test
    void clearErrorsForBadBundles() throws Exception {
        Path root = tmp.resolve("root");
        Exec.Result missing = Runtimes.pierRunc(root, "create", "--bundle", tmp.resolve("nope").toString(), "x").run();
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr().strip()).contains(tmp.resolve("nope").toString()).doesNotContain("\n");
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("config.json"), "{\"ociVersion\": \"1.0.2\", \"process\": ");
        Exec.Result invalid = Runtimes.pierRunc(root, "create", "--bundle", bad.toString(), "y").run();
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.stderr()).contains("config.json").contains("malformed");
        assertThat(root.resolve("y")).doesNotExist();
    }
}
