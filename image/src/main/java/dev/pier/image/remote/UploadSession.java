package dev.pier.image.remote;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.digest.VerifyingInputStream;
import dev.pier.image.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import dev.pier.image.remote.http.RequestBody;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One blob upload (distribution-spec "pushing blobs"): monolithic, one streamed PUT; or chunked,
 * PATCHes of at most {@code chunkSize} bytes then a closing PUT. A chunk that fails is resumed from
 * the offset the registry reports ({@code GET} on the upload's location, {@code Range: 0-N}); only
 * the current chunk is held in memory, so memory stays flat whatever the blob size.
 */
public final class UploadSession {
    private static final Pattern RANGE = Pattern.compile("(?:bytes=)?0-(\\d+)");
    private final RegistryRepository repo;
    private final int maxAttempts;
    private String location;

    UploadSession(RegistryRepository repo, String location, int maxAttempts) {
        this.repo = repo;
        this.location = location;
        this.maxAttempts = maxAttempts;
    }

    /** One PUT with the whole blob, streamed; the registry verifies the digest. */
    public void monolithic(Descriptor d, InputStream content) throws IOException {
        var req = RegistryRequest.streaming("PUT", withDigest(d.digest()), repo.pushScopes(), new RequestBody.Streamed(content, d.size()))
                .header("Content-Type", "application/octet-stream");
        finish(repo.client().sendForBytes(req), d.digest());
    }

    /**
     * One PUT with the whole blob read from a file (on plain HTTP sent by the kernel, {@code sendfile});
     * the registry verifies the digest.
     */
    public void monolithic(Descriptor d, java.nio.file.Path file) throws IOException {
        if (java.nio.file.Files.size(file) != d.size()) {
            throw dev.pier.image.digest.DigestMismatchException.size("blob " + d.digest(), d.size(), java.nio.file.Files.size(file));
        }
        var req = RegistryRequest.streaming("PUT", withDigest(d.digest()), repo.pushScopes(), new RequestBody.FileContent(file))
                .header("Content-Type", "application/octet-stream");
        finish(repo.client().sendForBytes(req), d.digest());
    }

    /** PATCH after PATCH, each resumed from the registry's offset when it fails, then the closing PUT. */
    public void chunked(Descriptor d, InputStream content, int chunkSize) throws IOException {
        InputStream in = new VerifyingInputStream(content, "blob " + d.digest(), d.digest(), d.size());
        byte[] chunk = new byte[chunkSize];
        long offset = 0;
        while (true) {
            int n = in.readNBytes(chunk, 0, chunkSize);
            if (n == 0) {
                break;
            }
            sendChunk(chunk, n, offset);
            offset += n;
            if (n < chunkSize) {
                in.read(); // end of stream: the verification runs now, before the blob is committed
                break;
            }
        }
        var req = RegistryRequest.withBytes("PUT", withDigest(d.digest()), repo.pushScopes(), new byte[0])
                .header("Content-Type", "application/octet-stream");
        finish(repo.client().sendForBytes(req), d.digest());
    }

    private void sendChunk(byte[] chunk, int n, long start) throws IOException {
        long reached = start;
        for (int attempt = 1; ; attempt++) {
            int from = (int) (reached - start);
            var body = new RequestBody.Bytes(chunk, from, n - from);
            var req = new RegistryRequest("PATCH", location, repo.pushScopes(), Map.of(
                    "Content-Type", "application/octet-stream",
                    "Content-Range", reached + "-" + (start + n - 1)), body, false);
            int status;
            String problem;
            try {
                BytesResponse r = repo.client().sendForBytes(req);
                status = r.statusCode();
                if (status == 202) {
                    location = repo.location(r);
                    return;
                }
                if (status < 500 && status != 416 && status != 429) {
                    throw RegistryErrors.of(status, r.body(), repo.client().registry(), repo.name(), "upload chunk at " + reached);
                }
                problem = "HTTP " + status;
            } catch (RegistryException e) {
                if (e.status() != 0) {
                    throw e;
                }
                problem = e.getMessage();
            }
            if (attempt >= maxAttempts) {
                throw new RegistryException(0, repo.name() + ": upload of chunk at offset " + reached + " failed after "
                        + attempt + " attempts: " + problem);
            }
            reached = registryOffset();
            if (reached < start) {
                throw new RegistryException(0, repo.name() + ": the registry lost uploaded data (it has " + reached
                        + " bytes, " + start + " were sent); push again");
            }
            if (reached >= start + n) {
                return;
            }
        }
    }

    /** How many bytes the registry holds, from {@code GET location}: {@code Range: 0-N} means N+1. */
    private long registryOffset() throws IOException {
        BytesResponse r = repo.client().sendForBytes(RegistryRequest.get(location, repo.pushScopes()));
        if (r.statusCode() != 204 && r.statusCode() != 200) {
            throw new RegistryException(r.statusCode(), repo.name() + ": the interrupted upload cannot be resumed (status HTTP "
                    + r.statusCode() + "); push again: blobs already uploaded are skipped");
        }
        r.headers().firstValue("Location").ifPresent(l -> location = l);
        Optional<String> range = r.headers().firstValue("Range");
        if (range.isEmpty()) {
            return 0;
        }
        Matcher m = RANGE.matcher(range.get().trim());
        // distribution writes 0-0 for an empty upload too: read it as empty (a wrong guess fails the digest check)
        return m.matches() && !range.get().trim().endsWith("0-0") ? Long.parseLong(m.group(1)) + 1 : 0;
    }

    private String withDigest(Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    private void finish(BytesResponse r, Digest digest) {
        if (r.statusCode() != 201 && r.statusCode() != 204) {
            throw RegistryErrors.of(r.statusCode(), r.body(), repo.client().registry(), repo.name(), "upload of blob " + digest);
        }
        r.headers().firstValue("Docker-Content-Digest").filter(s -> !s.equals(digest.toString())).ifPresent(s -> {
            throw new PierException(repo.name() + ": the registry stored blob " + digest + " as " + s);
        });
    }

    /** Abandons the upload (DELETE), ignoring failures. */
    public void cancel() {
        try {
            repo.client().sendForBytes(RegistryRequest.delete(location, List.copyOf(repo.pushScopes())));
        } catch (IOException | RuntimeException ignored) {
            // the registry collects abandoned uploads itself
        }
    }
}
