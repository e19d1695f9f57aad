package dev.pier.image.remote;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throw-away CA and a server certificate for 127.0.0.1, made with openssl. */
public final class TestCa {
    private TestCa() {}

    /** The server's certificate and key files. */
    public record Server(Path certificate, Path key) {}

    /** Creates the CA in {@code dir}, writes its certificate to {@code certDir/ca.crt}, and signs a certificate for 127.0.0.1. */
    public static Server create(Path dir, Path certDir) throws IOException {
        Path openssl = Peers.require("openssl");
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca.key");
        Path caCrt = dir.resolve("ca.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path crt = dir.resolve("server.crt");
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Exec.of(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", caCrt.toString(),
                "-subj", "/CN=pier-test-ca", "-days", "2").check();
        Exec.of(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=127.0.0.1").check();
        Exec.of(openssl, "x509", "-req", "-in", csr.toString(), "-CA", caCrt.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", crt.toString(), "-days", "2", "-extfile", ext.toString()).check();
        Files.copy(caCrt, certDir.resolve("ca.crt"));
        return new Server(crt, key);
    }
}
