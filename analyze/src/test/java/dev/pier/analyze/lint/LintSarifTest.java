package dev.pier.analyze.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SARIF 2.1.0 log has the fields the schema requires, and points at the right lines. */
class LintSarifTest {
    @Test
    void sarifHasTheRequiredStructureRuleMetadataAndRegions() {
        LintReport report = LintFixtures.lint(LintFixtures.BAD);
        JsonNode log = Json.tree(Json.write(LintSarif.of(report, "0.1.0")), "sarif");

        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        assertThat(log.get("$schema").asText()).contains("sarif-2.1.0");
        assertThat(log.get("runs")).hasSize(1);
        JsonNode run = log.get("runs").get(0);
        JsonNode driver = run.get("tool").get("driver");
        assertThat(driver.get("name").asText()).isNotBlank();
        JsonNode rules = driver.get("rules");
        assertThat(rules).hasSize(Linter.rules().size());
        for (JsonNode rule : rules) {
            assertThat(rule.get("id").asText()).matches("PL\\d{3}");
            assertThat(rule.get("shortDescription").get("text").asText()).isNotBlank();
            assertThat(rule.get("help").get("text").asText()).isNotBlank();
            assertThat(rule.get("defaultConfiguration").get("level").asText()).isIn("error", "warning", "note");
        }

        JsonNode results = run.get("results");
        assertThat(results).hasSize(report.findings().size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            LintFinding f = report.findings().get(i);
            assertThat(result.get("ruleId").asText()).isEqualTo(f.rule());
            assertThat(rules.get(result.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(f.rule());
            assertThat(result.get("level").asText()).isIn(Set.of("error", "warning", "note"));
            assertThat(result.get("message").get("text").asText()).isNotBlank();
            JsonNode physical = result.get("locations").get(0).get("physicalLocation");
            assertThat(physical.get("artifactLocation").get("uri").asText()).isEqualTo("Dockerfile");
            assertThat(physical.get("region").get("startLine").asInt()).isEqualTo(f.line()).isPositive();
        }
    }

    @Test
    void infoFindingsAreNotesInSarif() {
        LintReport r = LintFixtures.lint("FROM alpine:3\nRUN a\nRUN b\nUSER 1\n");
        JsonNode result = Json.tree(Json.write(LintSarif.of(r, "0.1.0")), "sarif").get("runs").get(0).get("results").get(0);
        assertThat(result.get("ruleId").asText()).isEqualTo("PL002");
        assertThat(result.get("level").asText()).isEqualTo("note");
    }
}
