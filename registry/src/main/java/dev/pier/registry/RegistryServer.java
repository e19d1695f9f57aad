package dev.pier.registry;

import dev.pier.image.PierException;
import dev.pier.registry.storage.FilesystemStorage;
import dev.pier.registry.storage.RegistryStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The registry as a running HTTP server: Jetty with core handlers on virtual threads, the
 * filesystem storage, periodic upload expiry and (if configured) online garbage collection.
 * {@link #close()} stops accepting, lets requests in flight finish, then stops.
 */
public final class RegistryServer implements AutoCloseable {
    /** Held so the level sticks: Jetty's INFO lines (versions, connectors) are noise on a command line. */
    private static final java.util.logging.Logger JETTY_LOG = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    static {
        JETTY_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final Server server;
    private final ServerConnector connector;
    private final Registry registry;
    private final boolean tls;
    private final ScheduledExecutorService maintenance;

    private RegistryServer(Server server, ServerConnector connector, Registry registry, boolean tls, ScheduledExecutorService maintenance) {
        this.server = server;
        this.connector = connector;
        this.registry = registry;
        this.tls = tls;
        this.maintenance = maintenance;
    }

    /** Starts a server for {@code config}; {@code defaultRoot} is used if the configuration names no storage root. */
    public static RegistryServer start(RegistryConfig config, Path defaultRoot, PrintStream accessLog) throws Exception {
        RegistryOptions options = config.options();
        RegistryStorage storage = new FilesystemStorage(config.root(defaultRoot), options.uploadExpiry());
        try {
            return start(config, new Registry(storage, options), accessLog);
        } catch (Exception | Error e) {
            storage.close();
            throw e;
        }
    }

    public static RegistryServer start(RegistryConfig config, Registry registry, PrintStream accessLog) throws Exception {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("pier-registry");
        // Pooled buffers up to a blob window (Jetty's default stops at 64 KiB, so larger ones were
        // allocated and dropped per use); what the pool keeps idle is capped so memory falls after a burst.
        var buffers = new ArrayByteBufferPool(0, 4096, FileBody.WINDOW, -1, 4L << 20, 16L << 20);
        Server server = new Server(threads, null, buffers);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setRequestHeaderSize(16 * 1024);
        boolean tls = config.tls() != null && config.tls().cert() != null;
        ServerConnector connector;
        if (tls) {
            if (config.tls().key() == null) {
                throw new PierException("TLS needs both a certificate and a key");
            }
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(Pem.keyStore(config.tls().cert(), config.tls().key()));
            ssl.setKeyStorePassword(new String(Pem.PASSWORD));
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        InetSocketAddress addr = parseAddr(config.effectiveAddr());
        connector.setHost(addr.getHostString());
        connector.setPort(addr.getPort());
        connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        server.addConnector(connector);
        Path storageRoot = registry.storage() instanceof FilesystemStorage fs ? fs.root() : null;
        AuthSetup auth = AuthSetup.of(config.auth(), storageRoot);
        server.setHandler(new GracefulHandler(new OpsHandler(registry, auth.wrap(new RegistryHandler(registry, auth.access())))));
        server.setRequestLog(new AccessLog(registry.metrics(), config.accessLog() ? accessLog : null));
        server.setStopTimeout(Duration.ofSeconds(30).toMillis());
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (IOException e) {
            server.stop();
            throw new PierException("cannot listen on " + config.effectiveAddr() + ": " + e.getMessage(), e);
        }
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("pier-registry-maintenance").factory());
        RegistryOptions options = registry.options();
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                registry.storage().expireUploads(Instant.now().minus(options.uploadExpiry()));
            } catch (IOException | RuntimeException e) {
                System.getLogger(RegistryServer.class.getName()).log(System.Logger.Level.WARNING, "upload expiry failed", e);
            }
        }, 0, Math.max(1, Math.min(options.uploadExpiry().toSeconds() / 4, 3600)), TimeUnit.SECONDS);
        Duration gc = config.gcInterval();
        if (!gc.isZero() && !options.readOnly()) {
            maintenance.scheduleWithFixedDelay(() -> {
                try {
                    new GarbageCollector(registry).collect(config.gcDryRun());
                } catch (IOException | RuntimeException e) {
                    System.getLogger(RegistryServer.class.getName()).log(System.Logger.Level.WARNING, "garbage collection failed", e);
                }
            }, gc.toSeconds(), gc.toSeconds(), TimeUnit.SECONDS);
        }
        return new RegistryServer(server, connector, registry, tls, maintenance);
    }

    static InetSocketAddress parseAddr(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon < 0) {
            throw new PierException("invalid address \"" + addr + "\": expected HOST:PORT, e.g. 127.0.0.1:5000");
        }
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(addr.substring(colon + 1));
            return InetSocketAddress.createUnresolved(host.isEmpty() ? "0.0.0.0" : host, port);
        } catch (NumberFormatException e) {
            throw new PierException("invalid port in \"" + addr + "\"");
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} (or https) as clients reach it. */
    public URI baseUri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port());
    }

    public Registry registry() {
        return registry;
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        maintenance.shutdownNow();
        server.stop();
        registry.storage().close();
    }
}
