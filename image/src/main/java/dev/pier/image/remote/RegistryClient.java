package dev.pier.image.remote;

import dev.pier.image.remote.http.HttpTransport;
import dev.pier.image.remote.http.RequestBody;
import dev.pier.image.remote.http.Response;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLException;

/**
 * The HTTP side of one registry (Docker Registry HTTP API v2 / OCI distribution-spec v1.1): finds
 * the scheme by pinging {@code /v2/} (HTTPS, or plain HTTP only when TLS verification is off),
 * authenticates each request for its scopes, and retries with exponential backoff on 429, 5xx and
 * dropped connections. Thread-safe.
 */
public final class RegistryClient implements Closeable {
    /** How long the registry may stay silent during a request (not the whole transfer's length). */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
    /** The largest answer read whole: a manifest or JSON document, or an error's body. */
    private static final int MAX_BYTES_RESPONSE = dev.pier.image.spec.Json.MAX_DOCUMENT_BYTES;
    private final String registry;
    private final String host;
    private final boolean tlsVerify;
    private final int maxAttempts;
    private final HttpTransport http;
    private final RegistryAuth auth;
    private volatile URI base;
    /** The {@code /v2/} check under way or done, shared by every caller of {@link #base()}; null before the first. */
    private FutureTask<URI> ping;

    /**
     * @param registry the registry as references name it, e.g. {@code docker.io} or {@code 127.0.0.1:5000}
     */
    public RegistryClient(String registry, RegistryOptions options) {
        this.registry = registry;
        RegistriesConf conf = RegistriesConf.load(options);
        this.host = conf.endpoint(registry);
        this.tlsVerify = options.tlsVerify().orElseGet(() -> !conf.insecure(registry));
        this.maxAttempts = options.maxAttempts();
        boolean verify = tlsVerify;
        this.http = new HttpTransport(() -> verify
                ? TlsContexts.verifying(options.certDir().map(List::of).orElseGet(() -> TlsContexts.defaultCertDirs(registry)))
                : TlsContexts.trustingAll(), Duration.ofSeconds(30));
        Optional<Credentials> given = options.creds();
        this.auth = new RegistryAuth(registry, () -> given.isPresent() ? given : AuthFile.lookup(registry, options.authFile()), http);
    }

    /** The registry's name as references spell it. */
    public String registry() {
        return registry;
    }

    /**
     * Sends a request, authenticated and retried; the caller checks the status and reads or closes
     * the body.
     */
    public Response send(RegistryRequest request) throws IOException {
        URI root = base();
        boolean reauthenticated = false;
        for (int attempt = 1; ; attempt++) {
            Map<String, String> headers = new LinkedHashMap<>(request.headers());
            auth.header(request.scopes()).ifPresent(h -> headers.put("Authorization", h));
            Response response;
            try {
                response = http.send(request.method(), resolve(root, request.target()), headers, request.body(), READ_TIMEOUT);
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
                    response.discard();
                    auth.challenged(c.get());
                    auth.invalidate(request.scopes());
                    reauthenticated = true;
                    attempt--;
                    continue;
                }
            }
            if ((status == 429 || status >= 500) && request.replayable() && attempt < maxAttempts) {
                response.discard();
                backoff(attempt, response.headers().firstValue("Retry-After"));
                continue;
            }
            return response;
        }
    }

    /** {@link #send} with the answer in memory (for small answers: manifests, JSON, errors). */
    public BytesResponse sendForBytes(RegistryRequest request) throws IOException {
        Response r = send(request);
        byte[] body;
        try {
            body = r.readBody(MAX_BYTES_RESPONSE);
        } catch (IOException e) {
            throw new RegistryException(0, registry + ": " + request.method() + " " + request.target() + ": " + e.getMessage(), e);
        }
        return new BytesResponse(r.statusCode(), r.headers(), body);
    }

    /** Checks that the registry accepts the credentials (an authenticated {@code GET /v2/}), as login does. */
    public void checkCredentials() throws IOException {
        BytesResponse r = sendForBytes(RegistryRequest.get("/v2/", List.of()));
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

    /**
     * Starts {@link #base()}'s check of the registry on a thread of its own, so that it overlaps
     * what the caller does meanwhile (reading the other side of a copy, whose first JSON costs a
     * fresh JVM tens of milliseconds); the first request then finds it done, or waits for it. A
     * platform daemon thread: it never holds the process open, and no virtual-thread poller starts.
     */
    public void pingAhead() {
        FutureTask<URI> task = pingTask();
        Thread.ofPlatform().daemon().name("registry-ping").start(task);
    }

    /** Checks the registry answers {@code /v2/} and learns how it authenticates. */
    public URI base() throws IOException {
        URI b = base;
        if (b != null) {
            return b;
        }
        FutureTask<URI> task = pingTask();
        task.run(); // returns at once when another thread runs or ran it
        try {
            base = task.get();
            return base;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            synchronized (this) {
                if (ping == task) {
                    ping = null; // reported once; a later request checks again
                }
            }
            throw failure(e);
        }
    }

    /**
     * The failure of a request run on another thread, to be thrown as it would have been on the
     * caller's: requests throw I/O and registry errors; anything else is a bug, passed on as it is.
     */
    static IOException failure(ExecutionException e) {
        switch (e.getCause()) {
            case IOException io -> {
                return io;
            }
            case RuntimeException r -> throw r;
            case Error err -> throw err;
            default -> {
                return new IOException(e.getCause());
            }
        }
    }

    private synchronized FutureTask<URI> pingTask() {
        if (ping == null) {
            ping = new FutureTask<>(this::ping);
        }
        return ping;
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
                Response r = http.send("GET", root.resolve("/v2/"), Map.of(), RequestBody.EMPTY, timeout);
                r.discard();
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
            } catch (IOException e) {
                last = e;
                if (attempt < attempts) {
                    backoff(attempt, Optional.empty());
                }
            }
        }
        throw new RegistryException(0, registry + ": the registry does not answer at " + root + ": " + last, last);
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
    }
}
