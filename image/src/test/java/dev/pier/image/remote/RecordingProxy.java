package dev.pier.image.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on 127.0.0.1 in front of a registry: records every request as
 * {@code "METHOD /path"}, and lets a test answer some requests itself (a lost chunk, a 503) instead
 * of passing them on. Registry URLs in answers are rewritten to point at the proxy.
 */
final class RecordingProxy implements AutoCloseable {
    /** Decides, for a request, a status to answer without forwarding it; empty forwards it. */
    @FunctionalInterface
    interface Interceptor {
        OptionalInt answer(String method, String path);
    }

    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade");
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final String upstream;
    private final Interceptor interceptor;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RecordingProxy(String upstream, Interceptor interceptor) throws IOException {
        this.upstream = upstream;
        this.interceptor = interceptor;
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
            requests.add(method + " " + ex.getRequestURI().getPath());
            OptionalInt own = interceptor.answer(method, ex.getRequestURI().getPath());
            if (own.isPresent()) {
                ex.sendResponseHeaders(own.getAsInt(), -1);
                return;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + upstream + ex.getRequestURI()))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
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
