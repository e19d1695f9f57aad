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
    void prunesReportWhatTheyRemoved() {
        var image = RegistryCliTest.pier("--root", tmp.toString(), "image", "prune");
        assertThat(image.status()).as(image.err()).isZero();
        assertThat(image.out()).isEqualTo("Removed 0 extracted layers (0B) and 0B of unused blobs\nTotal reclaimed space: 0B\n");
        var system = RegistryCliTest.pier("--root", tmp.toString(), "system", "prune", "-f");
        assertThat(system.status()).as(system.err()).isZero();
        assertThat(system.out()).startsWith("Deleted Containers\nRemoved 0 extracted layers");
        var attach = RegistryCliTest.pier("--root", tmp.toString(), "start", "-a", "one", "two");
        assertThat(attach.status()).isEqualTo(1);
        assertThat(attach.err().strip()).isEqualTo("pier: -a attaches to one container, not 2");
    }

    @Test
    void memorySizesAreDockers() {
        assertThat(Sizes.parse("64m")).isEqualTo(64L << 20);
        assertThat(Sizes.parse("1g")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("512k")).isEqualTo(512L << 10);
        assertThat(Sizes.parse("1000")).isEqualTo(1000);
    }
}
