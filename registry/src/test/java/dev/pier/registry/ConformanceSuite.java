package dev.pier.registry;

import static dev.pier.registry.RegistryClient.check;
import static dev.pier.registry.RegistryClient.errorCode;
import static dev.pier.registry.RegistryClient.withQuery;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Tests written from the distribution-spec v1.1 conformance sections (pull, push, content
 * discovery, content management, referrers), against any registry's base URL. Subclasses say
 * where the registry is and which optional parts it implements, and declare one {@code @Nested}
 * subclass per section ({@code @Nested class Pull extends ConformanceSuite.Pull {}}), so each run
 * has its own class names and its own report files.
 */
abstract class ConformanceSuite {

    /** The registry under test. */
    abstract RegistryClient client();

    /** Whether the registry implements the referrers API (distribution-spec v1.1). */
    boolean supportsReferrers() {
        return true;
    }

    /** Whether DELETE of a tag (end-9 with a tag) is implemented. */
    boolean supportsTagDeletion() {
        return true;
    }

    /** Whether a chunk that does not start at the upload's offset gets 416 (distribution 2.8 accepts it). */
    boolean enforcesChunkOrder() {
        return true;
    }

    /** Whether tags/list honours n and last (distribution 2.8 ignores them). */
    boolean paginatesTags() {
        return true;
    }

    /** Whether invalid names get the spec's 400 NAME_INVALID (rather than a generic 404). */
    boolean strictNameErrors() {
        return true;
    }

    static String repo(String prefix) {
        return "conformance/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An image pushed for a test: its repo, blobs and manifest. */
    record Pushed(String repo, byte[] config, byte[] layer, byte[] manifest, Digest digest) {}

    Pushed pushImage(String repo, String tag) throws Exception {
        RegistryClient c = client();
        byte[] config = TestImages.config(tag + repo);
        byte[] layer = TestImages.randomBytes(repo.hashCode() + tag.hashCode(), 3000);
        c.pushBlob(repo, config);
        c.pushBlob(repo, layer);
        byte[] manifest = TestImages.manifest(config, layer);
        Digest d = c.pushManifest(repo, tag, MediaType.OCI_MANIFEST, manifest);
        assertThat(d).isEqualTo(Digest.sha256(manifest));
        return new Pushed(repo, config, layer, manifest, d);
    }

    abstract class Pull {
        @Test
        void baseEndpointAnswers200() throws Exception {
            var r = client().get("/v2/");
            assertThat(r.statusCode()).isEqualTo(200);
        }

        @Test
        void manifestByTagAndByDigestReturnsExactBytes() throws Exception {
            Pushed p = pushImage(repo("pull"), "v1");
            for (String ref : List.of("v1", p.digest().toString())) {
                var r = client().get("/v2/" + p.repo() + "/manifests/" + ref, "Accept", MediaType.OCI_MANIFEST);
                check(r, 200);
                assertThat(r.body()).isEqualTo(p.manifest());
                assertThat(r.headers().firstValue("Content-Type")).hasValue(MediaType.OCI_MANIFEST);
                assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(p.digest().toString());
            }
        }

        @Test
        void headManifestGivesHeadersWithoutBody() throws Exception {
            Pushed p = pushImage(repo("pull"), "v1");
            var r = client().head("/v2/" + p.repo() + "/manifests/v1");
            check(r, 200);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(p.manifest().length);
            assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(p.digest().toString());
        }

        @Test
        void unknownManifestIs404() throws Exception {
            Pushed p = pushImage(repo("pull"), "v1");
            var r = client().get("/v2/" + p.repo() + "/manifests/nope");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(errorCode(r)).isIn("MANIFEST_UNKNOWN", "NAME_UNKNOWN");
            var h = client().head("/v2/" + p.repo() + "/manifests/" + Digest.sha256(new byte[] {1}));
            assertThat(h.statusCode()).isEqualTo(404);
        }

        @Test
        void blobGetAndHead() throws Exception {
            Pushed p = pushImage(repo("pull"), "v1");
            Digest layer = Digest.sha256(p.layer());
            var r = client().get("/v2/" + p.repo() + "/blobs/" + layer);
            check(r, 200);
            assertThat(r.body()).isEqualTo(p.layer());
            assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(layer.toString());
            var h = client().head("/v2/" + p.repo() + "/blobs/" + layer);
            check(h, 200);
            assertThat(h.headers().firstValueAsLong("Content-Length")).hasValue(p.layer().length);
        }

        @Test
        void blobRangeRequest() throws Exception {
            Pushed p = pushImage(repo("pull"), "v1");
            Digest layer = Digest.sha256(p.layer());
            var r = client().get("/v2/" + p.repo() + "/blobs/" + layer, "Range", "bytes=10-99");
            check(r, 206);
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(p.layer(), 10, 100));
            assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 10-99/" + p.layer().length);
        }

        @Test
        void unknownBlobIs404BlobUnknown() throws Exception {
            Pushed p = pushImage(repo("pull"), "v1");
            var r = client().get("/v2/" + p.repo() + "/blobs/" + Digest.sha256("absent".getBytes(StandardCharsets.UTF_8)));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(errorCode(r)).isEqualTo("BLOB_UNKNOWN");
        }
    }

    abstract class Push {
        @Test
        void monolithicPostThenPut() throws Exception {
            String repo = repo("push");
            byte[] blob = TestImages.randomBytes(1, 10_000);
            Digest d = Digest.sha256(blob);
            var post = client().send("POST", "/v2/" + repo + "/blobs/uploads/", null);
            check(post, 202);
            assertThat(post.headers().firstValue("Location")).isPresent();
            var put = client().send("PUT", withQuery(client().location(post), "digest=" + d), blob, "Content-Type", "application/octet-stream");
            check(put, 201);
            assertThat(client().location(put).getPath()).isEqualTo("/v2/" + repo + "/blobs/" + d);
            check(client().head("/v2/" + repo + "/blobs/" + d), 200);
        }

        @Test
        void singlePostWithDigest() throws Exception {
            String repo = repo("push");
            byte[] blob = TestImages.randomBytes(2, 5000);
            Digest d = Digest.sha256(blob);
            var post = client().send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + d, blob, "Content-Type", "application/octet-stream");
            assertThat(post.statusCode()).isIn(201, 202);
            if (post.statusCode() == 202) { // the registry ignored the digest: finish as a normal upload
                check(client().send("PUT", withQuery(client().location(post), "digest=" + d), blob, "Content-Type", "application/octet-stream"), 201);
            }
            var get = client().get("/v2/" + repo + "/blobs/" + d);
            check(get, 200);
            assertThat(get.body()).isEqualTo(blob);
        }

        @Test
        void chunkedUploadWithStatus() throws Exception {
            String repo = repo("push");
            byte[] blob = TestImages.randomBytes(3, 20_000);
            Digest d = Digest.sha256(blob);
            var post = client().send("POST", "/v2/" + repo + "/blobs/uploads/", null);
            check(post, 202);
            URI loc = client().location(post);
            var p1 = client().send("PATCH", loc, Arrays.copyOfRange(blob, 0, 8000),
                    "Content-Type", "application/octet-stream", "Content-Range", "0-7999");
            check(p1, 202);
            assertThat(p1.headers().firstValue("Range")).hasValue("0-7999");
            loc = client().location(p1);
            var status = client().send("GET", loc, null);
            check(status, 204);
            assertThat(status.headers().firstValue("Range")).hasValue("0-7999");
            assertThat(status.headers().firstValue("Location")).isPresent();
            var p2 = client().send("PATCH", loc, Arrays.copyOfRange(blob, 8000, 20_000),
                    "Content-Type", "application/octet-stream", "Content-Range", "8000-19999");
            check(p2, 202);
            assertThat(p2.headers().firstValue("Range")).hasValue("0-19999");
            var put = client().send("PUT", withQuery(client().location(p2), "digest=" + d), null);
            check(put, 201);
            assertThat(client().get("/v2/" + repo + "/blobs/" + d).body()).isEqualTo(blob);
        }

        @Test
        void outOfOrderChunkIs416() throws Exception {
            Assumptions.assumeTrue(enforcesChunkOrder(), "this registry does not check Content-Range against the upload's offset");
            String repo = repo("push");
            byte[] blob = TestImages.randomBytes(4, 2000);
            var post = client().send("POST", "/v2/" + repo + "/blobs/uploads/", null);
            check(post, 202);
            var p1 = client().send("PATCH", client().location(post), Arrays.copyOfRange(blob, 0, 1000),
                    "Content-Type", "application/octet-stream", "Content-Range", "0-999");
            check(p1, 202);
            var bad = client().send("PATCH", client().location(p1), Arrays.copyOfRange(blob, 1500, 2000),
                    "Content-Type", "application/octet-stream", "Content-Range", "1500-1999");
            assertThat(bad.statusCode()).isEqualTo(416);
        }

        @Test
        void wrongDigestIsRejected() throws Exception {
            String repo = repo("push");
            byte[] blob = TestImages.randomBytes(5, 1000);
            var post = client().send("POST", "/v2/" + repo + "/blobs/uploads/", null);
            var put = client().send("PUT", withQuery(client().location(post), "digest=" + Digest.sha256(new byte[] {9})), blob,
                    "Content-Type", "application/octet-stream");
            assertThat(put.statusCode()).isEqualTo(400);
            assertThat(errorCode(put)).isEqualTo("DIGEST_INVALID");
            assertThat(client().head("/v2/" + repo + "/blobs/" + Digest.sha256(new byte[] {9})).statusCode()).isEqualTo(404);
        }

        @Test
        void cancelledUploadIsUnknown() throws Exception {
            String repo = repo("push");
            var post = client().send("POST", "/v2/" + repo + "/blobs/uploads/", null);
            check(post, 202);
            URI loc = client().location(post);
            check(client().send("DELETE", loc, null), 204);
            var status = client().send("GET", loc, null);
            assertThat(status.statusCode()).isEqualTo(404);
            assertThat(errorCode(status)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        }

        @Test
        void crossRepositoryMount() throws Exception {
            Pushed p = pushImage(repo("mount-src"), "v1");
            String target = repo("mount-dst");
            Digest layer = Digest.sha256(p.layer());
            var mount = client().send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + layer + "&from=" + p.repo(), null);
            check(mount, 201);
            assertThat(client().location(mount).getPath()).isEqualTo("/v2/" + target + "/blobs/" + layer);
            check(client().head("/v2/" + target + "/blobs/" + layer), 200);
        }

        @Test
        void mountOfUnknownBlobFallsBackToUpload() throws Exception {
            String target = repo("mount-dst");
            var mount = client().send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + Digest.sha256(new byte[] {7}) + "&from=" + repo("none"), null);
            check(mount, 202);
            assertThat(mount.headers().firstValue("Location")).isPresent();
        }

        @Test
        void manifestWithUnknownBlobIsRejected() throws Exception {
            String repo = repo("push");
            byte[] manifest = TestImages.manifest(TestImages.config("x"), TestImages.randomBytes(6, 100));
            var r = client().send("PUT", "/v2/" + repo + "/manifests/v1", manifest, "Content-Type", MediaType.OCI_MANIFEST);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        }

        @Test
        void malformedManifestIsRejected() throws Exception {
            String repo = repo("push");
            var r = client().send("PUT", "/v2/" + repo + "/manifests/v1", "{not json".getBytes(StandardCharsets.UTF_8), "Content-Type", MediaType.OCI_MANIFEST);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("MANIFEST_INVALID");
        }

        @Test
        void manifestPutByDigest() throws Exception {
            Pushed p = pushImage(repo("push"), "v1");
            byte[] other = TestImages.manifest(p.config());
            Digest d = Digest.sha256(other);
            var r = client().send("PUT", "/v2/" + p.repo() + "/manifests/" + d, other, "Content-Type", MediaType.OCI_MANIFEST);
            check(r, 201);
            assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(d.toString());
            assertThat(client().get("/v2/" + p.repo() + "/manifests/" + d).body()).isEqualTo(other);
        }

        @Test
        void indexNeedsItsManifests() throws Exception {
            Pushed p = pushImage(repo("push"), "v1");
            Descriptor child = Descriptor.of(MediaType.OCI_MANIFEST, p.digest(), p.manifest().length);
            byte[] index = Json.write(dev.pier.image.spec.ImageIndex.oci(List.of(child)));
            check(client().send("PUT", "/v2/" + p.repo() + "/manifests/multi", index, "Content-Type", MediaType.OCI_INDEX), 201);
            Descriptor missing = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(new byte[] {3}), 10);
            byte[] bad = Json.write(dev.pier.image.spec.ImageIndex.oci(List.of(missing)));
            var r = client().send("PUT", "/v2/" + p.repo() + "/manifests/bad", bad, "Content-Type", MediaType.OCI_INDEX);
            assertThat(r.statusCode()).isEqualTo(400);
        }

        @Test
        void invalidNameIsRejected() throws Exception {
            Assumptions.assumeTrue(strictNameErrors(), "this registry answers invalid names with a generic 404");
            var r = client().get("/v2/Upper/Case/manifests/latest");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("NAME_INVALID");
        }
    }

    abstract class ContentDiscovery {
        @Test
        void tagsListedInOrderWithPagination() throws Exception {
            Pushed p = pushImage(repo("tags"), "d");
            for (String t : List.of("b", "a", "c")) {
                client().pushManifest(p.repo(), t, MediaType.OCI_MANIFEST, p.manifest());
            }
            var all = client().get("/v2/" + p.repo() + "/tags/list");
            check(all, 200);
            assertThat(tags(all)).containsExactlyInAnyOrder("a", "b", "c", "d");
            assertThat(Json.tree(all.body(), "tags").path("name").asText()).isEqualTo(p.repo());
            Assumptions.assumeTrue(paginatesTags(), "this registry ignores n and last on tags/list");
            var first = client().get("/v2/" + p.repo() + "/tags/list?n=2");
            check(first, 200);
            assertThat(tags(first)).containsExactly("a", "b");
            assertThat(first.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("rel=\"next\"").contains("last=b"));
            var next = client().get("/v2/" + p.repo() + "/tags/list?n=2&last=b");
            assertThat(tags(next)).containsExactly("c", "d");
            var empty = client().get("/v2/" + p.repo() + "/tags/list?n=2&last=d");
            assertThat(tags(empty)).isEmpty();
        }

        @Test
        void tagsOfUnknownRepositoryIs404() throws Exception {
            var r = client().get("/v2/" + repo("nothing") + "/tags/list");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(errorCode(r)).isEqualTo("NAME_UNKNOWN");
        }

        private static List<String> tags(HttpResponse<byte[]> r) {
            List<String> out = new ArrayList<>();
            Json.tree(r.body(), "tags").path("tags").forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    abstract class ContentManagement {
        @Test
        void deleteManifestByDigest() throws Exception {
            Pushed p = pushImage(repo("delete"), "v1");
            check(client().send("DELETE", "/v2/" + p.repo() + "/manifests/" + p.digest(), null), 202);
            assertThat(client().get("/v2/" + p.repo() + "/manifests/" + p.digest()).statusCode()).isEqualTo(404);
            assertThat(client().get("/v2/" + p.repo() + "/manifests/v1").statusCode()).isEqualTo(404);
        }

        @Test
        void deleteTag() throws Exception {
            Assumptions.assumeTrue(supportsTagDeletion(), "this registry does not delete tags");
            Pushed p = pushImage(repo("delete"), "v1");
            client().pushManifest(p.repo(), "v2", MediaType.OCI_MANIFEST, p.manifest());
            check(client().send("DELETE", "/v2/" + p.repo() + "/manifests/v1", null), 202);
            assertThat(client().get("/v2/" + p.repo() + "/manifests/v1").statusCode()).isEqualTo(404);
            check(client().get("/v2/" + p.repo() + "/manifests/v2"), 200);
            check(client().get("/v2/" + p.repo() + "/manifests/" + p.digest()), 200);
        }

        @Test
        void deleteBlob() throws Exception {
            Pushed p = pushImage(repo("delete"), "v1");
            Digest layer = Digest.sha256(p.layer());
            check(client().send("DELETE", "/v2/" + p.repo() + "/blobs/" + layer, null), 202);
            assertThat(client().head("/v2/" + p.repo() + "/blobs/" + layer).statusCode()).isEqualTo(404);
            var again = client().send("DELETE", "/v2/" + p.repo() + "/blobs/" + layer, null);
            assertThat(again.statusCode()).isEqualTo(404);
        }

        @Test
        void deleteUnknownManifestIs404() throws Exception {
            Pushed p = pushImage(repo("delete"), "v1");
            var r = client().send("DELETE", "/v2/" + p.repo() + "/manifests/" + Digest.sha256(new byte[] {4}), null);
            assertThat(r.statusCode()).isEqualTo(404);
        }
    }

    abstract class Referrers {
        @Test
        void referrersListedAndFiltered() throws Exception {
            Assumptions.assumeTrue(supportsReferrers(), "this registry does not implement the referrers API");
            Pushed p = pushImage(repo("referrers"), "v1");
            byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
            client().pushBlob(p.repo(), empty);
            Descriptor subject = Descriptor.of(MediaType.OCI_MANIFEST, p.digest(), p.manifest().length);
            byte[] sig = TestImages.referrer("application/vnd.example.sig", subject, empty, Map.of("k", "v"));
            byte[] sbom = TestImages.referrer("application/vnd.example.sbom", subject, empty, null);
            var r = client().send("PUT", "/v2/" + p.repo() + "/manifests/" + Digest.sha256(sig), sig, "Content-Type", MediaType.OCI_MANIFEST);
            check(r, 201);
            assertThat(r.headers().firstValue("OCI-Subject")).hasValue(p.digest().toString());
            client().pushManifest(p.repo(), Digest.sha256(sbom).toString(), MediaType.OCI_MANIFEST, sbom);

            var all = client().get("/v2/" + p.repo() + "/referrers/" + p.digest());
            check(all, 200);
            assertThat(all.headers().firstValue("Content-Type")).hasValue(MediaType.OCI_INDEX);
            JsonNode index = Json.tree(all.body(), "referrers");
            assertThat(index.path("manifests")).hasSize(2);
            List<String> types = new ArrayList<>();
            index.path("manifests").forEach(m -> types.add(m.path("artifactType").asText()));
            assertThat(types).containsExactlyInAnyOrder("application/vnd.example.sig", "application/vnd.example.sbom");
            index.path("manifests").forEach(m -> {
                if (m.path("artifactType").asText().endsWith("sig")) {
                    assertThat(m.path("digest").asText()).isEqualTo(Digest.sha256(sig).toString());
                    assertThat(m.path("size").asLong()).isEqualTo(sig.length);
                    assertThat(m.path("annotations").path("k").asText()).isEqualTo("v");
                }
            });

            var filtered = client().get("/v2/" + p.repo() + "/referrers/" + p.digest() + "?artifactType=application/vnd.example.sig");
            check(filtered, 200);
            assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
            assertThat(Json.tree(filtered.body(), "referrers").path("manifests")).hasSize(1);

            check(client().send("DELETE", "/v2/" + p.repo() + "/manifests/" + Digest.sha256(sig), null), 202);
            var after = client().get("/v2/" + p.repo() + "/referrers/" + p.digest());
            assertThat(Json.tree(after.body(), "referrers").path("manifests")).hasSize(1);
        }

        @Test
        void referrersOfUnknownSubjectIsAnEmptyIndex() throws Exception {
            Assumptions.assumeTrue(supportsReferrers(), "this registry does not implement the referrers API");
            Pushed p = pushImage(repo("referrers"), "v1");
            var r = client().get("/v2/" + p.repo() + "/referrers/" + Digest.sha256(new byte[] {5}));
            check(r, 200);
            JsonNode index = Json.tree(r.body(), "referrers");
            assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
            assertThat(index.path("manifests").isArray()).isTrue();
            assertThat(index.path("manifests")).isEmpty();
        }

        @Test
        void manifestWithAbsentSubjectIsAccepted() throws Exception {
            Assumptions.assumeTrue(supportsReferrers(), "this registry does not implement the referrers API");
            String repo = repo("referrers");
            byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
            client().pushBlob(repo, empty);
            Descriptor subject = Descriptor.of(MediaType.OCI_MANIFEST, Digest.sha256(new byte[] {6}), 123);
            byte[] sig = TestImages.referrer("application/vnd.example.sig", subject, empty, null);
            var r = client().send("PUT", "/v2/" + repo + "/manifests/sig", sig, "Content-Type", MediaType.OCI_MANIFEST);
            check(r, 201);
            assertThat(r.headers().firstValue("OCI-Subject")).hasValue(subject.digest().toString());
            var list = client().get("/v2/" + repo + "/referrers/" + subject.digest());
            assertThat(Json.tree(list.body(), "referrers").path("manifests")).hasSize(1);
        }
    }
}
