package dev.pier.analyze.trace;

import dev.pier.image.PierException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code --http-probe PORT[/PATH]}: a GET of {@code http://127.0.0.1:PORT/PATH} that exercises a
 * server while it is traced. The container runs with the host's network for it, so the port is
 * the host's.
 *
 * @param port the TCP port
 * @param path the request path, starting with {@code /}
 */
public record HttpProbe(int port, String path) {
    private static final long RETRY_MS = 200;

    /** Parses {@code PORT[/PATH]}. */
    public static HttpProbe parse(String text) {
        int slash = text.indexOf('/');
        String port = slash < 0 ? text : text.substring(0, slash);
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return new HttpProbe(p, slash < 0 ? "/" : text.substring(slash));
        } catch (NumberFormatException e) {
            throw new PierException("--http-probe " + text + ": expected PORT[/PATH] with a port from 1 to 65535");
        }
    }

    /** The URI probed. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Retries the GET until the server answers (any status), {@code timeout} passes or
     * {@code running} turns false; returns the status, or empty when it never answered.
     */
    public Optional<Integer> await(Duration timeout, BooleanSupplier running) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest request = HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(10)).GET().build();
            while (System.nanoTime() < deadline && running.getAsBoolean()) {
                try {
                    return Optional.of(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (IOException e) {
                    Thread.sleep(RETRY_MS);   // not listening yet
                }
            }
        }
        return Optional.empty();
    }
}
