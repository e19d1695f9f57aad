package dev.pier.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.pier.image.PierException;
import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** htpasswd files: bcrypt in its three spellings, refusal of other schemes, reload on change. */
class HtpasswdTest {
    @TempDir
    Path tmp;

    @Test
    void acceptsWhatHtpasswdBWrites() throws Exception {
        Path htpasswd = Peers.require("htpasswd", "apache2-utils");
        Path file = tmp.resolve("htpasswd");
        Exec.of(htpasswd, "-Bbc", file.toString(), "alice", "wonder land").check();
        Exec.of(htpasswd, "-Bb", file.toString(), "bob", "p:ss").check();
        assertThat(Files.readString(file)).contains("alice:$2y$");
        Htpasswd users = Htpasswd.load(file);
        assertThat(users.users()).containsExactly("alice", "bob");
        assertThat(users.authenticate("alice", "wonder land")).isTrue();
        assertThat(users.authenticate("bob", "p:ss")).isTrue();
        assertThat(users.authenticate("alice", "wonderland")).isFalse();
        assertThat(users.authenticate("carol", "wonder land")).isFalse();
    }

    @Test
    void acceptsTwoAAndTwoB() throws Exception {
        String a = BCrypt.with(BCrypt.Version.VERSION_2A).hashToString(4, "one".toCharArray());
        String b = BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(4, "two".toCharArray());
        assertThat(a).startsWith("$2a$");
        assertThat(b).startsWith("$2b$");
        Path file = Files.writeString(tmp.resolve("htpasswd"), "# users\nu1:" + a + "\n\nu2:" + b + "\n");
        Htpasswd users = Htpasswd.load(file);
        assertThat(users.authenticate("u1", "one")).isTrue();
        assertThat(users.authenticate("u2", "two")).isTrue();
        assertThat(users.authenticate("u2", "one")).isFalse();
    }

    @Test
    void refusesOtherSchemesNamingTheLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("htpasswd"), "u1:$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW\nu2:$apr1$abc$def\n");
        assertThatThrownBy(() -> Htpasswd.load(file)).isInstanceOf(PierException.class)
                .hasMessageContaining("line 2").hasMessageContaining("htpasswd -B");
        assertThatThrownBy(() -> Htpasswd.load(tmp.resolve("missing"))).isInstanceOf(PierException.class)
                .hasMessageContaining("cannot read htpasswd file");
    }

    @Test
    void readsTheFileAgainWhenItChanges() throws Exception {
        Path file = tmp.resolve("htpasswd");
        Files.writeString(file, "u1:" + BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "one".toCharArray()) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        Htpasswd users = Htpasswd.load(file);
        assertThat(users.authenticate("u2", "two")).isFalse();
        Files.writeString(file, "u2:" + BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "two".toCharArray()) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));
        assertThat(users.authenticate("u2", "two")).isTrue();
        assertThat(users.authenticate("u1", "one")).isFalse();
    }
}
