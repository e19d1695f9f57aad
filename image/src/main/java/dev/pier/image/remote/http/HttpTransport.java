package dev.pier.image.remote.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 client for the registry protocol: persistent connections pooled per endpoint,
 * bodies streamed in both directions, file bodies sent without a copy into the Java heap on plain connections,
 * and redirects of GET and HEAD followed (never from https to http; the {@code Authorization}
 * header is dropped when the redirect leaves the endpoint). Why not {@code java.net.http}: see
 * docs/registry-client.md — the JDK's client costs a short-lived command more start-up and more CPU
 * per byte than the whole transfer does here. Thread-safe: each request takes a connection of its own.
 */
public final class HttpTransport implements Closeable {
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_IDLE_PER_ENDPOINT = 16;
    private static final long IDLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private final Supplier<SSLContext> tls;
    private final Duration connectTimeout;
    private final Map<Endpoint, Deque<HttpConnection>> idle = new HashMap<>();
    private SSLContext tlsContext;
    private boolean closed;

    /**
     * @param tls the TLS settings, asked for on the first https connection only (making an
     *            {@link SSLContext} is costly, and plain-HTTP registries never need one)
     */
    public HttpTransport(Supplier<SSLContext> tls, Duration connectTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sends a request and returns the answer with its body unread. {@code readTimeout} bounds each
     * wait for the server, not the whole exchange. A request on a pooled connection that the server
     * closed meanwhile is sent again on a new one when its body can be replayed.
     */
    public Response send(String method, URI uri, Map<String, String> headers, RequestBody body, Duration readTimeout)
            throws IOException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            Response r = exchange(method, current, h, body, readTimeout);
            boolean follow = (method.equals("GET") || method.equals("HEAD")) && REDIRECTS.contains(r.statusCode());
            var location = r.headers().firstValue("Location");
            if (!follow || location.isEmpty()) {
                return r;
            }
            r.discard();
            if (redirects >= MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + uri);
            }
            URI next;
            try {
                next = current.resolve(location.get());
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed redirect Location: " + ResponseReader.printable(location.get()));
            }
            Endpoint from = Endpoint.of(current);
            Endpoint to = Endpoint.of(next);
            if (from.tls() && !to.tls()) {
                throw new IOException("refusing a redirect from https to http: " + ResponseReader.printable(next.toString()));
            }
            if (!from.equals(to)) {
                h.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).equals("authorization"));
            }
            current = next;
        }
    }

    private Response exchange(String method, URI uri, Map<String, String> headers, RequestBody body, Duration readTimeout)
            throws IOException {
        Endpoint endpoint = Endpoint.of(uri);
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        while (true) {
            HttpConnection conn = body.replayable() ? pooled(endpoint) : null;
            if (conn == null) {
                conn = HttpConnection.open(endpoint, endpoint.tls() ? tls() : null, connectTimeout);
            }
            try {
                conn.writeRequest(method, target, headers, body, readTimeout);
                return ResponseReader.read(conn, method.equals("HEAD"), this::release);
            } catch (IOException e) {
                conn.close();
                if (!conn.reused() || e instanceof java.net.SocketTimeoutException) {
                    throw e;
                }
                // the server closed the idle connection: the next try takes another, or opens one
            } catch (RuntimeException e) {
                conn.close();
                throw e;
            }
        }
    }

    private synchronized SSLContext tls() {
        if (tlsContext == null) {
            tlsContext = tls.get();
        }
        return tlsContext;
    }

    private synchronized HttpConnection pooled(Endpoint endpoint) {
        Deque<HttpConnection> q = idle.get(endpoint);
        long now = System.nanoTime();
        while (q != null && !q.isEmpty()) {
            HttpConnection c = q.pollLast();
            if (now - c.idleSince() < IDLE_LIMIT_NANOS) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private synchronized void release(HttpConnection conn) {
        Deque<HttpConnection> q = idle.computeIfAbsent(conn.endpoint(), e -> new ArrayDeque<>());
        if (closed || q.size() >= MAX_IDLE_PER_ENDPOINT) {
            conn.close();
            return;
        }
        conn.markIdle();
        q.addLast(conn);
    }

    /** Closes the idle connections; connections still in use close when their bodies do. */
    @Override
    public synchronized void close() {
        closed = true;
        idle.values().forEach(q -> q.forEach(HttpConnection::close));
        idle.clear();
    }
}
