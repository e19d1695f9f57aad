package dev.pier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container commands' parsing and errors, without running a container (the engine's tests do that). */
class ContainerCliTest {
    @TempDir
    Path tmp;

    @Test
    void psListsNothingInAFreshStore() {
        var table = RegistryCliTest.pier("--root", tmp.toString(), "ps", "-a");
        assertThat(table.status()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("CONTAINER ID");
        assertThat(RegistryCliTest.pier("--root", tmp.toString(), "ps", "--format", "json").out().strip()).isEqualTo("[ ]");
    }

    @Test
    void unknownContainersAreOneLineUserErrors() {
        var rm = RegistryCliTest.pier("--root", tmp.toString(), "rm", "ghost");
        assertThat(rm.status()).isEqualTo(1);
        assertThat(rm.err().strip()).isEqualTo("pier: no such container: ghost");
        var inspect = RegistryCliTest.pier("--root", tmp.toString(), "inspect", "no/such:image");
        assertThat(inspect.status()).as("image inspect still answers for images").isEqualTo(1);
    }

    @Test
    void memorySizesAreDockers() {
        assertThat(Sizes.parse("64m")).isEqualTo(64L << 20);
        assertThat(Sizes.parse("1g")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("512k")).isEqualTo(512L << 10);
        assertThat(Sizes.parse("1000")).isEqualTo(1000);
    }
}
