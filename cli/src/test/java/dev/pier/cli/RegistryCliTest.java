package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistryServer;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pier push, pull, tags, inspect, delete, login and logout against a docker-registry on 127.0.0.1. */
class RegistryCliTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {}

    static Run pier(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Pier.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void pushPullTagsInspectDelete() throws Exception {
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")), RegistryServer.Config.plain())) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "cli", 100_000);
            String name = registry.host() + "/cli/app:v1";
            String rootA = tmp.resolve("a").toString();
            String rootB = tmp.resolve("b").toString();
            assertThat(pier("--root", rootA, "copy", "-q", "oci:" + layout.dir() + ":v1", name).status()).isZero();

            Run push = pier("--root", rootA, "push", "--tls-verify=false", name);
            assertThat(push.status()).as(push.err()).isZero();
            assertThat(push.out()).contains(m.digest().toString());

            Run pull = pier("--root", rootB, "pull", "--tls-verify=false", name);
            assertThat(pull.status()).as(pull.err()).isZero();
            assertThat(pier("--root", rootB, "images", "--format", "json").out()).contains(registry.host() + "/cli/app").contains(m.digest().toString());

            Run tags = pier("tags", "--tls-verify=false", "docker://" + registry.host() + "/cli/app");
            assertThat(tags.status()).as(tags.err()).isZero();
            assertThat(tags.out()).contains("\"v1\"");

            Run inspect = pier("inspect", "--tls-verify=false", "docker://" + name);
            assertThat(inspect.status()).as(inspect.err()).isZero();
            assertThat(inspect.out()).contains(m.digest().toString());

            assertThat(pier("delete", "--tls-verify=false", "docker://" + name).status()).isZero();
            Run gone = pier("inspect", "--tls-verify=false", "docker://" + name);
            assertThat(gone.status()).isEqualTo(1);
            assertThat(gone.err()).contains(registry.host() + "/cli/app").contains("not found").hasLineCount(1);
        }
    }

    @Test
    void loginWritesTheAuthFileAndLogoutRemovesIt() throws Exception {
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")), RegistryServer.Config.plain())) {
            Path authFile = tmp.resolve("auth.json");
            Run login = pier("login", "--tls-verify=false", "--authfile", authFile.toString(), "-u", "me", "-p", "pw", registry.host());
            assertThat(login.status()).as(login.err()).isZero();
            assertThat(Files.readString(authFile)).contains(registry.host()).contains("bWU6cHc=");
            assertThat(pier("logout", "--authfile", authFile.toString(), registry.host()).status()).isZero();
            assertThat(Files.readString(authFile)).doesNotContain(registry.host());
        }
    }
}
