package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistryServer;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registries.conf as podman reads it: mirrors tried before the registry, and short-name search. */
class RegistryMirrorTest {
    @TempDir
    Path tmp;

    @Test
    void aPullIsServedByTheFirstMirrorThatHasTheImage() throws Exception {
        try (RegistryServer primary = RegistryServer.start(Files.createDirectories(tmp.resolve("primary")), RegistryServer.Config.plain());
             RegistryServer mirror = RegistryServer.start(Files.createDirectories(tmp.resolve("mirror")), RegistryServer.Config.plain())) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "mirror", 50_000);
            assertThat(RegistryCliTest.pier("copy", "-q", "--tls-verify=false", "oci:" + layout.dir() + ":v1",
                    "docker://" + mirror.host() + "/cache/team/app:v1").status()).isZero();
            Path conf = tmp.resolve("registries.conf");
            Files.writeString(conf, """
                    [[registry]]
                    prefix = "%s/team"
                    insecure = true

                    [[registry.mirror]]
                    location = "127.0.0.1:1/unreachable"
                    insecure = true

                    [[registry.mirror]]
                    location = "%s/cache/team"
                    insecure = true
                    """.formatted(primary.host(), mirror.host()));

            var pull = RegistryCliTest.pier("--root", tmp.resolve("store").toString(), "pull", "--retry-times", "1",
                    "--registries-conf", conf.toString(), primary.host() + "/team/app:v1");
            assertThat(pull.status()).as(pull.err()).isZero();
            assertThat(pull.out()).contains(m.digest().toString());

            var direct = RegistryCliTest.pier("--root", tmp.resolve("store2").toString(), "pull", "--retry-times", "1",
                    "--tls-verify=false", primary.host() + "/team/app:v1");
            assertThat(direct.status()).as("the primary itself does not have the image").isEqualTo(1);
        }
    }

    @Test
    void aShortNameIsSearchedInTheUnqualifiedSearchRegistriesInOrder() throws Exception {
        try (RegistryServer empty = RegistryServer.start(Files.createDirectories(tmp.resolve("empty")), RegistryServer.Config.plain());
             RegistryServer full = RegistryServer.start(Files.createDirectories(tmp.resolve("full")), RegistryServer.Config.plain())) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "search", 50_000);
            assertThat(RegistryCliTest.pier("copy", "-q", "--tls-verify=false", "oci:" + layout.dir() + ":v1",
                    "docker://" + full.host() + "/tools/app:v1").status()).isZero();
            Path conf = tmp.resolve("registries.conf");
            Files.writeString(conf, """
                    unqualified-search-registries = ["%s", "%s"]
                    """.formatted(empty.host(), full.host()));

            String store = tmp.resolve("store").toString();
            var pull = RegistryCliTest.pier("--root", store, "pull", "--tls-verify=false", "--retry-times", "1",
                    "--registries-conf", conf.toString(), "tools/app:v1");
            assertThat(pull.status()).as(pull.err()).isZero();
            assertThat(RegistryCliTest.pier("--root", store, "images", "--format", "json").out())
                    .contains(full.host() + "/tools/app").contains(m.digest().toString());
        }
    }
}
