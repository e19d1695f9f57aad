package dev.pier.registry.auth;

import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The P-256 key pair that signs and verifies tokens, kept in one PEM file with a
 * {@code PRIVATE KEY} (PKCS#8) block and a {@code PUBLIC KEY} block. {@link #loadOrCreate}
 * generates it at first start (mode 0600). A file with only a public key verifies tokens an
 * outside issuer signed, and issues none. To make one with openssl:
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem && openssl pkey -in k.pem -pubout >> k.pem}.
 *
 * @param privateKey the signing key, or null when this registry only verifies
 * @param publicKey the verification key
 */
public record TokenKeys(PrivateKey privateKey, PublicKey publicKey) {

    /** Reads {@code file}, or creates it with a new key pair if it does not exist. */
    public static TokenKeys loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return load(file);
        } catch (IOException e) {
            throw new PierException("cannot read or create the token key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a PEM file with a public key and, optionally, its private key. */
    public static TokenKeys load(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            byte[] priv = block(pem, "PRIVATE KEY");
            byte[] pub = block(pem, "PUBLIC KEY");
            if (pub == null) {
                throw new PierException(file + ": no PUBLIC KEY block; append it with: openssl pkey -in " + file + " -pubout >> " + file);
            }
            return new TokenKeys(priv == null ? null : ec.generatePrivate(new PKCS8EncodedKeySpec(priv)),
                    ec.generatePublic(new X509EncodedKeySpec(pub)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PierException(file + ": not a P-256 EC key in PEM: " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            pair = gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PierException("cannot generate a P-256 key: " + e.getMessage(), e);
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        String pem = "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n"
                + "-----BEGIN PUBLIC KEY-----\n" + b64.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".token-key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] block(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int start = pem.indexOf(begin);
        if (start < 0) {
            return null;
        }
        int end = pem.indexOf("-----END " + label + "-----", start);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated " + label + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
    }
}
