package dev.pier.analyze.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.analyze.Fixtures;
import dev.pier.image.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void matchesNonEmptyStepsWithLayersNewestFirst() throws Exception {
        var image = Fixtures.write(tmp, "t", TestImages.image()
                        .layer(TestImages.file("bin/sh", "#!"))
                        .layer(TestImages.file("app/run", "echo")),
                Fixtures.history(List.of(
                        Fixtures.history("/bin/sh -c #(nop) ADD file:abc in / ", false),
                        Fixtures.history("/bin/sh -c #(nop)  CMD [\"sh\"]", true),
                        Fixtures.history("/bin/sh -c echo hi > /app/run", false),
                        Fixtures.history("/bin/sh -c #(nop)  USER 1000", true))));

        List<HistoryRow> rows = ImageHistory.of(image);

        assertThat(rows).extracting(HistoryRow::createdBy).containsExactly(
                "/bin/sh -c #(nop)  USER 1000", "/bin/sh -c echo hi > /app/run",
                "/bin/sh -c #(nop)  CMD [\"sh\"]", "/bin/sh -c #(nop) ADD file:abc in / ");
        assertThat(rows).extracting(HistoryRow::emptyLayer).containsExactly(true, false, true, false);
        assertThat(rows.get(0).id()).isEqualTo(image.manifest().config().digest().toString());
        assertThat(rows.get(1).id()).isEqualTo(ImageHistory.MISSING);
        assertThat(rows.get(1).layer()).isEqualTo(image.layers().get(1).digest());
        assertThat(rows.get(1).size()).isEqualTo(image.layers().get(1).size());
        assertThat(rows.get(3).layer()).isEqualTo(image.layers().get(0).digest());
        assertThat(rows.get(0).size()).isZero();
    }
}
