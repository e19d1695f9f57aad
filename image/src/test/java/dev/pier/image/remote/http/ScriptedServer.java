package dev.pier.image.remote.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 whose answers the test writes byte for byte, so framings
 * (chunks, early closes, malformed heads) that well-behaved servers never send can be tried. It
 * records each request it reads, and counts the connections it accepted.
 */
final class ScriptedServer implements Closeable {
    /** A request as the server read it. */
    record Received(String method, String target, Map<String, String> headers, byte[] body, int connection) {}

    /** Writes the answer to one request; returns false to close the connection afterwards. */
    @FunctionalInterface
    interface Answer {
        boolean write(Received request, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Answer answer;
    final List<Received> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    ScriptedServer(Answer answer) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.answer = answer;
        Thread.ofVirtual().start(this::accept);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int id = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, id));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s; InputStream in = new java.io.BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String line = ResponseReader.line(in);
                String[] parts = line.split(" ");
                Map<String, String> headers = new TreeMap<>();
                for (String h; !(h = ResponseReader.line(in)).isEmpty(); ) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
                }
                byte[] body = body(in, headers);
                Received r = new Received(parts[0], parts[1], headers, body, id);
                requests.add(r);
                boolean keep = answer.write(r, out);
                out.flush();
                if (!keep) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        if (headers.containsKey("content-length")) {
            return in.readNBytes(Integer.parseInt(headers.get("content-length")));
        }
        if (!"chunked".equals(headers.get("transfer-encoding"))) {
            return new byte[0];
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int n; (n = Integer.parseInt(ResponseReader.line(in), 16)) > 0; ) {
            b.write(in.readNBytes(n));
            ResponseReader.line(in);
        }
        ResponseReader.line(in);
        return b.toByteArray();
    }

    /** Writes an ISO-8859-1 string. */
    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
