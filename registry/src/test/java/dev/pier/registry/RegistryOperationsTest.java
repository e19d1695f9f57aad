package dev.pier.registry;

import static dev.pier.registry.RegistryClient.check;
import static dev.pier.registry.RegistryClient.errorCode;
import static dev.pier.registry.RegistryClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.MediaType;
import dev.pier.registry.storage.FilesystemStorage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration, health, metrics, limits, read-only mode, restarts, upload expiry and garbage collection. */
class RegistryOperationsTest {
    @TempDir
    Path tmp;

    private RegistryServer start(RegistryConfig config) throws Exception {
        return RegistryServer.start(config.withAddr("127.0.0.1:0"), tmp.resolve("root"), null);
    }

    @Test
    void yamlConfigWithFlagsOverriding() throws Exception {
        Path file = tmp.resolve("registry.yml");
        Files.writeString(file, """
                addr: 0.0.0.0:6000
                readOnly: true
                storage: {root: /srv/registry, uploadExpiry: 2h}
                limits: {manifestBytes: 1000}
                gc: {interval: 30m, grace: 10m}
                log: {access: false}
                """);
        RegistryConfig c = RegistryConfig.load(file);
        assertThat(c.effectiveAddr()).isEqualTo("0.0.0.0:6000");
        assertThat(c.options().readOnly()).isTrue();
        assertThat(c.options().maxManifestBytes()).isEqualTo(1000);
        assertThat(c.options().uploadExpiry()).isEqualTo(Duration.ofHours(2));
        assertThat(c.options().gcGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.gcInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.accessLog()).isFalse();
        RegistryConfig o = c.withAddr("127.0.0.1:7000").withRoot(Path.of("/other")).withReadOnly(false);
        assertThat(o.effectiveAddr()).isEqualTo("127.0.0.1:7000");
        assertThat(o.root(Path.of("/default"))).isEqualTo(Path.of("/other"));
        assertThat(o.options().readOnly()).isFalse();
        assertThat(o.options().uploadExpiry()).isEqualTo(Duration.ofHours(2));
        assertThat(RegistryConfig.empty().effectiveAddr()).isEqualTo("127.0.0.1:5000");
        assertThat(RegistryConfig.empty().options().maxManifestBytes()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void healthAndMetrics() throws Exception {
        try (RegistryServer s = start(RegistryConfig.empty())) {
            RegistryClient c = new RegistryClient(s.baseUri());
            check(c.get("/v2/"), 200);
            var health = c.get("/healthz");
            check(health, 200);
            assertThat(new String(health.body(), StandardCharsets.UTF_8)).contains("ok");
            var metrics = c.get("/metrics");
            check(metrics, 200);
            assertThat(new String(metrics.body(), StandardCharsets.UTF_8)).contains("pier_registry_http_requests_total{method=\"GET\",code=\"200\"}");
        }
    }

    @Test
    void readOnlyRefusesWrites() throws Exception {
        try (RegistryServer s = start(RegistryConfig.empty().withReadOnly(true))) {
            RegistryClient c = new RegistryClient(s.baseUri());
            var r = c.send("POST", "/v2/ro/app/blobs/uploads/", null);
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(errorCode(r)).isEqualTo("UNSUPPORTED");
            assertThat(c.get("/v2/ro/app/manifests/latest").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void manifestSizeLimit() throws Exception {
        Path file = tmp.resolve("registry.yml");
        Files.writeString(file, "limits: {manifestBytes: 100}\n");
        try (RegistryServer s = start(RegistryConfig.load(file))) {
            RegistryClient c = new RegistryClient(s.baseUri());
            byte[] big = TestImages.manifest(TestImages.config("x"), new byte[1], new byte[2]);
            var r = c.send("PUT", "/v2/limits/app/manifests/v1", big, "Content-Type", MediaType.OCI_MANIFEST);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(errorCode(r)).isEqualTo("SIZE_INVALID");
        }
    }

    @Test
    void uploadSurvivesRestart() throws Exception {
        byte[] blob = TestImages.randomBytes(11, 50_000);
        Digest d = Digest.sha256(blob);
        URI location;
        String path;
        try (RegistryServer s = start(RegistryConfig.empty())) {
            RegistryClient c = new RegistryClient(s.baseUri());
            var post = c.send("POST", "/v2/restart/app/blobs/uploads/", null);
            var patch = c.send("PATCH", c.location(post), Arrays.copyOfRange(blob, 0, 20_000), "Content-Range", "0-19999");
            check(patch, 202);
            location = c.location(patch);
            path = location.getRawPath();
        }
        try (RegistryServer s = start(RegistryConfig.empty())) {
            RegistryClient c = new RegistryClient(s.baseUri());
            var status = c.get(path);
            check(status, 204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-19999");
            check(c.send("PATCH", path, Arrays.copyOfRange(blob, 20_000, blob.length), "Content-Range", "20000-49999"), 202);
            check(c.send("PUT", withQuery(c.resolve(path), "digest=" + d), null), 201);
            assertThat(c.get("/v2/restart/app/blobs/" + d).body()).isEqualTo(blob);
        }
    }

    @Test
    void uploadsExpire() throws Exception {
        try (RegistryServer s = start(RegistryConfig.empty())) {
            RegistryClient c = new RegistryClient(s.baseUri());
            var post = c.send("POST", "/v2/expiry/app/blobs/uploads/", null);
            URI loc = c.location(post);
            check(c.send("GET", loc, null), 204);
            assertThat(s.registry().storage().expireUploads(Instant.now().plusSeconds(1))).isEqualTo(1);
            var gone = c.send("GET", loc, null);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(errorCode(gone)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        }
    }

    @Test
    void garbageCollectionKeepsReferencedBlobs() throws Exception {
        Path file = tmp.resolve("registry.yml");
        Files.writeString(file, "gc: {grace: 0}\n");
        try (RegistryServer s = start(RegistryConfig.load(file))) {
            RegistryClient c = new RegistryClient(s.baseUri());
            byte[] config = TestImages.config("gc");
            byte[] kept = TestImages.randomBytes(21, 1000);
            byte[] dropped = TestImages.randomBytes(22, 1000);
            c.pushBlob("gc/app", config);
            c.pushBlob("gc/app", kept);
            c.pushBlob("gc/app", dropped);
            Digest keep = c.pushManifest("gc/app", "keep", MediaType.OCI_MANIFEST, TestImages.manifest(config, kept));
            Digest drop = c.pushManifest("gc/app", "drop", MediaType.OCI_MANIFEST, TestImages.manifest(config, dropped));
            check(c.send("DELETE", "/v2/gc/app/manifests/" + drop, null), 202);
            Thread.sleep(20); // past the zero grace period
            var collector = new GarbageCollector(s.registry());
            var dry = collector.collect(true);
            assertThat(dry.deleted()).containsExactlyInAnyOrder(drop, Digest.sha256(dropped));
            assertThat(s.registry().storage().blobSize(drop)).isPresent();
            var real = collector.collect(false);
            assertThat(real.deleted()).containsExactlyInAnyOrder(drop, Digest.sha256(dropped));
            assertThat(c.head("/v2/gc/app/blobs/" + Digest.sha256(dropped)).statusCode()).isEqualTo(404);
            check(c.get("/v2/gc/app/manifests/keep"), 200);
            check(c.get("/v2/gc/app/blobs/" + Digest.sha256(kept)), 200);
            check(c.get("/v2/gc/app/blobs/" + Digest.sha256(config)), 200);
            assertThat(keep).isNotEqualTo(drop);
        }
    }

    @Test
    void filesystemStorageRejectsWrongDigestAndKeepsSession() throws Exception {
        FilesystemStorage fs = new FilesystemStorage(tmp.resolve("fs"), Duration.ofHours(1));
        var u = fs.startUpload("a/b");
        u.append(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), 100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> u.commit(Digest.sha256(new byte[] {9})))
                .isInstanceOf(dev.pier.image.digest.DigestMismatchException.class);
        assertThat(fs.blobSize(Digest.sha256(new byte[] {9}))).isEmpty();
        assertThat(fs.upload("a/b", u.id())).isPresent();
        assertThat(fs.upload("other", u.id())).isEmpty();
        u.commit(Digest.sha256(new byte[] {1, 2, 3}));
        assertThat(fs.isBlobLinked("a/b", Digest.sha256(new byte[] {1, 2, 3}))).isTrue();
        assertThat(fs.upload("a/b", u.id())).isEmpty();
    }
}
