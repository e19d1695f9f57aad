package dev.pier.image.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.ImageIndex;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.image.spec.RawManifest;
import java.io.IOException;
import java.io.InputStream;
import dev.pier.image.remote.http.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution API of one repository: manifests, blobs, tags, uploads. {@code path} is the
 * repository without the registry, e.g. {@code library/busybox}.
 */
public final class RegistryRepository {
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private final RegistryClient client;
    private final String path;
    private final RegistryOptions options;
    private final List<String> pull;
    private final List<String> push;

    public RegistryRepository(RegistryClient client, String path, RegistryOptions options) {
        this.client = client;
        this.path = path;
        this.options = options;
        this.pull = List.of("repository:" + path + ":pull");
        this.push = List.of("repository:" + path + ":pull,push");
    }

    public RegistryClient client() {
        return client;
    }

    public String path() {
        return path;
    }

    /** The repository's full name for messages, e.g. {@code 127.0.0.1:5000/app}. */
    public String name() {
        return client.registry() + "/" + path;
    }

    List<String> pushScopes() {
        return push;
    }

    /** A manifest by tag or digest, exact bytes; verified when {@code expected} is given. */
    public RawManifest manifest(String reference, Optional<Digest> expected) throws IOException {
        var req = RegistryRequest.get("/v2/" + path + "/manifests/" + reference, pull).header("Accept", MediaType.acceptManifests());
        Response r = client.send(req);
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(Json.MAX_DOCUMENT_BYTES + 1);
        }
        if (r.statusCode() != 200) {
            throw RegistryErrors.of(r.statusCode(), bytes, client.registry(), name(), "manifest " + reference);
        }
        if (bytes.length > Json.MAX_DOCUMENT_BYTES) {
            throw new PierException(name() + ": manifest " + reference + " is larger than " + Json.MAX_DOCUMENT_BYTES + " bytes");
        }
        String type = r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse("");
        RawManifest m = RawManifest.of(bytes, MediaType.isManifest(type) ? type : null);
        Optional<Digest> check = expected.or(() -> r.headers().firstValue("Docker-Content-Digest")
                .filter(d -> d.startsWith("sha256:")).map(Digest::parse));
        if (check.isPresent()) {
            Digest actual = Digest.of(check.get().algorithm(), bytes);
            if (!actual.equals(check.get())) {
                throw new PierException(name() + ": manifest " + reference + " has digest " + actual + ", expected " + check.get());
            }
        }
        return m;
    }

    /** The descriptor of a manifest, by HEAD, without its bytes; empty when the registry does not have it. */
    public Optional<Descriptor> headManifest(String reference) throws IOException {
        var req = RegistryRequest.head("/v2/" + path + "/manifests/" + reference, pull).header("Accept", MediaType.acceptManifests());
        Response r = client.send(req);
        r.discard();
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw RegistryErrors.of(r.statusCode(), null, client.registry(), name(), "manifest " + reference);
        }
        Digest digest = r.headers().firstValue("Docker-Content-Digest").map(Digest::parse).orElseGet(() -> {
            throw new PierException(name() + ": the registry sent no Docker-Content-Digest for manifest " + reference);
        });
        String type = r.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim()).orElse(MediaType.OCI_MANIFEST);
        return Optional.of(Descriptor.of(type, digest, r.headers().firstValueAsLong("Content-Length").orElse(-1)));
    }

    /**
     * Stores a manifest under a tag or its digest. Returns whether the registry answered with an
     * {@code OCI-Subject} header, i.e. indexed the manifest's subject for the referrers API itself.
     */
    public boolean putManifest(String reference, RawManifest m) throws IOException {
        var req = RegistryRequest.withBytes("PUT", "/v2/" + path + "/manifests/" + reference, push, m.bytes())
                .header("Content-Type", m.mediaType());
        BytesResponse r = client.sendForBytes(req);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw RegistryErrors.of(r.statusCode(), r.body(), client.registry(), name(), "push manifest " + reference);
        }
        return r.headers().firstValue("OCI-Subject").isPresent();
    }

    /**
     * The referrers of {@code subject}: from the referrers API when the registry has it, else from
     * the fallback tag {@code sha256-<hex>} (distribution-spec "Referrers Tag Schema"), else none.
     */
    public List<Descriptor> referrers(Digest subject) throws IOException {
        BytesResponse r = client.sendForBytes(RegistryRequest.get("/v2/" + path + "/referrers/" + subject, pull)
                .header("Accept", MediaType.OCI_INDEX));
        if (r.statusCode() == 200) {
            return Json.read(r.body(), ImageIndex.class, client.registry() + "/" + path + " referrers of " + subject).manifests();
        }
        return referrersTag(subject).map(ImageIndex::manifests).orElse(List.of());
    }

    /** The index under the referrers fallback tag, if the repository has one. */
    public Optional<ImageIndex> referrersTag(Digest subject) throws IOException {
        String tag = subject.algorithm().id() + "-" + subject.encoded();
        if (headManifest(tag).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(manifest(tag, Optional.empty()).asIndex());
    }

    /** Adds {@code referrer} to the fallback tag's index of {@code subject}, for registries without the API. */
    public void addToReferrersTag(Digest subject, Descriptor referrer) throws IOException {
        List<Descriptor> list = new ArrayList<>(referrersTag(subject).map(ImageIndex::manifests).orElse(List.of()));
        if (list.stream().anyMatch(d -> d.digest().equals(referrer.digest()))) {
            return;
        }
        list.add(referrer);
        putManifest(subject.algorithm().id() + "-" + subject.encoded(), RawManifest.of(ImageIndex.oci(list)));
    }

    /** Deletes a manifest by digest (the registry must allow deletes). */
    public void deleteManifest(Digest digest) throws IOException {
        List<String> scopes = List.of("repository:" + path + ":pull,delete");
        BytesResponse r = client.sendForBytes(RegistryRequest.delete("/v2/" + path + "/manifests/" + digest, scopes));
        if (r.statusCode() != 202 && r.statusCode() != 200) {
            throw RegistryErrors.of(r.statusCode(), r.body(), client.registry(), name(), "delete manifest " + digest);
        }
    }

    /** Whether the repository holds a blob (HEAD). */
    public boolean hasBlob(Digest digest) throws IOException {
        Response r = client.send(RegistryRequest.head("/v2/" + path + "/blobs/" + digest, pull));
        r.discard();
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw RegistryErrors.of(r.statusCode(), null, client.registry(), name(), "blob " + digest);
    }

    /** A blob's bytes, unverified, resumed with Range requests when the connection breaks. */
    public InputStream blob(Descriptor d) {
        return new ResumingInputStream(offset -> openBlob(d.digest(), offset), d.size(), options.maxAttempts());
    }

    private InputStream openBlob(Digest digest, long offset) throws IOException {
        var req = RegistryRequest.get("/v2/" + path + "/blobs/" + digest, pull);
        if (offset > 0) {
            req = req.header("Range", "bytes=" + offset + "-");
        }
        Response r = client.send(req);
        InputStream body = r.body();
        if (r.statusCode() == 206 || (r.statusCode() == 200 && offset == 0)) {
            return body;
        }
        if (r.statusCode() == 200) {
            body.skipNBytes(offset); // the registry ignored the Range header
            return body;
        }
        byte[] error;
        try (body) {
            error = body.readNBytes(64 * 1024);
        }
        throw RegistryErrors.of(r.statusCode(), error, client.registry(), name(), "blob " + digest);
    }

    /** Starts an upload session (POST). */
    public UploadSession startUpload() throws IOException {
        BytesResponse r = client.sendForBytes(RegistryRequest.withBytes("POST", "/v2/" + path + "/blobs/uploads/", push, new byte[0]));
        if (r.statusCode() != 202) {
            throw RegistryErrors.of(r.statusCode(), r.body(), client.registry(), name(), "start blob upload");
        }
        return new UploadSession(this, location(r), options.maxAttempts());
    }

    /**
     * Asks the registry to mount a blob from another repository of the same registry; true when it
     * did (201). When it did not, the upload session it may have opened is cancelled.
     */
    public boolean mount(Digest digest, String fromPath) throws IOException {
        List<String> scopes = List.of("repository:" + path + ":pull,push", "repository:" + fromPath + ":pull");
        String target = "/v2/" + path + "/blobs/uploads/?mount=" + digest + "&from=" + fromPath;
        BytesResponse r = client.sendForBytes(RegistryRequest.withBytes("POST", target, scopes, new byte[0]));
        if (r.statusCode() == 201) {
            return true;
        }
        if (r.statusCode() == 202) {
            client.sendForBytes(RegistryRequest.delete(location(r), push));
            return false;
        }
        if (r.statusCode() == 401 || r.statusCode() == 403 || r.statusCode() == 404) {
            return false; // no read access to the other repository: upload instead
        }
        throw RegistryErrors.of(r.statusCode(), r.body(), client.registry(), name(), "mount blob " + digest);
    }

    /** All tags, page after page, following the {@code Link} header. */
    public List<String> tags() throws IOException {
        return tags(1000);
    }

    /** All tags, asking for {@code pageSize} per page. */
    public List<String> tags(int pageSize) throws IOException {
        List<String> tags = new ArrayList<>();
        String target = "/v2/" + path + "/tags/list?n=" + pageSize;
        for (int page = 0; target != null && page < 10_000; page++) {
            BytesResponse r = client.sendForBytes(RegistryRequest.get(target, pull));
            if (r.statusCode() != 200) {
                throw RegistryErrors.of(r.statusCode(), r.body(), client.registry(), name(), "tag list");
            }
            JsonNode json = Json.tree(r.body(), name() + " tag list");
            json.path("tags").forEach(t -> tags.add(t.asText()));
            target = r.headers().firstValue("Link").map(NEXT_LINK::matcher).filter(Matcher::find).map(m -> m.group(1)).orElse(null);
        }
        return tags;
    }

    String location(BytesResponse r) {
        return r.headers().firstValue("Location").orElseThrow(() ->
                new PierException(name() + ": the registry answered " + r.statusCode() + " without a Location header"));
    }
}
