package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --secret}: readable inside as the container's user, and nowhere else: not on disk, in the spec, the record or the logs. */
@Timeout(600)
class SecretsTest {
    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void image() throws Exception {
        Peers.requireRoot();
        fx = new EngineFixture(tmp);
    }

    private static String newSecret() {
        return "pier-secret-" + UUID.randomUUID();
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachSourceGivesAFileOfMode0400OwnedByTheContainersUser() throws Exception {
        String fromEnv = newSecret();
        String fromStdin = newSecret();
        String fromFile = newSecret();
        Path file = Files.writeString(tmp.resolve("secret.txt"), fromFile);
        String script = "cd /run/secrets && for f in a b c; do busybox stat -c '%n %a %u %g' $f; busybox sha256sum $f; done; env";
        Exec.Result r = fx.exec("--rm", "-u", "app", "--secret", "a=env:TOKEN", "--secret", "b=-", "--secret", "c=file:" + file,
                "sh", "-c", script).env("TOKEN", fromEnv).stdin(fromStdin).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout()).contains("a 400 1000 1000", "b 400 1000 1000", "c 400 1000 1000")
                .contains(sha256(fromEnv), sha256(fromStdin), sha256(fromFile))
                .as("the environment holds no secret").doesNotContain(fromEnv, fromStdin, fromFile);
    }

    @Test
    void theSecretIsOnATmpfsAndNowhereInTheStoreSpecRecordOrLogs() throws Exception {
        String secret = newSecret();
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Exec.Result started = fx.exec("-d", "--name", "holder", "-u", "app", "--secret", "token=env:TOKEN",
                "sh", "-c", "busybox sha256sum /run/secrets/token; echo started; sleep 1000").env("TOKEN", secret).run();
        assertThat(started.exitCode()).as(started.describe()).isZero();
        ContainerRecord record = fx.engine().containers().find("holder");
        Path dir = fx.engine().containers().dirOf(record.id());
        Path mount = SecretFiles.mountPoint(dir);
        assertThat(mountType(mount)).as("the secrets live on a tmpfs").isEqualTo("tmpfs");
        assertThat(Files.readString(mount.resolve("token"))).as("positive control: the bytes are there").isEqualTo(secret);
        assertThat(filesHolding(fx.store, bytes, false)).as("files on the store's disk holding the secret").isEmpty();
        assertThat(filesHolding(fx.store, bytes, true)).as("crossing into the tmpfs finds it: the search works")
                .containsExactly(mount.resolve("token"));
        assertThat(record.secrets()).containsExactly("token");

        fx.engine().control().stop("holder", 1);
        assertThat(mount).as("unmounted at exit").satisfies(m -> assertThat(RootfsMount.isMounted(m)).isFalse());
        assertThat(filesHolding(tmp, bytes, true)).as("after exit, nothing in the store, state or layers").isEmpty();
        assertThat(Files.readString(dir.resolve("container.json"))).contains("\"token\"").doesNotContain(secret);
        assertThat(Files.readString(dir.resolve("bundle/config.json"))).contains("/run/secrets").doesNotContain(secret);
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        fx.engine().control().logs("holder", false, logs);
        assertThat(logs.toString()).contains(sha256(secret), "started").doesNotContain(secret);
        fx.engine().control().remove("holder", false);
        assertThat(dir).doesNotExist();
    }

    @Test
    void badSecretsAreOneLineErrors() {
        Exec.Result missing = fx.exec("--rm", "--secret", "a=env:PIER_NO_SUCH_VARIABLE", "true").run();
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("secret environment variable PIER_NO_SUCH_VARIABLE is not set");
        Exec.Result twice = fx.exec("--rm", "--secret", "a=-", "--secret", "b=stdin:", "true").stdin("x").run();
        assertThat(twice.stderr()).contains("only one secret can come from standard input");
        Exec.Result name = fx.exec("--rm", "--secret", "../etc=-", "true").stdin("x").run();
        assertThat(name.stderr()).contains("invalid secret name ../etc");
    }

    private static String mountType(Path mountPoint) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f[4].equals(mountPoint.toString())) {
                return line.substring(line.indexOf(" - ") + 3).split(" ")[0];
            }
        }
        return "not mounted";
    }

    /** The regular files under {@code root} holding {@code needle}; with {@code crossMounts} false, only those on root's filesystem. */
    static List<Path> filesHolding(Path root, byte[] needle, boolean crossMounts) throws IOException {
        Object device = Files.getAttribute(root, "unix:dev");
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && (crossMounts || device.equals(Files.getAttribute(f, "unix:dev", LinkOption.NOFOLLOW_LINKS)))
                        && contains(Files.readAllBytes(f), needle)) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
