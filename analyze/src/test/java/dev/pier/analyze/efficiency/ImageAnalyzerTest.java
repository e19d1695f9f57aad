package dev.pier.analyze.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pier.image.PierException;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageAnalyzerTest {
    @TempDir
    Path tmp;

    @Test
    void computesDivesEfficiencyWastedBytesAndCaches() throws Exception {
        AnalysisReport r = ImageAnalyzer.analyze("t", EfficiencyFixture.write(tmp)).report();

        // etc/a: 100 then 200 (min 100); opt/big: 1000 then a whiteout of a file, 0 (min 0)
        assertThat(r.efficiency()).isCloseTo((100.0 + 0 + 50 + 30) / (300 + 1000 + 50 + 30), within(1e-9));
        assertThat(r.wastedBytes()).isEqualTo(1300);
        assertThat(r.userSize()).isEqualTo(230);
        assertThat(r.wastedUserPercent()).isCloseTo(1300.0 / 230, within(1e-9));
        assertThat(r.totalSize()).isEqualTo(1150 + 200 + 30);
        assertThat(r.inefficiencies()).extracting(Efficiency.Inefficiency::path).containsExactly("opt/big", "etc/a");
        assertThat(r.waste().overwrittenBytes()).isEqualTo(100);
        assertThat(r.waste().deletedBytes()).isEqualTo(1000);
        assertThat(r.waste().caches()).extracting(Waste.CacheUsage::path, Waste.CacheUsage::bytes)
                .containsExactly(Assertions.tuple("/var/cache/apt", 50L), Assertions.tuple("/root/.cache", 30L));
        assertThat(r.layers()).extracting(AnalysisReport.LayerSummary::added).containsExactly(8L, 0L, 4L);
        assertThat(r.layers().get(1).modified()).isEqualTo(1);
        assertThat(r.layers().get(1).removed()).isEqualTo(1);
        assertThat(r.largestFiles().getFirst().path()).isEqualTo("/etc/a");
        assertThat(r.largestDirectories()).extracting(Largest.PathSize::path).contains("/etc", "/var/cache/apt");
        assertThat(TextReport.render(r)).contains("efficiency: 13.0435 %", "/var/cache/apt", "wasted bytes: 1.30kB");
    }

    @Test
    void ciRulesGiveOneLinePerBrokenRule() throws Exception {
        AnalysisReport r = ImageAnalyzer.analyze("t", EfficiencyFixture.write(tmp)).report();

        assertThat(CiRules.defaults().violations(r)).hasSize(2)
                .anySatisfy(v -> assertThat(v).startsWith("lowest-efficiency:"))
                .anySatisfy(v -> assertThat(v).startsWith("highest-user-wasted-percent:"));
        assertThat(new CiRules(0.9, 1000, 0.1).violations(r)).hasSize(3);
        assertThat(new CiRules(0.1, -1, 10).violations(r)).isEmpty();
    }

    @Test
    void parsesSizesAsDiveDoes() {
        assertThat(CiRules.parseBytes("20MB")).isEqualTo(20_000_000);
        assertThat(CiRules.parseBytes("1KiB")).isEqualTo(1024);
        assertThat(CiRules.parseBytes("512")).isEqualTo(512);
        assertThat(CiRules.parseBytes("disabled")).isEqualTo(-1);
        Assertions.assertThatThrownBy(() -> CiRules.parseBytes("lots")).isInstanceOf(PierException.class);
    }
}
