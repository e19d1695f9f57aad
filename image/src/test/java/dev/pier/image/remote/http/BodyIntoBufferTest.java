package dev.pier.image.remote.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.io.BufferReadable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Bodies read into buffers ({@link BufferReadable}), as a pull reads blobs: into a direct buffer
 * straight from the socket's channel, with the bytes that came with the head first, the framing
 * and the read timeout kept.
 */
class BodyIntoBufferTest {
    private static final Duration TIMEOUT = HttpTransportTest.TIMEOUT;

    private static HttpTransport transport() {
        return HttpTransportTest.transport();
    }

    /** Reads the body to its end into a direct buffer of {@code size} bytes, as BlobStore does. */
    private static byte[] readAll(InputStream body, int size) throws IOException {
        var out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        while (BufferReadable.read(body, buffer) >= 0) {
            buffer.flip();
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.write(chunk);
            buffer.clear();
        }
        return out.toByteArray();
    }

    @Test
    void aLargeBodyArrivesWholeAndItsConnectionServesTheNextRequest() throws IOException {
        byte[] blob = new byte[3 << 20];
        new Random(7).nextBytes(blob);
        try (var server = new ScriptedServer((r, out) -> {
            if (r.target().equals("/blob")) {
                ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + blob.length + "\r\n\r\n");
                out.write(blob); // the first bytes reach the client with the head, the rest later
            } else {
                ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
            return true;
        }); var t = transport()) {
            Response r = t.send("GET", server.uri("/blob"), Map.of(), RequestBody.EMPTY, TIMEOUT);
            assertThat(r.body()).isInstanceOf(BufferReadable.class);
            assertThat(Arrays.equals(readAll(r.body(), 1 << 20), blob)).isTrue();
            Response next = t.send("GET", server.uri("/next"), Map.of(), RequestBody.EMPTY, TIMEOUT);
            assertThat(new String(next.readBody(10), StandardCharsets.ISO_8859_1)).isEqualTo("ok");
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionThatClosesInsideTheBodyIsAnError() throws IOException {
        byte[] part = new byte[3000];
        try (var server = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            out.flush(); // the rest, cut short, may come apart from the head: read from the channel
            out.write(part);
            return false;
        }); var t = transport()) {
            Response r = t.send("GET", server.uri("/"), Map.of(), RequestBody.EMPTY, TIMEOUT);
            assertThatThrownBy(() -> readAll(r.body(), 1 << 20)).isInstanceOf(IOException.class)
                    .hasMessageContaining("3000 of 100000 bytes");
        }
    }

    @Test
    void aServerThatStopsSendingTimesTheReadOut() throws Exception {
        var release = new CountDownLatch(1);
        try (var server = new ScriptedServer((r, out) -> {
            ScriptedServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nten bytes.");
            out.flush();
            try {
                release.await(); // then nothing more until the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }); var t = transport()) {
            Response r = t.send("GET", server.uri("/"), Map.of(), RequestBody.EMPTY, Duration.ofMillis(300));
            InputStream body = r.body();
            ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
            assertThat(BufferReadable.read(body, buffer)).isEqualTo(10);
            assertThatThrownBy(() -> BufferReadable.read(body, buffer))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("read timed out");
        } finally {
            release.countDown();
        }
    }
}
