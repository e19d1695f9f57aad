package dev.pier.build.executor;

import static dev.pier.build.executor.BuildFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.pier.image.digest.Digest;
import dev.pier.image.store.LocalStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddInstructionTest {
    @TempDir
    Path tmp;

    @Test
    void addExtractsLocalTarArchives() throws Exception {
        LocalStore store = storeWithBase(tmp);
        Path ctx = context(tmp, "ctx", Map.of("Dockerfile", "FROM busybox:test\nADD files.tar.gz /opt/\nCOPY files.tar.gz /raw/\n"));
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        Files.writeString(src.resolve("f"), "inside");
        new ProcessBuilder("tar", "-czf", ctx.resolve("files.tar.gz").toString(), "-C", tmp.resolve("src").toString(), "d")
                .inheritIO().start().waitFor();
        DockerfileBuilder.build(store, options(ctx, new ArrayList<>()).withTags(List.of("added")));
        Path root = unpack(store, "added", tmp.resolve("out"));
        assertThat(root.resolve("opt/d/f")).hasContent("inside");
        assertThat(root.resolve("raw/files.tar.gz")).isRegularFile();
    }

    @Test
    void addUrlNeedsAndChecksTheChecksum() throws Exception {
        LocalStore store = storeWithBase(tmp);
        byte[] body = "downloaded".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/file.txt", x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/file.txt";
            String sum = Digest.sha256(body).toString();
            Path ok = context(tmp, "ok", Map.of("Dockerfile", "FROM busybox:test\nADD --checksum=" + sum + " " + url + " /dl/\n"));
            DockerfileBuilder.build(store, options(ok, new ArrayList<>()).withTags(List.of("dl")));
            Path root = unpack(store, "dl", tmp.resolve("out"));
            assertThat(root.resolve("dl/file.txt")).hasContent("downloaded");
            assertThat(Files.getAttribute(root.resolve("dl/file.txt"), "unix:mode")).isEqualTo(0100600);

            Path none = context(tmp, "none", Map.of("Dockerfile", "FROM busybox:test\nADD " + url + " /dl/\n"));
            assertThatThrownBy(() -> DockerfileBuilder.build(store, options(none, new ArrayList<>())))
                    .hasMessageContaining("Dockerfile:2: ADD: ").hasMessageContaining("needs --checksum");
            Path bad = context(tmp, "bad", Map.of("Dockerfile", "FROM busybox:test\nADD --checksum="
                    + Digest.sha256(new byte[1]) + " " + url + " /dl/\n"));
            assertThatThrownBy(() -> DockerfileBuilder.build(store, options(bad, new ArrayList<>())))
                    .hasMessageContaining("checksum mismatch");
        } finally {
            server.stop(0);
        }
    }
}
