package dev.pier.analyze.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path tmp;

    private String render() throws Exception {
        var analysis = ImageAnalyzer.analyze("test-image", EfficiencyFixture.write(tmp.resolve("l")));
        return HtmlReport.render(analysis.report(), analysis.diff());
    }

    @Test
    void isOneSelfContainedFile() throws Exception {
        String html = render();
        assertThat(html).doesNotContain("://").doesNotContain("src=").doesNotContain("<link")
                .contains("<svg", "class=\"treemap\"", "id=\"layer-0\"", "id=\"layer-2\"", "pkgcache.bin", "<script>");
    }

    @Test
    void rendersInHeadlessChromium() throws Exception {
        Path chromium = Peers.require("chromium");
        Path page = tmp.resolve("report.html");
        Files.writeString(page, render());
        Path png = tmp.resolve("shot.png");
        var result = Exec.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + tmp.resolve("profile"),
                        "--screenshot=" + png, "--window-size=1200,900", page.toUri().toString())
                .env("HOME", tmp.toString()).timeout(Duration.ofMinutes(3)).run();
        assertThat(png).as("screenshot; chromium said: %s", result).exists();

        BufferedImage img = ImageIO.read(png.toFile());
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                colors.add(img.getRGB(x, y));
            }
        }
        assertThat(img.getWidth()).isEqualTo(1200);
        assertThat(colors.size()).as("distinct colors in the screenshot").isGreaterThan(50);
    }
}
