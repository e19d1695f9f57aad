package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Challenge parsing, the token cache, resumed downloads, registries.conf and credentials, without a registry. */
class RegistryUnitsTest {

    @Test
    void parsesBearerChallenge() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\"").orElseThrow();
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).contains("https://auth.example/token");
        assertThat(c.param("service")).contains("registry.example");
        assertThat(c.param("scope")).contains("repository:a/b:pull");
        assertThat(Challenge.parse("Basic realm=\"x\"").orElseThrow().scheme()).isEqualTo("basic");
        assertThat(Challenge.parse(null)).isEmpty();
    }

    @Test
    void tokenCacheExpires() {
        Instant[] now = {Instant.parse("2024-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override public Instant instant() {
                return now[0];
            }
        };
        TokenCache cache = new TokenCache(clock);
        cache.put("repository:a:pull", "t1", Duration.ofSeconds(60));
        assertThat(cache.get("repository:a:pull")).contains("t1");
        now[0] = now[0].plusSeconds(55);
        assertThat(cache.get("repository:a:pull")).isEmpty();
    }

    @Test
    void downloadResumesFromTheOffsetReachedAfterBreaks() throws IOException {
        byte[] content = new byte[1_000_000];
        new Random(1).nextBytes(content);
        List<Long> offsets = new ArrayList<>();
        ResumingInputStream in = new ResumingInputStream(offset -> {
            offsets.add(offset);
            // each connection breaks after 300 000 bytes
            return new BreakingStream(new ByteArrayInputStream(content, (int) offset, content.length - (int) offset), 300_000);
        }, content.length, 5);
        assertThat(in.readAllBytes()).isEqualTo(content);
        assertThat(offsets).containsExactly(0L, 300_000L, 600_000L, 900_000L);
    }

    @Test
    void downloadGivesUpAfterMaxAttemptsAndDetectsEarlyEnd() {
        ResumingInputStream in = new ResumingInputStream(offset -> new ByteArrayInputStream(new byte[offset == 0 ? 10 : 0]), 20, 3);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("connection closed");
    }

    @Test
    void readsTheRegistriesConfSubset() {
        RegistriesConf conf = RegistriesConf.parse("""
                # comment
                unqualified-search-registries = ["registry.example", 'quay.io']  # trailing
                short-name-mode = "enforcing"

                [[registry]]
                prefix = "mirror.local:5000"
                location = "127.0.0.1:5001"
                insecure = true

                [[registry.mirror]]
                location = "cache.local"

                [[registry]]
                location = "blocked.example"
                blocked = true

                [aliases]
                "fedora" = "registry.fedoraproject.org/fedora"
                """, "test.conf");
        assertThat(conf.unqualifiedSearch()).containsExactly("registry.example", "quay.io");
        assertThat(conf.endpoint("mirror.local:5000")).isEqualTo("127.0.0.1:5001");
        assertThat(conf.insecure("mirror.local:5000")).isTrue();
        assertThat(conf.entry("mirror.local:5000").orElseThrow().mirrors()).extracting(RegistriesConf.Mirror::location).containsExactly("cache.local");
        assertThat(conf.endpoint("docker.io")).isEqualTo("registry-1.docker.io");
        assertThatThrownBy(() -> conf.endpoint("blocked.example")).isInstanceOf(PierException.class).hasMessageContaining("blocked");
        assertThatThrownBy(() -> RegistriesConf.parse("x = 12", "bad.conf")).isInstanceOf(PierException.class).hasMessageContaining("bad.conf:1");
    }

    @Test
    void credentialsParseAndHideTheSecret() {
        Credentials c = Credentials.parse("user:pa:ss");
        assertThat(c.password()).isEqualTo("pa:ss");
        assertThat(c.toString()).doesNotContain("pa:ss");
        assertThat(Credentials.fromAuthField(c.authField(), "x")).isEqualTo(c);
        assertThatThrownBy(() -> Credentials.parse("nouser")).isInstanceOf(PierException.class);
    }

    /** Delivers {@code limit} bytes, then fails as a dropped connection does. */
    private static final class BreakingStream extends InputStream {
        private final InputStream in;
        private int left;

        BreakingStream(InputStream in, int limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw new IOException("connection reset");
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** A check started ahead that fails reports its error to the first request, and the next one checks again. */
    @Test
    void aFailedPingAheadIsReportedToTheFirstRequestThenRetried() throws Exception {
        // a "registry" that accepts connections and closes them at once: every ping fails
        try (var server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (var ignored = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            var options = RegistryOptions.defaults().withTlsVerify(false).withMaxAttempts(1);
            try (var client = new RegistryClient("127.0.0.1:" + server.getLocalPort(), options)) {
                client.pingAhead();
                // the HTTPS attempt, the last, fails the handshake
                assertThatThrownBy(client::base).isInstanceOf(javax.net.ssl.SSLException.class);
                int first = accepted.get();
                assertThat(first).as("plain HTTP, then HTTPS").isEqualTo(2);
                assertThatThrownBy(client::base).isInstanceOf(javax.net.ssl.SSLException.class);
                assertThat(accepted.get()).as("checked again").isEqualTo(2 * first);
            }
        }
    }
}
