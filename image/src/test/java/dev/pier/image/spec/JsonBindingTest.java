package dev.pier.image.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link Json} reads and writes the types that have a {@link JsonBinding} without Jackson's data
 * binding; these tests hold it to the mapper: the same bytes written, the same values read, the
 * same documents refused.
 */
class JsonBindingTest {
    private static final Digest D = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));

    /** A record with every kind of component the binding handles. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Kinds(int i, long l, Short s, double d, Boolean b, boolean flag, String text,
            @JsonProperty("renamed.name") String renamed, List<String> list, Set<Integer> set,
            Map<String, List<Long>> map, Map<String, Object> any, Digest digest, Level level,
            @JsonInclude(JsonInclude.Include.ALWAYS) String always, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> nonEmpty,
            JsonNode tree, Kinds child) {}

    /** A record that is not public, as many of Pier's private documents are. */
    record Hidden(String name, List<Integer> values) {}

    /** An enum written by name. */
    public enum Level { LOW, HIGH }

    /** Jackson would also write getTwice(): this record has no binding, the mapper serves it. */
    public record WithGetter(int value) {
        public int getTwice() {
            return 2 * value;
        }
    }

    private static byte[] mapped(Object value) throws Exception {
        return Json.mapper().writeValueAsBytes(value);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Kinds kinds(Kinds child) {
        Map<String, List<Long>> map = new LinkedHashMap<>();
        map.put("z", List.of(1L, Long.MAX_VALUE));
        map.put("a", List.of());
        Map<String, Object> any = new LinkedHashMap<>();
        any.put("y", Map.of("n", 1, "list", List.of("x", true)));
        any.put("b", 2.5);
        any.put("nil", null);
        JsonNode tree = Json.tree("{\"k\":[1,2.5,\"s\",null,{\"b\":false}],\"big\":123456789012345678901234567890}".getBytes(), "t");
        return new Kinds(-7, 1L << 40, (short) 3, 0.1, null, true, "quote \" and \u00e9 \u2028", "r", List.of("a", "b"),
                Set.of(3), map, any, D, Level.HIGH, null, List.of(), tree, child);
    }

    @Test
    void pierDocumentTypesAreBound() {
        for (Class<?> type : List.of(Manifest.class, ImageIndex.class, ImageConfig.class, Descriptor.class, Platform.class,
                ContainerConfig.class, History.class, RootFs.class, Kinds.class, Hidden.class)) {
            assertThat(JsonBinding.of(type)).as(type.getSimpleName()).isPresent();
        }
        assertThat(JsonBinding.of(WithGetter.class)).isEmpty();
    }

    @Test
    void writesTheBytesTheMapperWrites() throws Exception {
        ImageConfig config = new ImageConfig("2024-01-01T00:00:00Z", "me", "amd64", "linux", "10", List.of("f"), "v8",
                new ContainerConfig("1000", Map.of("80/tcp", Map.of()), List.of("A=b"), List.of(), List.of("sh"), Map.of("/v", Map.of()),
                        "/w", Map.of("b", "2", "a", "1"), "SIGTERM", true, Map.of("Test", List.of("CMD", "true"), "Retries", 3),
                        List.of("RUN x"), null),
                new RootFs("layers", List.of(D)), List.of(new History("c", "RUN x", null, "", true), new History(null, null, null, null, null)));
        Descriptor layer = new Descriptor(MediaType.OCI_LAYER_GZIP, D, 0, List.of("http://u"), Map.of("k", "v"),
                Platform.of("linux", "arm64", "v8"), null, "");
        List<Object> values = List.of(config, Manifest.oci(layer, List.of(layer, layer)), ImageIndex.oci(List.of(layer)),
                kinds(kinds(null)), new WithGetter(4), new Hidden("h", List.of(1, 2)), Map.of("b", 1, "a", List.of()), List.of(Level.LOW), "text", 12);
        for (Object v : values) {
            assertThat(utf8(Json.write(v))).as(v.getClass().getSimpleName()).isEqualTo(utf8(mapped(v)));
            assertThat(Json.pretty(v)).as(v.getClass().getSimpleName()).isEqualTo(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(v));
        }
    }

    @Test
    void readsWhatTheMapperReads() throws Exception {
        Kinds k = kinds(kinds(null));
        byte[] json = mapped(k);
        Kinds read = Json.read(json, Kinds.class, "k");
        Kinds byMapper = Json.mapper().readValue(json, Kinds.class);
        assertThat(read).isEqualTo(byMapper);
        assertThat(utf8(Json.write(read))).isEqualTo(utf8(json));
    }

    @Test
    void isAsLenientAsTheMapper() throws Exception {
        List<String> documents = List.of(
                "{\"schemaVersion\":\"2\",\"unknown\":{\"deep\":[1,{}]},\"layers\":null}",
                "{\"schemaVersion\":null,\"mediaType\":12,\"annotations\":{\"a\":\"1\",\"a\":\"2\"}}",
                "{\"schemaVersion\":2.7,\"config\":{\"size\":\"12\",\"digest\":\"" + D + "\"}}",
                "{\"config\":{\"size\":1e3}}",
                "{}");
        for (String doc : documents) {
            byte[] b = doc.getBytes(StandardCharsets.UTF_8);
            assertThat(Json.read(b, Manifest.class, "m")).as(doc).isEqualTo(Json.mapper().readValue(b, Manifest.class));
        }
        assertThat(Json.read("{\"level\":1}".getBytes(), Kinds.class, "k").level()).isEqualTo(Level.HIGH);
    }

    @Test
    void refusesWhatTheMapperRefuses() {
        List<String> documents = List.of(
                "{\"schemaVersion\":2} {}",
                "{\"schemaVersion\":[2]}",
                "{\"schemaVersion\":99999999999}",
                "{\"layers\":{}}",
                "{\"config\":{\"digest\":\"sha256:nothex\"}}",
                "[]",
                "",
                "{\"mediaType\":{}}",
                "{\"schemaVersion\":\"two\"}");
        for (String doc : documents) {
            byte[] b = doc.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> Json.mapper().readValue(b, Manifest.class)).as("mapper: " + doc).isNotNull();
            assertThatThrownBy(() -> Json.read(b, Manifest.class, "the manifest")).as(doc)
                    .isInstanceOf(PierException.class).hasMessageStartingWith("the manifest: malformed JSON: ");
        }
        assertThatThrownBy(() -> Json.read("{\"level\":\"MIDDLE\"}".getBytes(), Kinds.class, "k"))
                .hasMessageContaining("MIDDLE").hasMessageContaining("[LOW, HIGH]");
    }

    @Test
    void treesAreReadWithoutTheMapperAsTheMapperReadsThem() throws Exception {
        byte[] b = "{\"a\":[1,2147483648,1.5,\"x\",true,null],\"b\":{\"c\":{}},\"a\":0}".getBytes();
        assertThat(Json.tree(b, "t")).isEqualTo(Json.mapper().readTree(b));
        assertThat(Json.write(Json.tree(b, "t"))).isEqualTo(mapped(Json.mapper().readTree(b)));
    }

    @Test
    void sortedMapsKeepTheirOrder() throws Exception {
        Map<String, Integer> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
        reversed.put("a", 1);
        reversed.put("b", 2);
        assertThat(utf8(Json.write(reversed))).isEqualTo(utf8(mapped(reversed))).isEqualTo("{\"b\":2,\"a\":1}");
    }
}
