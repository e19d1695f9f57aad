package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.remote.RegistryFixtures;
import dev.pier.image.remote.RegistryServer;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import dev.pier.registry.RegistryConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pier keygen}, {@code sign}, {@code verify}, {@code run --verify} and {@code scan --attach}
 * as a user runs them: in the local store, in an OCI layout, in Pier's own registry (which has the
 * referrers API) and in docker-registry 2.8 (which has not, so the fallback tags carry them).
 */
class SignCliTest {
    @TempDir
    Path tmp;

    private RegistryCliTest.Run pier(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", tmp.resolve("store").toString()));
        all.addAll(List.of(args));
        return RegistryCliTest.pier(all.toArray(String[]::new));
    }

    private Path keygen(String prefix) {
        var r = pier("keygen", "--output-key-prefix", tmp.resolve(prefix).toString());
        assertThat(r.status()).as(r.err()).isZero();
        return tmp.resolve(prefix + ".pub");
    }

    private void assertVerifies(String image, Path pub) {
        var r = pier("verify", "--tls-verify=false", "--key", pub.toString(), image);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Verified ").contains(" valid signature");
    }

    private void assertRefused(String image, Path pub, String why) {
        var r = pier("verify", "--tls-verify=false", "--key", pub.toString(), image);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("pier: ").contains(why);
    }

    private String key(String prefix) {
        return tmp.resolve(prefix + ".key").toString();
    }

    @Test
    void signAndVerifyInTheStoreAndALayout() throws Exception {
        Path pub = keygen("cosign");
        Path otherPub = keygen("other");
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("layout"));
        RegistryFixtures.taggedImage(layout, "v1", "signed", 1000);
        RegistryFixtures.taggedImage(layout, "v2", "other", 1000);
        String oci = "oci:" + layout.dir() + ":v1";

        assertThat(pier("sign", "--key", key("cosign"), oci).status()).isZero();
        assertVerifies(oci, pub);
        assertRefused(oci, otherPub, "1 not valid for this key");
        assertRefused("oci:" + layout.dir() + ":v2", pub, "no signature found");

        assertThat(pier("copy", "-q", "oci:" + layout.dir() + ":v1", "app:1").status()).isZero();
        assertThat(pier("copy", "-q", "oci:" + layout.dir() + ":v2", "evil:1").status()).isZero();
        var signed = pier("sign", "--key", key("cosign"), "-a", "build=42", "app:1");
        assertThat(signed.status()).as(signed.err()).isZero();
        var json = pier("verify", "--format", "json", "--key", pub.toString(), "app:1");
        assertThat(Json.tree(json.out().getBytes(), "out").get(0).path("optional").path("build").asText()).isEqualTo("42");

        // a tampered store: another image under the signed name
        assertThat(pier("tag", "evil:1", "app:1").status()).isZero();
        assertRefused("app:1", pub, "no signature found");
        assertRefused("dir:" + tmp, pub, "");
    }

    @Test
    void signaturesAndSbomsInPiersRegistryWithTheReferrersApi() throws Exception {
        Path pub = keygen("cosign");
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("layout"));
        RawManifest image = RegistryFixtures.taggedImage(layout, "v1", "api", 1000);
        try (var server = dev.pier.registry.RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0"), tmp.resolve("registry"), null)) {
            URI base = server.baseUri();
            String remote = "docker://" + base.getAuthority() + "/signed/app:v1";
            assertThat(pier("copy", "-q", "--dest-tls-verify=false", "oci:" + layout.dir() + ":v1", remote).status()).isZero();
            var sign = pier("sign", "--tls-verify=false", "--key", key("cosign"), remote);
            assertThat(sign.status()).as(sign.err()).isZero();
            var scan = pier("scan", "--tls-verify=false", "--attach", remote);
            assertThat(scan.status()).as(scan.err()).isZero();
            assertThat(scan.err()).contains("Attached the SBOM (application/spdx+json)");

            // the registry's own referrers API lists the signature and the SBOM, with their artifact types
            String referrers = get(base.resolve("/v2/signed/app/referrers/" + image.digest()));
            assertThat(referrers).contains("\"artifactType\":\"application/vnd.dev.cosign.artifact.sig.v1+json\"")
                    .contains("\"artifactType\":\"application/spdx+json\"");
            assertThat(pier("tags", "--tls-verify=false", "docker://" + base.getAuthority() + "/signed/app").out())
                    .contains("sha256-" + image.digest().encoded() + ".sig");
            assertVerifies(remote, pub);

            // pier copy --referrers carries the signature and the SBOM; the copy verifies
            Path back = tmp.resolve("back");
            assertThat(pier("copy", "-q", "--referrers", "--src-tls-verify=false", remote, "oci:" + back + ":v1").status()).isZero();
            var v = pier("verify", "--key", pub.toString(), "oci:" + back + ":v1");
            assertThat(v.status()).as(v.err()).isZero();
            try (var copied = new dev.pier.image.transport.OciLayoutSource(OciLayout.open(back), java.util.Optional.of("v1"), "back")) {
                assertThat(copied.referrers(image.descriptor())).extracting(dev.pier.image.spec.Descriptor::artifactType)
                        .containsExactlyInAnyOrder("application/vnd.dev.cosign.artifact.sig.v1+json", "application/spdx+json");
            }
        }
    }

    @Test
    void docker_registryGetsTheFallbackTags() throws Exception {
        Path pub = keygen("cosign");
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("layout"));
        RawManifest image = RegistryFixtures.taggedImage(layout, "v1", "fallback", 1000);
        try (RegistryServer registry = RegistryServer.start(Files.createDirectories(tmp.resolve("registry")), RegistryServer.Config.plain())) {
            String remote = "docker://" + registry.host() + "/fb/app:v1";
            assertThat(pier("copy", "-q", "--dest-tls-verify=false", "oci:" + layout.dir() + ":v1", remote).status()).isZero();
            assertThat(pier("sign", "--tls-verify=false", "--key", key("cosign"), remote).status()).isZero();
            assertThat(pier("scan", "--tls-verify=false", "--attach", "--attach-format", "cyclonedx", remote).status()).isZero();
            String tags = pier("tags", "--tls-verify=false", "docker://" + registry.host() + "/fb/app").out();
            assertThat(tags).contains("\"sha256-" + image.digest().encoded() + ".sig\"").contains("\"sha256-" + image.digest().encoded() + "\"");
            assertVerifies(remote, pub);
            var fallback = pier("inspect", "--raw", "--tls-verify=false", "docker://" + registry.host() + "/fb/app:sha256-" + image.digest().encoded());
            assertThat(fallback.out()).contains("application/vnd.cyclonedx+json").contains("application/vnd.dev.cosign.artifact.sig.v1+json");

            // tampered: another image pushed under the signed tag
            RegistryFixtures.taggedImage(layout, "v2", "tampered", 1000);
            assertThat(pier("copy", "-q", "--dest-tls-verify=false", "oci:" + layout.dir() + ":v2", remote).status()).isZero();
            assertRefused(remote, pub, "no signature found");
        }
    }

    @Test
    void runVerifyRefusesAnUnsignedImageBeforeAnythingIsPrepared() throws Exception {
        Path pub = keygen("cosign");
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("layout"));
        RegistryFixtures.taggedImage(layout, "v1", "unsigned", 1000);
        assertThat(pier("copy", "-q", "oci:" + layout.dir() + ":v1", "unsigned:1").status()).isZero();
        var r = pier("run", "--rm", "--verify", pub.toString(), "unsigned:1", "true");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).hasLineCount(1).startsWith("pier: docker.io/library/unsigned:1: no signature found for sha256:");
        assertThat(tmp.resolve("store/containers")).doesNotExist();
    }

    @Test
    void runVerifyRunsASignedImage() throws Exception {
        Peers.requireRoot();
        Path store = tmp.resolve("store");
        Path pub = keygen("cosign");
        BusyboxImage.importInto(store, tmp, "signed-busybox", List.of("sh", "echo"));
        assertThat(pier("sign", "--key", key("cosign"), "signed-busybox").status()).isZero();
        Exec.Result run = PierProcess.of(store, "run", "--rm", "--verify", pub.toString(), "signed-busybox", "echo", "signed and running").run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("signed and running");
    }

    private static String get(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        }
    }
}
