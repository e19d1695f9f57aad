package dev.pier.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: modes, no overwriting, and one-line refusals of keys Pier cannot use. */
class SignatureKeysTest {
    @TempDir
    Path tmp;

    @Test
    void thePrivateKeyIsOwnerOnlyAndNothingIsOverwritten() throws Exception {
        Path priv = tmp.resolve("k.key");
        Path pub = tmp.resolve("k.pub");
        SignatureKeys.write(SignatureKeys.generate(), priv, pub);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----");
        String before = Files.readString(priv);

        assertThatThrownBy(() -> SignatureKeys.write(SignatureKeys.generate(), priv, tmp.resolve("other.pub")))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(priv)).isEqualTo(before);
        assertThat(tmp.resolve("other.pub")).doesNotExist();
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("k.key", "k.pub");
        }
        // the pair belongs together: what one signs, the other verifies
        var sig = CosignSignature.sign(new SimpleSigningPayload("r", dev.pier.image.digest.Digest.sha256(new byte[1]), null),
                SignatureKeys.readPrivate(priv));
        assertThat(sig.verifiedBy(SignatureKeys.readPublic(pub))).isTrue();
    }

    @Test
    void unusableKeysAreRefusedInOneLine() throws Exception {
        Path cosignEncrypted = Files.writeString(tmp.resolve("cosign.key"),
                "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnt9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SignatureKeys.readPrivate(cosignEncrypted)).isInstanceOf(SignatureException.class)
                .hasMessageContaining("encrypted sigstore private key").hasMessageContaining("cannot decrypt").hasMessageNotContaining("\n");

        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaPub = Files.writeString(tmp.resolve("rsa.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> SignatureKeys.readPublic(rsaPub)).isInstanceOf(SignatureException.class)
                .hasMessageContaining("only ECDSA P-256");

        Path pubAsPrivate = tmp.resolve("p.pub");
        SignatureKeys.write(SignatureKeys.generate(), tmp.resolve("p.key"), pubAsPrivate);
        assertThatThrownBy(() -> SignatureKeys.readPrivate(pubAsPrivate)).hasMessageContaining("not an unencrypted PKCS#8 PRIVATE KEY");
        Path garbage = Files.writeString(tmp.resolve("g"), "hello");
        assertThatThrownBy(() -> SignatureKeys.readPublic(garbage)).hasMessageContaining("not a PEM file");
    }
}
