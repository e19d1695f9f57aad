package dev.pier.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import dev.pier.image.ref.Reference;
import dev.pier.image.remote.Credentials;
import dev.pier.image.remote.RegistrySource;
import dev.pier.registry.auth.AccessRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Google's Jib (jib-core) pushes an image to Pier's registry through the token protocol; Pier's client reads it back. */
class JibInteropTest {
    static final Credentials JIB = new Credentials("jib", "jib-pass");
    /** Jib sends credentials over plain HTTP only when this property says so; the registry is on 127.0.0.1. */
    static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";
    @TempDir
    Path tmp;
    private RegistryServer server;
    private String previous;

    @BeforeEach
    void start() throws Exception {
        AuthConfig auth = new AuthConfig(AuthTesting.htpasswd(tmp, JIB), null, false,
                List.of(new AccessRule("jib", "jib/*", List.of("pull", "push"))), new AuthConfig.Token(null, null, null, null, null));
        server = RegistryServer.start(RegistryConfig.empty().withAddr("127.0.0.1:0").withAuth(auth), tmp.resolve("registry"), null);
        previous = System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
    }

    @AfterEach
    void stop() throws Exception {
        if (previous == null) {
            System.clearProperty(SEND_CREDENTIALS_OVER_HTTP);
        } else {
            System.setProperty(SEND_CREDENTIALS_OVER_HTTP, previous);
        }
        server.close();
    }

    @Test
    void jibPushesAnImageThatPierReadsBack() throws Exception {
        Path file = Files.writeString(tmp.resolve("hello.txt"), "hello from jib\n");
        String image = "127.0.0.1:" + server.port() + "/jib/app:v1";
        JibContainer pushed = Jib.fromScratch()
                .addLayer(List.of(file), AbsoluteUnixPath.get("/app"))
                .setEntrypoint("/app/hello.txt")
                .containerize(Containerizer.to(RegistryImage.named(image).addCredential(JIB.username(), JIB.password()))
                        .setAllowInsecureRegistries(true)
                        .setBaseImageLayersCache(tmp.resolve("jib-cache/base"))
                        .setApplicationLayersCache(tmp.resolve("jib-cache/app")));
        try (RegistrySource src = new RegistrySource(Reference.parse(image), AuthTesting.client(tmp, JIB))) {
            assertThat(src.manifest().digest().toString()).isEqualTo(pushed.getDigest().toString());
        }
    }
}
