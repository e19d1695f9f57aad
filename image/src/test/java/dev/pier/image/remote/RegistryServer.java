package dev.pier.image.remote;

import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CNCF distribution registry ({@code docker-registry serve}) on a free 127.0.0.1 port, with its
 * storage and configuration (written here) in a temporary directory; stopped by {@link #close()}.
 */
public final class RegistryServer implements AutoCloseable {
    /** What the registry's configuration adds: the {@code http.tls} and {@code auth} sections. */
    public record Config(Path certificate, Path key, Path htpasswd, Token token) {
        public static Config plain() {
            return new Config(null, null, null, null);
        }

        public Config withTls(Path cert, Path k) {
            return new Config(cert, k, htpasswd, token);
        }

        public Config withHtpasswd(Path file) {
            return new Config(certificate, key, file, token);
        }

        Config withToken(Token t) {
            return new Config(certificate, key, htpasswd, t);
        }
    }

    /** Token authentication: the realm URL, service and issuer names, and the CA bundle that signs tokens. */
    public record Token(String realm, String service, String issuer, Path rootCertBundle) {}

    private final Process process;
    private final int port;
    private final Path dir;

    private RegistryServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RegistryServer start(Path dir, Config config) throws IOException {
        Path binary = Peers.require("docker-registry");
        int port = freePort();
        Path storage = Files.createDirectories(dir.resolve("storage"));
        StringBuilder yaml = new StringBuilder()
                .append("version: 0.1\n")
                .append("log:\n  level: warn\n  accesslog:\n    disabled: true\n")
                .append("storage:\n  filesystem:\n    rootdirectory: ").append(storage).append('\n')
                .append("  delete:\n    enabled: true\n")
                .append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        if (config.certificate() != null) {
            yaml.append("  tls:\n    certificate: ").append(config.certificate()).append("\n    key: ").append(config.key()).append('\n');
        }
        if (config.htpasswd() != null) {
            yaml.append("auth:\n  htpasswd:\n    realm: pier-test\n    path: ").append(config.htpasswd()).append('\n');
        } else if (config.token() != null) {
            Token t = config.token();
            yaml.append("auth:\n  token:\n    realm: ").append(t.realm()).append("\n    service: ").append(t.service())
                    .append("\n    issuer: ").append(t.issuer()).append("\n    rootcertbundle: ").append(t.rootCertBundle()).append('\n');
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, yaml);
        Path log = dir.resolve("registry.log");
        Process p = new ProcessBuilder(binary.toString(), "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RegistryServer server = new RegistryServer(p, port, dir);
        server.awaitListening(log);
        return server;
    }

    /** {@code 127.0.0.1:PORT}, the registry part of references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public Path storage() {
        return dir.resolve("storage");
    }

    private void awaitListening(Path log) throws IOException {
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("docker-registry does not listen on " + port + ": " + Files.readString(log));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
