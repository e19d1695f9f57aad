package dev.pier.cli;

import static dev.pier.cli.RegistryCliTest.pier;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier registry serve --htpasswd FILE} as a user runs it: its own process, a bcrypt file made
 * by {@code htpasswd -B}, and Pier's client commands with and without credentials against it.
 */
class RegistryServeCliTest {
    private static final Pattern LISTENING = Pattern.compile("registry listening on (http://\\S+)");
    @TempDir
    Path tmp;

    @Test
    void serveWithHtpasswdAdmitsOnlyItsUsers() throws Exception {
        Path htpasswd = tmp.resolve("htpasswd");
        Files.writeString(htpasswd, Exec.of(Peers.require("htpasswd", "apache2-utils"), "-Bbn", "alice", "a-pass").check().stdout());
        Process server = serve("--addr", "127.0.0.1:0", "--root", tmp.resolve("registry").toString(), "--htpasswd", htpasswd.toString(), "--quiet");
        try {
            URI base = baseUri(server);
            String host = base.getAuthority();
            HttpResponse<String> ping = get(base.resolve("/v2/"));
            assertThat(ping.statusCode()).isEqualTo(401);
            assertThat(ping.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));

            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "serve", 20_000);
            String src = "oci:" + layout.dir() + ":v1";
            String dest = "docker://" + host + "/cli/app:v1";
            String noAuth = "--authfile=" + tmp.resolve("none.json");
            var anonymous = pier("copy", "-q", "--tls-verify=false", noAuth, src, dest);
            assertThat(anonymous.status()).isEqualTo(1);
            assertThat(anonymous.err()).hasLineCount(1).contains("authentication required").contains("pier login " + host);
            var wrong = pier("copy", "-q", "--tls-verify=false", noAuth, "--creds", "alice:nope", src, dest);
            assertThat(wrong.status()).isEqualTo(1);
            var alice = pier("copy", "-q", "--tls-verify=false", noAuth, "--creds", "alice:a-pass", src, dest);
            assertThat(alice.status()).as(alice.err()).isZero();

            // skopeo's one-sided flags: each applies to its own side only
            String pulled = "oci:" + tmp.resolve("pulled") + ":v1";
            var sourceOnly = pier("copy", "-q", noAuth, "--src-tls-verify=false", "--src-creds", "alice:a-pass", dest, pulled);
            assertThat(sourceOnly.status()).as(sourceOnly.err()).isZero();
            var destOnly = pier("copy", "-q", noAuth, "--src-tls-verify=false", "--dest-creds", "alice:a-pass", dest, pulled);
            assertThat(destOnly.status()).as("the destination's credentials are not the source's").isEqualTo(1);
            var push = pier("copy", "-q", noAuth, "--dest-tls-verify=false", "--dest-creds", "alice:a-pass", pulled,
                    "docker://" + host + "/cli/again:v1");
            assertThat(push.status()).as(push.err()).isZero();

            Path authFile = tmp.resolve("auth.json");
            var login = pier("login", "--tls-verify=false", "--authfile", authFile.toString(), "-u", "alice", "-p", "a-pass", host);
            assertThat(login.status()).as(login.err()).isZero();
            var inspect = pier("inspect", "--tls-verify=false", "--authfile", authFile.toString(), dest);
            assertThat(inspect.status()).as(inspect.err()).isZero();
            assertThat(inspect.out()).contains(m.digest().toString());
            assertThat(pier("login", "--tls-verify=false", "--authfile", authFile.toString(), "-u", "alice", "-p", "bad", host).status()).isEqualTo(1);
        } finally {
            server.destroy(); // SIGTERM: the graceful shutdown a user's Ctrl-C or service manager asks for
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the registry stops on SIGTERM").isTrue();
        }
    }

    /** Starts {@code pier registry serve ARGS} in its own JVM, with stderr readable and stdout discarded. */
    private static Process serve(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Pier.class.getName(), "registry", "serve"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The address the server prints once it listens. */
    private static URI baseUri(Process server) throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> err.lines().forEach(l -> { })); // keep draining, so the server never blocks on stderr
                return URI.create(m.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("pier registry serve exited without listening:\n" + seen);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
