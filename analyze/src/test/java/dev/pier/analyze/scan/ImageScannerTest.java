package dev.pier.analyze.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.analyze.Fixtures;
import dev.pier.image.spec.Json;
import dev.pier.image.testing.TestImages;
import dev.pier.image.transport.Image;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageScannerTest {
    @TempDir
    Path tmp;

    static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
    static final String DPKG = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64
            Version: 2.36-9
            Description: GNU C Library
             continuation line

            Package: curl
            Status: install ok installed
            Architecture: amd64
            Version: 7.88.1-10

            Package: removed-one
            Status: deinstall ok config-files
            Version: 1.0
            """;

    static byte[] jar(String group, String artifact, String version, byte[] nested) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties"));
            zip.write(("groupId=" + group + "\nartifactId=" + artifact + "\nversion=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            if (nested != null) {
                zip.putNextEntry(new ZipEntry("BOOT-INF/lib/inner.jar"));
                zip.write(nested);
            }
        }
        return bytes.toByteArray();
    }

    private Image planted() throws Exception {
        byte[] app = jar("com.example", "app", "1.2.3", jar("org.slf4j", "slf4j-api", "2.0.9", null));
        return Fixtures.write(tmp, "t", TestImages.image()
                        .layer(w -> {
                            Fixtures.bytes("var/lib/dpkg/status", DPKG.getBytes(StandardCharsets.UTF_8), 0644).addTo(w);
                            Fixtures.bytes("usr/bin/passwd", new byte[] {0x7f, 'E', 'L', 'F', 0}, 04755).addTo(w);
                            w.addDirectory("tmp", dev.pier.image.layer.EntryAttributes.of(01777));
                            w.addDirectory("data", dev.pier.image.layer.EntryAttributes.of(0777));
                        })
                        .layer(w -> {
                            Fixtures.bytes("root/.ssh/id_rsa", KEY.getBytes(StandardCharsets.UTF_8), 0600).addTo(w);
                            Fixtures.bytes("app/app.jar", app, 0644).addTo(w);
                            Fixtures.bytes("app/notes.txt", "card 4111 1111 1111 1111 and AKIAABCDEFGHIJKLMNOP".getBytes(StandardCharsets.UTF_8), 0644).addTo(w);
                        })
                        .layer(w -> w.addWhiteout("root/.ssh/id_rsa", TestImages.FILE))
                        .env("PATH=/bin", "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "DB_PASSWORD=hunter22"),
                Fixtures.user(""));
    }

    @Test
    void findsEachPlantedProblemInItsLayer() throws Exception {
        Image image = planted();
        ScanReport r = ImageScanner.scan("t", image);

        assertThat(r.findings()).extracting(f -> f.rule(), Finding::path, Finding::layer).contains(
                tuple(Rule.PRIVATE_KEY, "/root/.ssh/id_rsa", 1),
                tuple(Rule.SETUID, "/usr/bin/passwd", 0),
                tuple(Rule.WORLD_WRITABLE, "/data", 0),
                tuple(Rule.GITHUB_TOKEN, null, -1),
                tuple(Rule.GENERIC_SECRET, null, -1),
                tuple(Rule.RUNS_AS_ROOT, null, -1),
                tuple(Rule.CREDIT_CARD, "/app/notes.txt", 1),
                tuple(Rule.AWS_KEY, "/app/notes.txt", 1));
        assertThat(r.findings()).noneMatch(f -> "/tmp".equals(f.path()));
        assertThat(r.findings()).filteredOn(f -> f.rule() == Rule.PRIVATE_KEY).singleElement()
                .satisfies(f -> assertThat(f.layerDigest()).isEqualTo(image.layers().get(1).digest()));
        assertThat(r.findings().getFirst().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.findings().toString()).doesNotContain("hunter22", "ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        assertThat(r.hasAtLeast(Severity.HIGH)).isTrue();

        assertThat(r.packages()).extracting(SoftwarePackage::type, SoftwarePackage::name, SoftwarePackage::version, SoftwarePackage::layer)
                .containsExactlyInAnyOrder(
                        tuple("deb", "libc6", "2.36-9", 0),
                        tuple("deb", "curl", "7.88.1-10", 0),
                        tuple("maven", "com.example:app", "1.2.3", 1),
                        tuple("maven", "org.slf4j:slf4j-api", "2.0.9", 1));
        assertThat(r.packages()).filteredOn(p -> p.name().equals("curl")).singleElement()
                .extracting(SoftwarePackage::purl).isEqualTo("pkg:deb/debian/curl@7.88.1-10?arch=amd64");
    }

    @Test
    void writesSarifSpdxAndCycloneDx() throws Exception {
        ScanReport r = ImageScanner.scan("t", planted());
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        JsonNode sarif = Json.tree(Json.write(Sarif.of(r, "0.1.0")), "sarif");
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode results = sarif.get("runs").get(0).get("results");
        assertThat(results).hasSize(r.findings().size());
        assertThat(results.get(0).get("level").asText()).isEqualTo("error");
        assertThat(sarif.get("runs").get(0).get("tool").get("driver").get("rules")).hasSize(Rule.values().length);

        JsonNode spdx = Json.tree(Json.write(Sbom.spdx(r, now)), "spdx");
        assertThat(spdx.get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(spdx.get("packages")).hasSize(5);
        assertThat(spdx.toString()).contains("pkg:maven/org.slf4j/slf4j-api@2.0.9", "DESCRIBES");

        JsonNode cdx = Json.tree(Json.write(Sbom.cycloneDx(r, now)), "cyclonedx");
        assertThat(cdx.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(cdx.get("specVersion").asText()).isEqualTo("1.5");
        assertThat(cdx.get("components")).hasSize(4);
        assertThat(cdx.toString()).contains("\"group\":\"com.example\"", "pkg:deb/debian/libc6@2.36-9?arch=amd64");
    }

    @Test
    void luhnAndMasking() {
        assertThat(SecretDetector.luhn("4111111111111111")).isTrue();
        assertThat(SecretDetector.luhn("4111111111111112")).isFalse();
        assertThat(SecretDetector.scan("id 4111 1111 1111 1112", false)).isEmpty();
        assertThat(SecretDetector.scan("aws_secret_access_key=x\nkey AKIAABCDEFGHIJKLMNOP", false))
                .singleElement().satisfies(m -> {
                    assertThat(m.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(m.description()).contains("AKIA…(20 chars)").doesNotContain("ABCDEFGHIJKLMNOP");
                });
    }
}
