package dev.pier.image.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {

    static final String HEX = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    static final String SHA = "sha256:" + HEX;
    static final String SHA512 = "sha512:" + HEX + HEX;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            busybox                                  | docker.io/library/busybox:latest
            busybox:1.36                             | docker.io/library/busybox:1.36
            library/debian                           | docker.io/library/debian:latest
            docker/docker                            | docker.io/docker/docker:latest
            user/repo                                | docker.io/user/repo:latest
            docker.io/debian                         | docker.io/library/debian:latest
            docker.io/library/debian                 | docker.io/library/debian:latest
            docker.io/docker/docker                  | docker.io/docker/docker:latest
            index.docker.io/debian                   | docker.io/library/debian:latest
            index.docker.io/library/debian           | docker.io/library/debian:latest
            index.docker.io/docker/docker:v2         | docker.io/docker/docker:v2
            127.0.0.1:5000/docker/docker             | 127.0.0.1:5000/docker/docker:latest
            127.0.0.1:5000/debian                    | 127.0.0.1:5000/debian:latest
            192.168.0.1                              | docker.io/library/192.168.0.1:latest
            192.168.0.1:80                           | docker.io/library/192.168.0.1:80
            192.168.0.1:8/debian                     | 192.168.0.1:8/debian:latest
            localhost/x                              | localhost/x:latest
            localhost:5000/ns/name:tag               | localhost:5000/ns/name:tag
            localhost                                | docker.io/library/localhost:latest
            localhost:5000                           | docker.io/library/localhost:5000
            example.com/a/b/c/d:1.0                  | example.com/a/b/c/d:1.0
            registry:5000/app                        | registry:5000/app:latest
            [fc00::1]:5000/docker/docker             | [fc00::1]:5000/docker/docker:latest
            [::1]/foo:bar                            | [::1]/foo:bar
            Foo/bar                                  | Foo/bar:latest
            xn--n3h.com/myimage:xn--n3h.com          | xn--n3h.com/myimage:xn--n3h.com
            b.gcr.io/test.example.com/my-app:test.example.com | b.gcr.io/test.example.com/my-app:test.example.com
            foo/foo_bar.com:8080                     | docker.io/foo/foo_bar.com:8080
            foo_bar.com:8080                         | docker.io/library/foo_bar.com:8080
            a__b/c.d/e-f/g---h/i_j                   | docker.io/a__b/c.d/e-f/g---h/i_j:latest
            lowercase:Uppercase                      | docker.io/library/lowercase:Uppercase
            busybox:_x                               | docker.io/library/busybox:_x
            thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev | docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest
            docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest
            """)
    void normalizes(String input, String expected) {
        Reference ref = Reference.parse(input);
        assertThat(ref.toString()).isEqualTo(expected);
        assertThat(Reference.parse(ref.toString())).isEqualTo(ref);
        assertThat(Reference.parse(ref.familiarName())).isEqualTo(ref);
    }

    @Test
    void partsOfAnOfficialImage() {
        Reference ref = Reference.parse("busybox");
        assertThat(ref.domain()).isEqualTo("docker.io");
        assertThat(ref.path()).isEqualTo("library/busybox");
        assertThat(ref.repository()).isEqualTo("docker.io/library/busybox");
        assertThat(ref.tag()).contains("latest");
        assertThat(ref.digest()).isEmpty();
        assertThat(ref.familiarName()).isEqualTo("busybox:latest");
        assertThat(ref.familiarRepository()).isEqualTo("busybox");
        assertThat(ref.manifestReference()).isEqualTo("latest");
    }

    @Test
    void partsOfARegistryImageWithPort() {
        Reference ref = Reference.parse("host.example:5000/ns/name:tag");
        assertThat(ref.domain()).isEqualTo("host.example:5000");
        assertThat(ref.path()).isEqualTo("ns/name");
        assertThat(ref.repository()).isEqualTo("host.example:5000/ns/name");
        assertThat(ref.tag()).contains("tag");
        assertThat(ref.familiarName()).isEqualTo("host.example:5000/ns/name:tag");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            busybox                        | busybox:latest
            docker.io/library/busybox:1    | busybox:1
            user/repo                      | user/repo:latest
            docker.io/library/a/b          | library/a/b:latest
            localhost/x                    | localhost/x:latest
            quay.io/library/x              | quay.io/library/x:latest
            """)
    void familiarName(String input, String familiar) {
        assertThat(Reference.parse(input).familiarName()).isEqualTo(familiar);
    }

    @Test
    void digestOnlyHasNoTag() {
        Reference ref = Reference.parse("busybox@" + SHA);
        assertThat(ref.tag()).isEmpty();
        assertThat(ref.digest()).contains(Digest.parse(SHA));
        assertThat(ref.toString()).isEqualTo("docker.io/library/busybox@" + SHA);
        assertThat(ref.familiarName()).isEqualTo("busybox@" + SHA);
        assertThat(ref.manifestReference()).isEqualTo(SHA);
    }

    @Test
    void tagAndDigestAreBothKept() {
        Reference ref = Reference.parse("localhost:5000/app:1.0@" + SHA);
        assertThat(ref.tag()).contains("1.0");
        assertThat(ref.digest()).contains(Digest.parse(SHA));
        assertThat(ref.toString()).isEqualTo("localhost:5000/app:1.0@" + SHA);
        assertThat(ref.manifestReference()).isEqualTo(SHA);
    }

    @Test
    void sha512Digest() {
        assertThat(Reference.parse("x@" + SHA512).digest()).contains(Digest.parse(SHA512));
    }

    @Test
    void tagOf128CharactersIsTheLongest() {
        String tag = "t".repeat(128);
        assertThat(Reference.parse("busybox:" + tag).tag()).contains(tag);
        assertThatThrownBy(() -> Reference.parse("busybox:" + tag + "t"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("longer than 128");
    }

    @Test
    void nameOf255CharactersIsTheLongest() {
        String host = "r.io/";
        String longest = host + "a".repeat(255 - host.length());
        assertThat(Reference.parse(longest).repository()).hasSize(255);
        assertThatThrownBy(() -> Reference.parse(longest + "a"))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("256 characters long, more than 255");
        // the length counts the normalized name: docker.io/library/ makes this one too long
        assertThatThrownBy(() -> Reference.parse("a".repeat(240)))
                .hasMessageContaining("more than 255");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            ''                                  | the reference is empty
            NULL                                | the reference is empty
            :tag                                | the repository name is missing
            '@sha256:%HEX%'                     | the repository name is missing
            :tag@sha256:%HEX%                   | the repository name is missing
            Busybox                             | must be lowercase
            docker/Docker                       | must be lowercase
            docker.io/docker/Docker             | must be lowercase
            test:5000/Uppercase/lowercase:tag   | must be lowercase
            Uppercase:tag                       | must be lowercase
            busybox:                            | the tag after ':' is empty
            busybox:.tag                        | invalid tag
            busybox:-tag                        | invalid tag
            busybox:a/b                         | invalid registry domain
            busybox:t@g                         | invalid digest
            busybox@                            | nothing follows '@'
            busybox@sha256:abc                  | invalid digest
            busybox@sha256:%UPPERHEX%           | invalid digest
            busybox@md5:d41d8cd98f00b204e9800998ecf8427e | invalid digest
            busybox@%HEX%                       | invalid digest
            busybox@sha256:%HEX%@sha256:%HEX%   | invalid digest
            docker///docker                     | has an empty component
            docker.io//busybox                  | has an empty component
            localhost//x                        | has an empty component
            busybox/                            | has an empty component
            /busybox                            | has an empty component
            localhost/                          | the repository path is missing
            -docker                             | invalid repository path component
            docker/-docker                      | invalid repository path component
            docker/docker-                      | invalid repository path component
            foo/foo___bar                       | invalid repository path component
            a..b                                | invalid repository path component
            with space                          | invalid repository path component
            https://github.com/docker/docker    | invalid registry domain
            [fe80::1%eth0]:5000/foo             | invalid registry domain
            -host.com/foo                       | invalid registry domain
            host:port/foo                       | invalid registry domain
            %HEX%                               | is an image id
            """)
    void rejects(String input, String problem) {
        String text = input == null ? null : input.replace("%UPPERHEX%", HEX.toUpperCase()).replace("%HEX%", HEX);
        assertThatThrownBy(() -> Reference.parse(text))
                .isInstanceOf(InvalidReferenceException.class)
                .isInstanceOf(PierException.class)
                .hasMessageStartingWith("invalid reference")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void messagesStayOnOneLine() {
        assertThatThrownBy(() -> Reference.parse("bad\nname:x\ry"))
                .hasMessage("invalid reference \"bad?name:x?y\": invalid tag \"x?y\": a tag is made of letters, digits,"
                        + " '_', '.' and '-', and does not start with '.' or '-'");
        assertThatThrownBy(() -> Reference.parse("x".repeat(5000) + "@"))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(250));
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "busybox:1", "busybox@" + SHA, "busybox:1@" + SHA})
    void withTagKeepsTheDigest(String input) {
        Reference ref = Reference.parse(input).withTag("v2");
        assertThat(ref.tag()).contains("v2");
        assertThat(ref.digest()).isEqualTo(Reference.parse(input).digest());
        assertThat(ref.repository()).isEqualTo("docker.io/library/busybox");
    }

    @Test
    void withTagValidates() {
        Reference ref = Reference.parse("busybox");
        assertThatThrownBy(() -> ref.withTag("-bad")).isInstanceOf(InvalidReferenceException.class).hasMessageContaining("invalid tag");
        assertThatThrownBy(() -> ref.withTag("")).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void withDigestKeepsTheTag() {
        Digest d = Digest.parse(SHA);
        assertThat(Reference.parse("busybox:1").withDigest(d).toString()).isEqualTo("docker.io/library/busybox:1@" + SHA);
        assertThat(Reference.parse("busybox@" + SHA).withDigest(Digest.sha256(new byte[0])).digest())
                .contains(Digest.sha256(new byte[0]));
    }

    @Test
    void constructorNormalizesAndValidates() {
        assertThat(new Reference("index.docker.io", "busybox", Optional.empty(), Optional.empty()))
                .isEqualTo(Reference.parse("busybox"));
        assertThat(new Reference("localhost:5000", "x", Optional.empty(), Optional.of(Digest.parse(SHA))).toString())
                .isEqualTo("localhost:5000/x@" + SHA);
        assertThatThrownBy(() -> new Reference("localhost", "X", Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("lowercase");
        assertThatThrownBy(() -> new Reference("bad domain", "x", Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("invalid registry domain");
        assertThatThrownBy(() -> new Reference("localhost", "x", Optional.of("-t"), Optional.empty()))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("invalid tag");
    }

    @Test
    void equalityIsOnTheNormalizedForm() {
        assertThat(Reference.parse("busybox")).isEqualTo(Reference.parse("index.docker.io/library/busybox:latest"));
        assertThat(Reference.parse("busybox").hashCode()).isEqualTo(Reference.parse("docker.io/busybox").hashCode());
        assertThat(Reference.parse("busybox:1")).isNotEqualTo(Reference.parse("busybox:2"));
    }

    @Test
    void isValidTag() {
        assertThat(Reference.isValidTag("v1.0_rc-1")).isTrue();
        assertThat(Reference.isValidTag(".x")).isFalse();
        assertThat(Reference.isValidTag(null)).isFalse();
    }

    @Test
    void jsonIsTheNormalizedString() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Reference ref = Reference.parse("localhost:5000/x:1");
        assertThat(mapper.writeValueAsString(ref)).isEqualTo("\"localhost:5000/x:1\"");
        assertThat(mapper.readValue("\"busybox\"", Reference.class)).isEqualTo(Reference.parse("busybox"));
    }
}
