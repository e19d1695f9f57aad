package dev.pier.analyze.efficiency;

import dev.pier.analyze.Fixtures;
import dev.pier.image.testing.TestImages;
import dev.pier.image.transport.Image;
import java.nio.file.Path;

/** An image with an overwritten file, a deleted file and package caches, with known sizes. */
final class EfficiencyFixture {
    private EfficiencyFixture() {}

    static Image write(Path dir) throws Exception {
        return Fixtures.write(dir, "t", TestImages.image()
                .layer(w -> {
                    Fixtures.bytes("etc/a", new byte[100], 0644).addTo(w);
                    Fixtures.bytes("var/cache/apt/pkgcache.bin", new byte[50], 0644).addTo(w);
                    Fixtures.bytes("opt/big", new byte[1000], 0644).addTo(w);
                })
                .layer(w -> {
                    Fixtures.bytes("etc/a", new byte[200], 0644).addTo(w);
                    w.addWhiteout("opt/big", TestImages.FILE);
                })
                .layer(Fixtures.bytes("root/.cache/pip/x", new byte[30], 0644)));
    }
}
