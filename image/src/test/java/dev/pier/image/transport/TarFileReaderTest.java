package dev.pier.image.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members of one archive read at the same time (parallel copies and unpacks do) keep their own bytes. */
class TarFileReaderTest {
    @TempDir
    Path tmp;

    @Test
    void membersReadFromTwoThreadsKeepTheirContent() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("t"));
        byte[][] content = new byte[4][1_000_000];
        for (int i = 0; i < content.length; i++) {
            new Random(i).nextBytes(content[i]);
            Files.write(dir.resolve("m" + i), content[i]);
        }
        Path archive = tmp.resolve("t.tar");
        TarFileWriter.pack(dir, archive);
        try (TarFileReader tar = new TarFileReader(archive, "test");
             var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 10; round++) {
                var results = new java.util.ArrayList<java.util.concurrent.Future<byte[]>>();
                for (int i = 0; i < content.length; i++) {
                    String name = "m" + i;
                    results.add(pool.submit(() -> {
                        var out = new java.io.ByteArrayOutputStream();
                        try (InputStream in = tar.open(name)) {
                            byte[] buf = new byte[1024];
                            for (int n; (n = in.read(buf)) >= 0; ) {
                                out.write(buf, 0, n);
                            }
                        }
                        return out.toByteArray();
                    }));
                }
                for (int i = 0; i < content.length; i++) {
                    assertThat(results.get(i).get()).as("member m" + i + ", round " + round).isEqualTo(content[i]);
                }
            }
        }
    }

    @Test
    void membersReadInterleavedKeepTheirContent() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        byte[] a = new byte[300_000];
        byte[] b = new byte[300_000];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        Files.write(dir.resolve("a"), a);
        Files.write(dir.resolve("b"), b);
        Path archive = tmp.resolve("x.tar");
        TarFileWriter.pack(dir, archive);

        try (TarFileReader tar = new TarFileReader(archive, "test");
             InputStream ia = tar.open("a");
             InputStream ib = tar.open("b")) {
            var outA = new java.io.ByteArrayOutputStream();
            var outB = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (true) {
                int na = ia.read(buf);
                if (na > 0) {
                    outA.write(buf, 0, na);
                }
                int nb = ib.read(buf);
                if (nb > 0) {
                    outB.write(buf, 0, nb);
                }
                if (na < 0 && nb < 0) {
                    break;
                }
            }
            assertThat(outA.toByteArray()).isEqualTo(a);
            assertThat(outB.toByteArray()).isEqualTo(b);
        }
    }
}
