package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked upload whose second PATCH is lost (a proxy answers 502 without passing it on) resumes from the offset the registry reports; a 503 on a manifest GET is retried.
 */
class RegistryChunkResumeTest {
    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade");

    @TempDir
    Path tmp;

    @Test
    void brokenChunkResumesFromTheRegistrysOffset() throws Exception {
        try (RegistryServer registry = RegistryServer.start(tmp.resolve("r").toFile().mkdirs() ? tmp.resolve("r") : tmp.resolve("r"),
                RegistryServer.Config.plain());
             Proxy proxy = new Proxy(registry.host())) {
            OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
            RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "resume", 3_000_000);
            RegistryOptions options = RegistryOptions.defaults().withTlsVerify(false).withChunkSize(1 << 20).withMaxAttempts(3);
            String ref = "docker://" + proxy.host() + "/pier/resume:v1";

            RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", ref, new CopyOptions(false, Optional.empty(), 1), options);

            assertThat(proxy.brokenPatches.get()).isEqualTo(1);
            CopyResult back = RegistryTransportTest.copy(ref, "oci:" + tmp.resolve("back") + ":v1", CopyOptions.defaults(), options);
            assertThat(back.manifest().digest()).isEqualTo(m.digest());
            assertThat(proxy.failedGets.get()).isEqualTo(1);
        }
    }

    /** Forwards to the registry; breaks the second PATCH and the first manifest GET. */
    private static final class Proxy implements AutoCloseable {
        final AtomicInteger patches = new AtomicInteger();
        final AtomicInteger brokenPatches = new AtomicInteger();
        final AtomicInteger manifestGets = new AtomicInteger();
        final AtomicInteger failedGets = new AtomicInteger();
        private final String upstream;
        private final HttpServer server;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Proxy(String upstream) throws IOException {
            this.upstream = upstream;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String host() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                byte[] body = ex.getRequestBody().readAllBytes();
                String method = ex.getRequestMethod();
                boolean breakIt = method.equals("PATCH") && patches.incrementAndGet() == 2;
                if (method.equals("GET") && ex.getRequestURI().getPath().contains("/manifests/")
                        && manifestGets.incrementAndGet() == 1) {
                    failedGets.incrementAndGet();
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                if (breakIt) {
                    // the chunk is lost on the way: the registry never sees it
                    brokenPatches.incrementAndGet();
                    ex.sendResponseHeaders(502, -1);
                    return;
                }
                byte[] forwarded = body;
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + upstream + ex.getRequestURI()))
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(forwarded));
                ex.getRequestHeaders().forEach((k, vs) -> {
                    if (!HOP.contains(k.toLowerCase())) {
                        vs.forEach(v -> b.header(k, v));
                    }
                });
                HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                r.headers().map().forEach((k, vs) -> {
                    if (!HOP.contains(k.toLowerCase()) && !k.equals(":status")) {
                        vs.forEach(v -> ex.getResponseHeaders().add(k, v.replace(upstream, host())));
                    }
                });
                boolean empty = method.equals("HEAD") || r.body().length == 0;
                ex.sendResponseHeaders(r.statusCode(), empty ? -1 : r.body().length);
                if (!empty) {
                    ex.getResponseBody().write(r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            http.close();
        }
    }
}
