package dev.pier.image.remote.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry client's HTTP/1.1 transport against a scripted server on 127.0.0.1. */
class HttpTransportTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A transport for plain http only. */
    static HttpTransport transport() {
        return new HttpTransport(() -> {
            throw new AssertionError("no TLS wanted for http");
        }, TIMEOUT);
    }

    private static Response get(HttpTransport t, java.net.URI uri, Map<String, String> headers) throws IOException {
        return t.send("GET", uri, headers, RequestBody.EMPTY, TIMEOUT);
    }

    @Test
    void readsLengthAndChunkedBodiesAndReusesTheConnection() throws IOException {
        try (var server = new ScriptedServer((r, out) -> {
            if (r.target().equals("/chunked")) {
                ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
            } else {
                ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nDocker-Content-Digest: d\r\n\r\nabc");
            }
            return true;
        }); var t = transport()) {
            Response first = get(t, server.uri("/length"), Map.of());
            assertThat(first.headers().firstValue("docker-content-digest")).contains("d");
            assertThat(new String(first.readBody(100))).isEqualTo("abc");
            assertThat(new String(get(t, server.uri("/chunked"), Map.of()).readBody(100))).isEqualTo("hello, world");
            assertThat(new String(get(t, server.uri("/length"), Map.of()).readBody(100))).isEqualTo("abc");
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(server.requests).extracting(ScriptedServer.Received::target).containsExactly("/length", "/chunked", "/length");
        }
    }

    @Test
    void aBodyClosedBeforeItsEndClosesItsConnection() throws IOException {
        try (var server = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
            return true;
        }); var t = transport()) {
            Response r = get(t, server.uri("/"), Map.of());
            assertThat(r.body().read()).isEqualTo('0');
            r.close();
            assertThat(get(t, server.uri("/"), Map.of()).readBody(100)).hasSize(10);
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void aPooledConnectionTheServerClosedIsReplacedForAReplayableRequest() throws IOException {
        try (var server = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return false; // closes without saying so
        }); var t = transport()) {
            for (int i = 0; i < 3; i++) {
                assertThat(new String(get(t, server.uri("/"), Map.of()).readBody(10))).isEqualTo("ok");
            }
            assertThat(server.connections.get()).isEqualTo(3);
        }
    }

    @Test
    void aBodyCutShortIsAnError() throws IOException {
        try (var server = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
            return false;
        }); var t = transport()) {
            Response r = get(t, server.uri("/"), Map.of());
            assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(IOException.class).hasMessageContaining("9 of 100 bytes");
        }
    }

    @Test
    void malformedAnswersAreRefused() throws IOException {
        String[] answers = {
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n",
        };
        for (String answer : answers) {
            try (var server = new ScriptedServer((r, out) -> {
                ScriptedServer.write(out, answer);
                return false;
            }); var t = transport()) {
                assertThatThrownBy(() -> get(t, server.uri("/"), Map.of())).as(answer.substring(0, 12)).isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void redirectsKeepCredentialsOnlyOnTheSameEndpoint() throws IOException {
        try (var other = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nblob");
            return true;
        }); var server = new ScriptedServer((r, out) -> {
            String to = r.target().equals("/first") ? "/second" : other.uri("/elsewhere").toString();
            ScriptedServer.write(out, "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + to + "\r\nContent-Length: 0\r\n\r\n");
            return true;
        }); var t = transport()) {
            Response r = get(t, server.uri("/first"), Map.of("Authorization", "Bearer secret"));
            assertThat(new String(r.readBody(10))).isEqualTo("blob");
            assertThat(server.requests).extracting(q -> q.headers().get("authorization")).containsExactly("Bearer secret", "Bearer secret");
            assertThat(other.requests).singleElement().satisfies(q -> {
                assertThat(q.target()).isEqualTo("/elsewhere");
                assertThat(q.headers()).doesNotContainKey("authorization");
            });
        }
    }

    @Test
    void sendsFilesBytesAndStreamsOfUnknownLength(@TempDir Path dir) throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("blob"), content);
        try (var server = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
            return true;
        }); var t = transport()) {
            assertThat(t.send("PUT", server.uri("/f"), Map.of(), new RequestBody.FileContent(file), TIMEOUT).statusCode()).isEqualTo(201);
            t.send("PATCH", server.uri("/b"), Map.of(), new RequestBody.Bytes(content, 5, 1000), TIMEOUT).close();
            t.send("PUT", server.uri("/s"), Map.of(), new RequestBody.Streamed(new ByteArrayInputStream(content), -1), TIMEOUT).close();
            t.send("POST", server.uri("/e"), Map.of(), RequestBody.EMPTY, TIMEOUT).close();
            assertThat(server.requests.get(0).body()).isEqualTo(content);
            assertThat(server.requests.get(1).body()).isEqualTo(java.util.Arrays.copyOfRange(content, 5, 1005));
            assertThat(server.requests.get(2).headers()).containsEntry("transfer-encoding", "chunked");
            assertThat(server.requests.get(2).body()).isEqualTo(content);
            assertThat(server.requests.get(3).headers()).containsEntry("content-length", "0");
        }
    }

    /** Endpoint's equals and hashCode are written out (see Endpoint): scheme, host and port all count. */
    @Test
    void endpointsAreEqualWhenSchemeHostAndPortAre() {
        Endpoint a = Endpoint.of(java.net.URI.create("http://Registry.example:5000/v2/"));
        assertThat(a).isEqualTo(Endpoint.of(java.net.URI.create("HTTP://registry.example:5000/other")))
                .hasSameHashCodeAs(new Endpoint("http", "registry.example", 5000));
        assertThat(a).isNotEqualTo(Endpoint.of(java.net.URI.create("https://registry.example:5000/")))
                .isNotEqualTo(Endpoint.of(java.net.URI.create("http://registry.example:5001/")))
                .isNotEqualTo(Endpoint.of(java.net.URI.create("http://other.example:5000/")))
                .isNotEqualTo("http://registry.example:5000");
    }

    /**
     * A platform thread sends a file with sendfile, a virtual one through a direct buffer: the same
     * bytes, also when a platform thread takes a pooled connection a virtual thread left
     * non-blocking underneath (sendfile then stops early, and the buffered path finishes).
     */
    @Test
    void sendsAFileTheSameFromPlatformAndVirtualThreads(@TempDir Path dir) throws Exception {
        byte[] content = new byte[5 * 1024 * 1024 + 3];
        new Random(11).nextBytes(content);
        Path file = Files.write(dir.resolve("blob"), content);
        try (var server = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
            return true;
        }); var t = transport()) {
            for (Thread.Builder builder : new Thread.Builder[] {Thread.ofVirtual(), Thread.ofPlatform(), Thread.ofPlatform(), Thread.ofVirtual()}) {
                int[] status = new int[1];
                Thread sender = builder.start(() -> {
                    try {
                        status[0] = t.send("PUT", server.uri("/f"), Map.of(), new RequestBody.FileContent(file), TIMEOUT).statusCode();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                sender.join();
                assertThat(status[0]).isEqualTo(201);
            }
            assertThat(server.requests).hasSize(4).allSatisfy(q -> {
                assertThat(q.headers()).containsEntry("content-length", String.valueOf(content.length));
                assertThat(q.body()).isEqualTo(content);
            });
        }
    }

    @Test
    void aStreamShorterThanItsDeclaredLengthFails() throws IOException {
        try (var server = new ScriptedServer((r, out) -> false); var t = transport()) {
            var body = new RequestBody.Streamed(new ByteArrayInputStream(new byte[10]), 20);
            assertThatThrownBy(() -> t.send("PUT", server.uri("/"), Map.of(), body, TIMEOUT))
                    .isInstanceOf(IOException.class).hasMessageContaining("10 bytes before its declared length of 20");
        }
    }
}
