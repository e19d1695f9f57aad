package dev.pier.image.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** OpenSSL's SHA-2, as Pier uses it, gives the JDK's results for every way of feeding it. */
class OpenSslDigestTest {

    @Test
    void libcryptoIsUsedOnThisMachine() {
        // Debian always has libcrypto (apt and openssh depend on it); if it is gone, hashing is slow, not wrong.
        assertThat(OpenSslDigest.create(DigestAlgorithm.SHA256)).isPresent();
        assertThat(DigestAlgorithm.SHA256.newMessageDigest()).isInstanceOf(OpenSslDigest.class);
    }

    @Test
    void smallDocumentsAreHashedByTheJdkLargeOrUnknownOnesByLibcrypto() {
        assertThat(DigestAlgorithm.SHA256.newMessageDigest(4096)).isNotInstanceOf(OpenSslDigest.class);
        assertThat(DigestAlgorithm.SHA256.newMessageDigest(8L << 20)).isInstanceOf(OpenSslDigest.class);
        assertThat(DigestAlgorithm.SHA256.newMessageDigest(-1)).isInstanceOf(OpenSslDigest.class);
        byte[] doc = new byte[4096];
        new Random(3).nextBytes(doc);
        assertThat(DigestAlgorithm.SHA256.newMessageDigest(doc.length).digest(doc))
                .isEqualTo(DigestAlgorithm.SHA256.newMessageDigest().digest(doc));
    }

    @ParameterizedTest
    @EnumSource(DigestAlgorithm.class)
    void sameDigestsAsTheJdkWhateverTheSplits(DigestAlgorithm algorithm) throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 4096, 1 << 20}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            MessageDigest jdk = MessageDigest.getInstance(algorithm == DigestAlgorithm.SHA256 ? "SHA-256" : "SHA-512");
            MessageDigest ours = OpenSslDigest.create(algorithm).orElseThrow();
            int at = 0;
            while (at < size) {
                int n = Math.min(size - at, 1 + random.nextInt(300));
                if (n == 1) {
                    ours.update(data[at]);
                } else if (random.nextBoolean()) {
                    ours.update(data, at, n);
                } else {
                    ours.update(ByteBuffer.wrap(data, at, n).asReadOnlyBuffer());
                }
                at += n;
            }
            assertThat(ours.digest()).as("%s of %d bytes", algorithm, size).isEqualTo(jdk.digest(data));
        }
    }

    @Test
    void directBuffersAndResetAfterDigest() {
        MessageDigest ours = OpenSslDigest.create(DigestAlgorithm.SHA256).orElseThrow();
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {'a', 'b', 'c'}).flip();
        ours.update(direct);
        assertThat(direct.remaining()).isZero();
        assertThat(Digest.fromHash(DigestAlgorithm.SHA256, ours.digest()).encoded())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // digest() resets: the next digest is of the empty input
        assertThat(Digest.fromHash(DigestAlgorithm.SHA256, ours.digest()).encoded())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aCloneContinuesIndependently() throws Exception {
        MessageDigest ours = OpenSslDigest.create(DigestAlgorithm.SHA256).orElseThrow();
        ours.update("ab".getBytes());
        MessageDigest copy = (MessageDigest) ours.clone();
        ours.update("c".getBytes());
        copy.update("x".getBytes());
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        assertThat(ours.digest()).isEqualTo(jdk.digest("abc".getBytes()));
        assertThat(copy.digest()).isEqualTo(jdk.digest("abx".getBytes()));
    }
}
