package dev.pier.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.store.LocalStore;
import dev.pier.image.testing.Peers;
import dev.pier.image.transport.ImageImporter;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.image.transport.ImportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer cache's garbage collection: an extracted layer stays while an image of the store or
 * a container, running or exited, uses it — even after its image was removed — and goes with the
 * last of them; what interrupted extractions left goes too; a prune waits for a container being
 * made of the cache.
 */
@Timeout(600)
class LayerPruneTest {
    private static final String EXTRA = "engine/extra:test";

    @TempDir
    static Path tmp;

    static EngineFixture fx;

    @BeforeAll
    static void images() throws Exception {
        Peers.requireRoot();
        fx = new EngineFixture(tmp);
        Files.writeString(tmp.resolve("rootfs/extra"), "another layer\n");
        LocalStore local = LocalStore.open(fx.store);
        try (var dst = ImageLocation.parse(EXTRA, () -> local).openDestination()) {
            ImageImporter.importPath(tmp.resolve("rootfs"), dst,
                    ImportOptions.defaults().withConfig(ContainerConfig.EMPTY.toBuilder().cmd(List.of("sh")).build()).withCreated(Instant.EPOCH));
        }
    }

    private static ContainerRecord detached(String image, String name, String script) throws Exception {
        try (ImageSource src = ImageLocation.parse(image, () -> LocalStore.open(fx.store)).openSource()) {
            RunRequest r = new RunRequest(EngineFixture.image(src), image, name, List.of("sh", "-c", script), null, null,
                    null, null, null, null, null, null, null, false, null, false);
            return fx.engine().runDetached(r, false);
        }
    }

    /** The image's only layer's diff_id, the layer extracted into the cache. */
    private static String extracted(String image) throws Exception {
        try (ImageSource src = ImageLocation.parse(image, () -> LocalStore.open(fx.store)).openSource()) {
            var layers = EngineFixture.image(src).layers();
            fx.engine().layers().extractAll(layers);
            return layers.getFirst().diffId().encoded();
        }
    }

    @Test
    void layersStayWhileAContainerUsesThemAndGoWithTheLast() throws Exception {
        String base = extracted(EngineFixture.IMAGE);
        String extra = extracted(EXTRA);
        LayerStore layers = fx.engine().layers();
        ContainerControl c = fx.engine().control();
        detached(EXTRA, "exited", "cat /extra; exit 3");
        detached(EXTRA, "running", "sleep 1000");
        try {
            usersKeepTheirLayers(layers, base, extra);
        } finally {
            if (fx.engine().containers().exists("running")) {
                c.remove("running", true);
            }
        }
    }

    private static void usersKeepTheirLayers(LayerStore layers, String base, String extra) throws Exception {
        ContainerControl c = fx.engine().control();
        assertThat(c.waitFor("exited")).isEqualTo(3);
        Path stale = Files.createDirectories(layers.dir().resolve(extra + ".tmp-42"));

        LocalStore.open(fx.store).remove(EXTRA);
        LayerStore.Pruned none = fx.engine().pruneLayers();
        assertThat(none.layers()).isZero();
        assertThat(layers.dir().resolve(extra)).as("used by both containers").isDirectory();
        assertThat(layers.dir().resolve(base)).as("the store's image").isDirectory();
        assertThat(stale).as("left by an interrupted extraction").doesNotExist();

        c.remove("running", true);
        assertThat(layers.dir().resolve(extra)).as("the exited container still uses it").isDirectory();
        assertThat(c.startAttached("exited", java.io.OutputStream.nullOutputStream())).as("and starts again with it").isEqualTo(3);

        c.remove("exited", false);   // removing the last user prunes
        assertThat(layers.dir().resolve(extra)).doesNotExist();
        assertThat(layers.dir().resolve(extra + ".lock")).doesNotExist();
        assertThat(layers.dir().resolve(base)).isDirectory();
        assertThat(layers.all()).containsExactly(base);
    }

    @Test
    void aPruneWaitsForAContainerBeingMadeOfTheCache() throws Exception {
        LayerStore layers = fx.engine().layers();
        Set<String> recorded = java.util.Collections.synchronizedSet(new HashSet<>());
        String fresh = "0".repeat(64);
        CompletableFuture<LayerStore.Pruned> prune;
        try (LayerStore.Use making = layers.use()) {
            Files.createDirectories(layers.dir().resolve(fresh));   // extracted, not yet recorded by its container
            prune = CompletableFuture.supplyAsync(() -> layers.prune(() -> Set.copyOf(recorded)));
            Thread waiting = null;
            while (waiting == null || waiting.getState() == Thread.State.RUNNABLE) {   // until it blocks on the lock
                waiting = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> java.util.Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("prune")))
                        .findFirst().orElse(null);
                Thread.sleep(10);
            }
            assertThat(prune).isNotDone();
            recorded.add(fresh);
            recorded.addAll(layers.all());
        }
        assertThat(prune.get().layers()).isZero();
        assertThat(layers.dir().resolve(fresh)).isDirectory();
        Files.delete(layers.dir().resolve(fresh));
    }
}
