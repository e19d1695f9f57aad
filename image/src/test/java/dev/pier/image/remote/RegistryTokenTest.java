package dev.pier.image.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.ref.Reference;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.store.OciLayout;
import dev.pier.image.transport.CopyOptions;
import dev.pier.image.transport.CopyResult;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token flow: challenge, token endpoint with Basic credentials, scopes, cache; a mount across repositories. */
class RegistryTokenTest {
    static final Credentials USER = new Credentials("tokenuser", "tokenpass");
    @TempDir
    static Path shared;
    static TokenServer tokens;
    static RegistryServer registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        tokens = TokenServer.start(shared, USER);
        registry = RegistryServer.start(shared, RegistryServer.Config.plain().withToken(new RegistryServer.Token(
                tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.rootCertBundle())));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    RegistryOptions options() {
        return RegistryOptions.defaults().withTlsVerify(false).withAuthFile(tmp.resolve("none.json")).withMaxAttempts(2);
    }

    @Test
    void pushAndPullWithTokensFetchedOncePerScope() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(tmp.resolve("src"));
        RawManifest m = RegistryFixtures.taggedImage(layout, "v1", "token", 100_000);
        String ref = "docker://" + registry.host() + "/pier/token:v1";
        int before = tokens.issued.get();

        RegistryTransportTest.copy("oci:" + layout.dir() + ":v1", ref, CopyOptions.defaults(), options().withCreds(USER));
        // pushing 3 blobs and a manifest takes one token for pull,push on the repository
        assertThat(tokens.issued.get() - before).isLessThanOrEqualTo(2);

        CopyResult mounted = RegistryTransportTest.copy(ref, "docker://" + registry.host() + "/pier/token-copy:v1",
                CopyOptions.defaults(), options().withCreds(USER));
        assertThat(mounted.blobsSkipped()).isEqualTo(3);

        try (RegistrySource src = new RegistrySource(Reference.parse(registry.host() + "/pier/token-copy:v1"), options().withCreds(USER))) {
            assertThat(src.manifest().digest()).isEqualTo(m.digest());
        }
    }

    @Test
    void anonymousIsRefusedWithAMessageNamingTheTokenService() {
        try (RegistrySource src = new RegistrySource(Reference.parse(registry.host() + "/pier/token:v1"), options())) {
            assertThatThrownBy(src::manifest).isInstanceOf(RegistryException.class)
                    .hasMessageContaining(tokens.realm())
                    .hasMessageContaining("pier login");
        }
    }
}
