package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour profiles (issue 10) through the command line, on a busybox image: a profile recorded
 * from a run enforces the same run successfully, and blocks a system call and a file write the
 * run did not make (each checked against the same command without the profile, which succeeds);
 * {@code pier profile show} explains it; bad profiles are one-line errors.
 */
@Timeout(900)
class ProfileCliTest {
    private static final String IMAGE = "cli/busybox:profile";
    /** Reads the image's files (one in /tmp, which it then writes in), lists /tmp. */
    private static final String SCRIPT = "echo start; cat /data/keep /tmp/seed; echo data > /tmp/out; cat /tmp/out; ls /tmp; echo done";
    private static final String OUTPUT = "start\nkept\nseed\ndata\nout\nseed\ndone\n";

    @TempDir
    static Path tmp;

    static Path store;
    static Path profile;
    static Exec.Result recorded;

    @BeforeAll
    static void recordAProfile() throws Exception {
        Peers.requireRoot();
        Peers.require("strace");
        store = tmp.resolve("store");
        Path scratch = tmp.resolve("image");
        Path rootfs = Files.createDirectories(scratch.resolve("rootfs"));
        Files.writeString(Files.createDirectories(rootfs.resolve("data")).resolve("keep"), "kept\n");
        Path tmpDir = Files.createDirectories(rootfs.resolve("tmp"));
        Files.setPosixFilePermissions(tmpDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(tmpDir.resolve("seed"), "seed\n");
        BusyboxImage.importInto(store, scratch, IMAGE, List.of("sh", "cat", "ls", "mkfifo"));
        profile = tmp.resolve("profile.json");
        recorded = PierProcess.of(store, "run", "--rm", "--record-profile", profile.toString(), IMAGE, "sh", "-c", SCRIPT).run();
    }

    private static Exec.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--rm"));
        all.addAll(List.of(args));
        return PierProcess.of(store, all.toArray(String[]::new)).run();
    }

    @Test
    void theRecordedRunIsTheContainersOwnRunAndItsProfileNamesTheImage() throws Exception {
        assertThat(recorded.exitCode()).as(recorded.describe()).isZero();
        assertThat(recorded.stdout()).isEqualTo(OUTPUT);
        JsonNode p = Json.tree(Files.readAllBytes(profile), "profile");
        var inspect = RegistryCliTest.pier("--root", store.toString(), "inspect", "--format", "json", IMAGE);
        assertThat(inspect.out()).contains(p.path("image").path("digest").asText());
        assertThat(p.path("files").path("written").toString()).isEqualTo("[\"/tmp/out\"]");
        assertThat(p.path("syscalls").path("made").toString()).contains("\"execve\"", "\"openat\"").doesNotContain("mknod");
        assertThat(Files.list(tmp).filter(f -> f.getFileName().toString().startsWith(".tmp-"))).as("written atomically").isEmpty();
    }

    @Test
    void theProfileRunsTheSameScriptWithTheSameOutput() {
        Exec.Result confined = run("--profile", profile.toString(), IMAGE, "sh", "-c", SCRIPT);
        assertThat(confined.exitCode()).as(confined.describe()).isZero();
        assertThat(confined.stdout()).isEqualTo(OUTPUT);
    }

    @Test
    void aSystemCallOutsideTheProfileFailsWithEperm() {
        String fifo = SCRIPT + "; mkfifo /tmp/fifo && echo made";
        Exec.Result free = run(IMAGE, "sh", "-c", fifo);
        assertThat(free.exitCode()).as("without the profile: " + free.describe()).isZero();
        assertThat(free.stdout()).endsWith("done\nmade\n");
        Exec.Result confined = run("--profile", profile.toString(), IMAGE, "sh", "-c", fifo);
        assertThat(confined.exitCode()).as(confined.describe()).isNotZero();
        assertThat(confined.stdout()).isEqualTo(OUTPUT);
        assertThat(confined.stderr()).contains("mkfifo: /tmp/fifo: Operation not permitted");
    }

    @Test
    void aWriteOutsideTheRecordedDirectoriesFails() {
        String write = SCRIPT + "; echo new > /data/new && cat /data/new";
        Exec.Result free = run(IMAGE, "sh", "-c", write);
        assertThat(free.exitCode()).as("without the profile: " + free.describe()).isZero();
        assertThat(free.stdout()).endsWith("done\nnew\n");
        Exec.Result confined = run("--profile", profile.toString(), IMAGE, "sh", "-c", write);
        assertThat(confined.exitCode()).as(confined.describe()).isNotZero();
        assertThat(confined.stderr()).contains("can't create /data/new: Read-only file system");
    }

    @Test
    void showExplainsWhatWasRecordedAndWhatIsEnforced() {
        var shown = RegistryCliTest.pier("profile", "show", profile.toString());
        assertThat(shown.status()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("recorded from " + IMAGE + " (sha256:", "command: sh -c " + SCRIPT + " (exit status 0)",
                "  executables run (", "    /bin/sh\n", "  files read (", "    /data/keep\n", "  paths written (1):\n    /tmp/out\n",
                "  network connections attempted (0): none\n", "  user ids: 0; group ids: 0\n", "  capabilities used (0): none\n",
                "  system calls (", "calls allowed (", "  capabilities: none (--cap-drop ALL)\n",
                "  root filesystem: read-only; writable with the image's content (tmpfs): /tmp\n");
    }

    @Test
    void badProfilesAndFlagsAreOneLineErrors() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.json"), "{\"version\": 1, ");
        for (String[] args : List.of(new String[] {"profile", "show", garbage.toString()},
                new String[] {"--root", store.toString(), "run", "--rm", "--profile", garbage.toString(), IMAGE, "true"})) {
            var r = RegistryCliTest.pier(args);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().lines().toList()).hasSize(1).first().asString().startsWith("pier: profile " + garbage + ": malformed JSON");
        }
        var caps = RegistryCliTest.pier("--root", store.toString(), "run", "--rm", "--profile", profile.toString(), "--cap-add", "NET_ADMIN", IMAGE, "true");
        assertThat(caps.status()).isEqualTo(1);
        assertThat(caps.err().strip()).isEqualTo("pier: --profile sets the capabilities and the seccomp filter: "
                + "drop --privileged, --cap-add, --cap-drop and --security-opt seccomp=");
    }

    @Test
    void aProfileOfAnotherImageIsRefusedUnlessForced() throws Exception {
        Path scratch = tmp.resolve("other");
        Files.createDirectories(scratch.resolve("rootfs/tmp"));
        BusyboxImage.importInto(store, scratch, "cli/busybox:other", List.of("sh"));
        var refused = RegistryCliTest.pier("--root", store.toString(), "run", "--rm", "--profile", profile.toString(), "cli/busybox:other", "true");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err().lines().toList()).hasSize(1).first().asString()
                .startsWith("pier: profile " + profile + " was recorded from image sha256:").endsWith("add --force-profile to enforce it anyway");
        Exec.Result forced = run("--profile", profile.toString(), "--force-profile", "cli/busybox:other", "sh", "-c", "echo forced");
        assertThat(forced.exitCode()).as(forced.describe()).isZero();
        assertThat(forced.stdout()).isEqualTo("forced\n");
    }
}
