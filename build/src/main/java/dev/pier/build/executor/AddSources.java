package dev.pier.build.executor;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import dev.pier.image.layer.Compression;
import dev.pier.image.layer.ExtractOptions;
import dev.pier.image.layer.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** ADD's extras: local archives extracted, and HTTP(S) downloads verified against {@code --checksum}. */
final class AddSources {
    private AddSources() {}

    static boolean isUrl(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /** Whether {@code file} is a tar archive, plain or compressed (gzip, zstd). */
    static boolean isArchive(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            InputStream in = Compression.detect(raw).decompress(raw, file.toString());
            byte[] header = in.readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Extracts archive {@code file} into the new directory {@code into}, safely (nothing lands outside). */
    static void extract(Path file, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            LayerApplier.applyCompressed(raw, Compression.detect(raw), "ADD " + file.getFileName(), into, ExtractOptions.defaults());
        }
    }

    /**
     * Downloads {@code url} into {@code target}, verifying the digest {@code checksum}
     * ({@code sha256:hex}); without a checksum the download is refused.
     */
    static void download(String url, String checksum, Path target) throws IOException {
        if (checksum == null || checksum.isEmpty()) {
            throw new PierException("ADD " + url + ": a URL source needs --checksum=sha256:<hex>, so the build stays reproducible");
        }
        Digest expected = Digest.parse(checksum);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<Path> r = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(target));
            if (r.statusCode() != 200) {
                throw new PierException("ADD " + url + ": the server answered " + r.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PierException("ADD " + url + ": interrupted");
        }
        Digest actual;
        try (InputStream in = Files.newInputStream(target)) {
            actual = Digest.of(expected.algorithm(), in);
        }
        if (!actual.equals(expected)) {
            throw new PierException("ADD " + url + ": checksum mismatch: expected " + expected + ", got " + actual);
        }
    }

    /** The file name a URL gives its download: the last path segment, or {@code __unnamed__}. */
    static String fileName(String url) {
        String path = URI.create(url).getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return "__unnamed__";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
