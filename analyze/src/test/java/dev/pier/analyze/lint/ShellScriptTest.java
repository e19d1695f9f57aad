package dev.pier.analyze.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How RUN scripts are split into commands and installs. */
class ShellScriptTest {
    @Test
    void splitsOnOperatorsHonouringQuotesAndDroppingKeywordsAndAssignments() {
        List<ShellCommand> cs = ShellScript.parse(
                "set -e; if [ -f x ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y 'a b'; fi && echo \"x && y\" | tee f # rm z\nls");
        assertThat(cs).extracting(ShellCommand::name).containsExactly("set", "[", "apt-get", "echo", "tee", "ls");
        assertThat(cs.get(2).args()).containsExactly("install", "-y", "a b");
        assertThat(cs.get(3).args()).containsExactly("x && y");
    }

    @Test
    void unwrapsSudoEnvAndPythonDashM() {
        ShellCommand c = ShellScript.parse("sudo -u app -E env A=1 /usr/bin/python3 -m pip install --no-cache-dir x").getFirst();
        assertThat(c.name()).isEqualTo("sudo");
        assertThat(c.unwrapped().name()).isEqualTo("pip");
        PackageInstall p = PackageInstall.of(c).orElseThrow();
        assertThat(p.manager()).isEqualTo("pip");
        assertThat(p.packages()).containsExactly("x");
    }

    @Test
    void installsSkipOptionValuesAndVersionPins() {
        PackageInstall apt = PackageInstall.of(ShellScript.parse("apt-get -o Dpkg::Options::=--force-confnew install -y gcc=4:12 make").getFirst()).orElseThrow();
        assertThat(apt.packages()).containsExactly("gcc", "make");
        assertThat(PackageInstall.of(ShellScript.parse("apt-get update").getFirst())).isEmpty();
        assertThat(PackageInstall.of(ShellScript.parse("pip install -r requirements.txt flask==3.0").getFirst()).orElseThrow().packages())
                .containsExactly("flask");
    }
}
