package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier run}'s protections through the command line: dangerous settings refused in one line
 * (exit 1) unless {@code --allow-dangerous}, secrets from stdin and the environment that
 * {@code pier inspect} and {@code pier logs} never show, and the flags' errors.
 */
@Timeout(600)
class RunProtectionCliTest {
    private static final String IMAGE = "cli/busybox:protect";

    @TempDir
    static Path tmp;

    static Path store;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        store = tmp.resolve("store");
        BusyboxImage.importInto(store, tmp, IMAGE, List.of("sh", "true"));
    }

    private static RegistryCliTest.Run pier(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", store.toString()));
        all.addAll(List.of(args));
        return RegistryCliTest.pier(all.toArray(String[]::new));
    }

    private static Exec pierProcess(String... args) {
        return PierProcess.of(store, args);
    }

    private static void assertRefused(String because, String... flags) {
        List<String> args = new ArrayList<>(List.of("run", "--rm"));
        args.addAll(List.of(flags));
        args.addAll(List.of(IMAGE, "true"));
        var r = pier(args.toArray(String[]::new));
        assertThat(r.status()).as(String.join(" ", flags) + ": " + r.err()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as(String.join(" ", flags)).hasSize(1).first().asString()
                .startsWith("pier: refusing dangerous settings: ").contains(because).endsWith("add --allow-dangerous to run anyway");
    }

    @Test
    void everyDangerousSettingIsRefusedInOneLine() throws Exception {
        assertRefused("--privileged (", "--privileged");
        assertRefused("--pid host (", "--pid", "host");
        assertRefused("--ipc host (", "--ipc", "host");
        assertRefused("--network host (", "--network", "host");
        assertRefused("--network host (", "--net", "host");
        for (String dir : List.of("/", "/etc", "/bin", "/usr/bin", "/usr/sbin", "/var/log")) {
            assertRefused("-v " + dir + ":/host (it exposes the host's ", "-v", dir + ":/host");
        }
        Path socket = Files.createFile(Files.createDirectories(tmp.resolve("run")).resolve("docker.sock"));
        assertRefused("container engine's socket", "-v", socket + ":/var/run/docker.sock");
        assertRefused("Pier's store", "-v", store + ":/store");
        assertRefused("Pier's store", "-v", tmp.resolve("run/../store") + ":/store");
        Path link = Files.createSymbolicLink(tmp.resolve("not-etc"), Path.of("/usr/sbin"));
        assertRefused("it exposes the host's /usr/sbin", "-v", link + ":/x:ro");
        assertThat(pier("ps", "-a").out().lines().count()).as("no container was created").isEqualTo(1);
    }

    @Test
    void allowDangerousRunsWithAWarningPerSetting() {
        Exec.Result r = pierProcess("run", "--rm", "--allow-dangerous", "--network", "host", "--ipc", "host", IMAGE, "true").run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).contains("pier: warning: --ipc host (", "pier: warning: --network host (");
    }

    @Test
    void secretsFromStdinAndEnvironmentNeverShowInInspectOrLogs() throws Exception {
        String fromStdin = "stdin-" + UUID.randomUUID();
        Exec.Result attached = pierProcess("run", "--rm", "-u", "app", "--secret", "key=-", IMAGE,
                "sh", "-c", "busybox stat -c '%a %U' /run/secrets/key; busybox wc -c < /run/secrets/key").stdin(fromStdin).run();
        assertThat(attached.exitCode()).as(attached.describe()).isZero();
        assertThat(attached.stdout()).isEqualTo("400 app\n" + fromStdin.length() + "\n");

        String fromEnv = "env-" + UUID.randomUUID();
        Exec.Result detached = pierProcess("run", "-d", "--name", "keeper", "--secret", "token=env:API_TOKEN", "--secret", "API_TOKEN",
                IMAGE, "sh", "-c", "busybox ls /run/secrets; busybox cmp /run/secrets/token /run/secrets/API_TOKEN && echo same")
                .env("API_TOKEN", fromEnv).run();
        assertThat(detached.exitCode()).as(detached.describe()).isZero();
        assertThat(pier("wait", "keeper").out().strip()).isEqualTo("0");
        Exec.Result logs = pierProcess("logs", "keeper").run();
        assertThat(logs.stdout()).contains("API_TOKEN\ntoken\nsame\n").doesNotContain(fromEnv);
        var inspect = pier("inspect", "keeper");
        assertThat(inspect.status()).isZero();
        assertThat(inspect.out()).contains("\"secrets\" : [ \"token\", \"API_TOKEN\" ]").doesNotContain(fromEnv);
        assertThat(pier("rm", "keeper").status()).isZero();
    }

    @Test
    void badProtectionFlagsAreOneLineUserErrors() {
        var drift = pier("run", "--drift", "maybe", IMAGE, "true");
        assertThat(drift.status()).isEqualTo(1);
        assertThat(drift.err().strip()).isEqualTo("pier: invalid --drift maybe (use off, alert or block)");
        var secret = pier("run", "--secret", "a/b=-", IMAGE, "true");
        assertThat(secret.status()).isEqualTo(1);
        assertThat(secret.err().strip()).startsWith("pier: invalid secret name a/b");
        var pid = pier("run", "--allow-dangerous", "--pid", "container:x", IMAGE, "true");
        assertThat(pid.status()).isEqualTo(1);
        assertThat(pid.err().strip()).isEqualTo("pier: unsupported --pid container:x (private or host)");
    }
}
