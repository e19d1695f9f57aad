package dev.pier.image.remote;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;

/**
 * The HTTP side of one registry (Docker Registry HTTP API v2 / OCI distribution-spec v1.1): finds
 * the scheme by pinging {@code /v2/} (HTTPS, or plain HTTP only when TLS verification is off),
 * authenticates each request for its scopes, and retries with exponential backoff on 429, 5xx and
 * dropped connections. Thread-safe; requests run on virtual threads.
 */
public final class RegistryClient implements Closeable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);

    static {
        // The JDK client reads bodies in 16 KiB buffers by default; layers of tens of megabytes
        // move with a quarter less CPU in 256 KiB ones (measured on pulls). Read once, when the
        // JDK's client first loads, so it applies unless the user set it.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", String.valueOf(256 * 1024));
        }
    }
    private final String registry;
    private final String host;
    private final boolean tlsVerify;
    private final int maxAttempts;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final RegistryAuth auth;
    private volatile URI base;

    /**
     * @param registry the registry as references name it, e.g. {@code docker.io} or {@code 127.0.0.1:5000}
     */
    public RegistryClient(String registry, RegistryOptions options) {
        this.registry = registry;
        RegistriesConf conf = RegistriesConf.load(options);
        this.host = conf.endpoint(registry);
        this.tlsVerify = options.tlsVerify().orElseGet(() -> !conf.insecure(registry));
        this.maxAttempts = options.maxAttempts();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .sslContext(tlsVerify
                        ? TlsContexts.verifying(options.certDir().map(List::of).orElseGet(() -> TlsContexts.defaultCertDirs(registry)))
                        : TlsContexts.trustingAll())
                .build();
        Optional<Credentials> given = options.creds();
        this.auth = new RegistryAuth(registry, () -> given.isPresent() ? given : AuthFile.lookup(registry, options.authFile()), http);
    }

    /** The registry's name as references spell it. */
    public String registry() {
        return registry;
    }

    /** Sends a request, authenticated and retried; the caller checks the status. */
    public <T> HttpResponse<T> send(RegistryRequest request, BodyHandler<T> handler) throws IOException {
        URI root = base();
        boolean reauthenticated = false;
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(resolve(root, request.target()))
                    .timeout(REQUEST_TIMEOUT)
                    .method(request.method(), request.body().get());
            request.headers().forEach(b::header);
            auth.header(request.scopes()).ifPresent(h -> b.header("Authorization", h));
            HttpResponse<T> response;
            try {
                response = http.send(b.build(), handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (IOException e) {
                if (!request.replayable() || attempt >= maxAttempts) {
                    throw new RegistryException(0, registry + ": " + request.method() + " " + request.target()
                            + " failed after " + attempt + " attempt(s): " + e, e);
                }
                backoff(attempt, Optional.empty());
                continue;
            }
            int status = response.statusCode();
            if (status == 401 && !reauthenticated && request.replayable()) {
                Optional<Challenge> c = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
                if (c.isPresent()) {
                    discard(response);
                    auth.challenged(c.get());
                    auth.invalidate(request.scopes());
                    reauthenticated = true;
                    attempt--;
                    continue;
                }
            }
            if ((status == 429 || status >= 500) && request.replayable() && attempt < maxAttempts) {
                discard(response);
                backoff(attempt, response.headers().firstValue("Retry-After"));
                continue;
            }
            return response;
        }
    }

    /** {@link #send} with the answer in memory (for small answers: manifests, JSON). */
    public HttpResponse<byte[]> sendForBytes(RegistryRequest request) throws IOException {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Checks that the registry accepts the credentials (an authenticated {@code GET /v2/}), as login does. */
    public void checkCredentials() throws IOException {
        HttpResponse<byte[]> r = sendForBytes(RegistryRequest.get("/v2/", List.of()));
        if (r.statusCode() != 200) {
            throw new RegistryException(r.statusCode(), registry + ": login refused (HTTP " + r.statusCode()
                    + "); check the user name and password");
        }
    }

    /** Resolves a target, path or absolute URL (as in a {@code Location} header), against the registry. */
    public URI resolve(String target) throws IOException {
        return resolve(base(), target);
    }

    private static URI resolve(URI root, String target) {
        return root.resolve(target);
    }

    /** Checks the registry answers {@code /v2/} and learns how it authenticates. */
    public URI base() throws IOException {
        URI b = base;
        if (b != null) {
            return b;
        }
        synchronized (this) {
            if (base == null) {
                base = ping();
            }
            return base;
        }
    }

    private URI ping() throws IOException {
        URI https = URI.create("https://" + host + "/");
        if (!tlsVerify) {
            // Insecure registries (--tls-verify=false) speak HTTPS or plain HTTP. A TLS handshake
            // costs a cold JVM far more than a plain request, so plain HTTP is asked first: an
            // HTTPS server refuses it at once, and this ping carries no credentials.
            try {
                return ping(URI.create("http://" + host + "/"), 1, Duration.ofSeconds(10));
            } catch (IOException | RegistryException e) {
                return ping(https, maxAttempts, Duration.ofMinutes(1));
            }
        }
        try {
            return ping(https, maxAttempts, Duration.ofMinutes(1));
        } catch (SSLException e) {
            throw new RegistryException(0, registry + ": TLS failed: " + e.getMessage()
                    + "; trust its CA (--cert-dir) or pass --tls-verify=false for a registry without TLS", e);
        }
    }

    private URI ping(URI root, int attempts, Duration timeout) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(root.resolve("/v2/")).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 401) {
                    Challenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null)).ifPresent(auth::challenged);
                } else if ((r.statusCode() == 429 || r.statusCode() >= 500) && attempt < attempts) {
                    backoff(attempt, r.headers().firstValue("Retry-After"));
                    continue;
                } else if (r.statusCode() != 200) {
                    throw new RegistryException(r.statusCode(), registry + ": " + root + "v2/ answered HTTP "
                            + r.statusCode() + "; is this a container registry?");
                }
                return root;
            } catch (SSLException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (IOException e) {
                last = e;
                if (attempt < attempts) {
                    backoff(attempt, Optional.empty());
                }
            }
        }
        throw new RegistryException(0, registry + ": the registry does not answer at " + root + ": " + last, last);
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped; nothing else to do
            }
        }
    }

    private static void backoff(int attempt, Optional<String> retryAfter) throws IOException {
        long millis = Math.min(8000, 250L << Math.min(attempt - 1, 10));
        if (retryAfter.isPresent()) {
            try {
                millis = Math.min(30_000, Math.max(millis, Long.parseLong(retryAfter.get().trim()) * 1000));
            } catch (NumberFormatException ignored) {
                // an HTTP date: keep the computed backoff
            }
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }
}
