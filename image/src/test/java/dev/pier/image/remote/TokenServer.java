package dev.pier.image.remote;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token service for distribution's token authentication, on 127.0.0.1: it checks Basic
 * credentials and issues RS256 JWTs (with the signing certificate in {@code x5c}) granting the
 * scopes asked for. The registry trusts the certificate through {@link #rootCertBundle()}.
 */
final class TokenServer implements AutoCloseable {
    static final String SERVICE = "pier-test-registry";
    static final String ISSUER = "pier-test-issuer";
    private final HttpServer server;
    private final PrivateKey key;
    private final X509Certificate cert;
    private final Path bundle;
    private final Credentials accepted;
    final AtomicInteger issued = new AtomicInteger();

    private TokenServer(HttpServer server, PrivateKey key, X509Certificate cert, Path bundle, Credentials accepted) {
        this.server = server;
        this.key = key;
        this.cert = cert;
        this.bundle = bundle;
        this.accepted = accepted;
    }

    static TokenServer start(Path dir, Credentials accepted) throws Exception {
        Path keytool = Peers.require("keytool", "openjdk-17-jre-headless");
        Path store = dir.resolve("token.p12");
        Exec.of(keytool, "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=pier-token",
                "-validity", "2", "-keystore", store.toString(), "-storepass", "changeit", "-storetype", "PKCS12").check();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate("token");
        Path bundle = dir.resolve("token-ca.pem");
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        TokenServer ts = new TokenServer(http, key, cert, bundle, accepted);
        http.createContext("/token", ts::handle);
        http.start();
        return ts;
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    Path rootCertBundle() {
        return bundle;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.equals(accepted.basicHeader())) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            List<String> scopes = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String part : query == null ? new String[0] : query.split("&")) {
                if (part.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8));
                }
            }
            ObjectNode body = Json.mapper().createObjectNode().put("token", jwt(scopes)).put("expires_in", 300);
            byte[] bytes = Json.write(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            issued.incrementAndGet();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private String jwt(List<String> scopes) throws Exception {
        ObjectNode header = Json.mapper().createObjectNode().put("typ", "JWT").put("alg", "RS256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = Json.mapper().createObjectNode().put("iss", ISSUER).put("sub", accepted.username())
                .put("aud", SERVICE).put("exp", now + 300).put("nbf", now - 60).put("iat", now - 60)
                .put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            ObjectNode a = access.addObject().put("type", parts[0]).put("name", parts[1]);
            ArrayNode actions = a.putArray("actions");
            for (String action : parts[2].split(",")) {
                actions.add(action);
            }
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(Json.write(header)) + "." + b64.encodeToString(Json.write(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rsa.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
