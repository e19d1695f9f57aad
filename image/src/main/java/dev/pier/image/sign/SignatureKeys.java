package dev.pier.image.sign;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * ECDSA P-256 key pairs, the kind {@code cosign generate-key-pair} makes, in PEM files: the public
 * key as {@code PUBLIC KEY} (SubjectPublicKeyInfo, what {@code cosign verify --key} reads), the
 * private key as unencrypted PKCS#8 {@code PRIVATE KEY} (what {@code openssl genpkey} writes and
 * {@code cosign import-key-pair} imports), readable by its owner only. cosign's own encrypted
 * private key format (scrypt and secretbox) is recognised and refused with a message.
 */
public final class SignatureKeys {
    static final String CURVE = "secp256r1";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final int P256_FIELD_BITS = 256;

    private SignatureKeys() {}

    /** A new P-256 key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(CURVE));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys", e);
        }
    }

    /**
     * Writes the private key to {@code privateFile} (mode 0600 from the start) and the public key to
     * {@code publicFile}. Refuses to replace either file; a file appears whole or not at all.
     */
    public static void write(KeyPair pair, Path privateFile, Path publicFile) throws IOException {
        for (Path p : new Path[] {privateFile, publicFile}) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(p.toString(), null, "a key file is already there; remove it or choose another prefix");
            }
        }
        createNew(privateFile, new Pem(PRIVATE_LABEL, pair.getPrivate().getEncoded()).encode(), "rw-------");
        createNew(publicFile, new Pem(PUBLIC_LABEL, pair.getPublic().getEncoded()).encode(), "rw-r--r--");
    }

    /** Reads a P-256 public key from a PEM {@code PUBLIC KEY} file. */
    public static PublicKey readPublic(Path file) throws IOException {
        Pem pem = Pem.parse(Files.readAllBytes(file), file.toString());
        if (!pem.label().equals(PUBLIC_LABEL)) {
            throw new SignatureException(file + ": a " + pem.label() + " block, not a PUBLIC KEY");
        }
        try {
            return requireP256(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pem.der())), file);
        } catch (GeneralSecurityException e) {
            throw new SignatureException(file + ": not an EC public key (only ECDSA P-256 keys are supported)", e);
        }
    }

    /** Reads a P-256 private key from an unencrypted PKCS#8 PEM {@code PRIVATE KEY} file. */
    public static PrivateKey readPrivate(Path file) throws IOException {
        Pem pem = Pem.parse(Files.readAllBytes(file), file.toString());
        if (pem.label().startsWith("ENCRYPTED")) {
            throw new SignatureException(file + ": an encrypted " + pem.label().substring("ENCRYPTED ".length()).toLowerCase(Locale.ROOT)
                    + ", which Pier cannot decrypt; use a key from pier keygen, or an unencrypted PKCS#8 P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)");
        }
        if (!pem.label().equals(PRIVATE_LABEL)) {
            throw new SignatureException(file + ": a " + pem.label() + " block, not an unencrypted PKCS#8 PRIVATE KEY");
        }
        try {
            return requireP256(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pem.der())), file);
        } catch (GeneralSecurityException e) {
            throw new SignatureException(file + ": not an EC private key (only ECDSA P-256 keys are supported)", e);
        }
    }

    private static <K extends java.security.Key> K requireP256(K key, Path file) {
        if (!(key instanceof ECKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P256_FIELD_BITS) {
            throw new SignatureException(file + ": not a P-256 key (only ECDSA P-256 keys are supported)");
        }
        return key;
    }

    /** Writes a temporary file with the final mode, syncs it, then links it into place, which fails if the name exists. */
    private static void createNew(Path target, String text, String mode) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)))) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
            // the umask may have cleared bits the public key should have; never adds any to the private key
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
            Files.createLink(target, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
