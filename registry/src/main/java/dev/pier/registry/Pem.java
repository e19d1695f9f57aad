package dev.pier.registry;

import dev.pier.image.PierException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** A key store in memory from PEM files: a certificate chain and a PKCS#8 private key (RSA or EC). */
final class Pem {
    static final char[] PASSWORD = "pier".toCharArray();

    private Pem() {}

    static KeyStore keyStore(Path certFile, Path keyFile) throws IOException {
        try {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile))));
            if (chain.isEmpty()) {
                throw new PierException(certFile + ": no certificate");
            }
            String pem = Files.readString(keyFile);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new PierException(keyFile + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt");
            }
            String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(b64);
            PrivateKey key = null;
            for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    break;
                } catch (GeneralSecurityException e) {
                    // try the next algorithm
                }
            }
            if (key == null) {
                throw new PierException(keyFile + ": unsupported private key");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("pier", key, PASSWORD, chain.toArray(Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException e) {
            throw new PierException("cannot load TLS certificate " + certFile + " and key " + keyFile + ": " + e.getMessage(), e);
        }
    }
}
