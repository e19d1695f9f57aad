package dev.pier.registry;

import dev.pier.image.spec.Json;
import dev.pier.registry.storage.RegistryStorage;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v2/<name>/tags/list} with {@code n} and {@code last} (end-8a, end-8b), and {@code /v2/_catalog}. */
final class TagsHandler {
    private final RegistryStorage storage;

    TagsHandler(Registry registry) {
        this.storage = registry.storage();
    }

    void list(Exchange ex, String repo) throws IOException {
        if (!storage.repositoryExists(repo)) {
            throw RegistryError.of(RegistryError.Code.NAME_UNKNOWN, "repository " + repo + " not known to registry");
        }
        List<String> page = page(ex, storage.tags(repo), "/v2/" + repo + "/tags/list");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repo);
        body.put("tags", page);
        ex.send(200, "application/json", Json.write(body));
    }

    /** The repositories {@code visible} accepts, a page at a time. */
    void catalog(Exchange ex, java.util.function.Predicate<String> visible) throws IOException {
        List<String> page = page(ex, storage.repositories().stream().filter(visible).toList(), "/v2/_catalog");
        ex.send(200, "application/json", Json.write(Map.of("repositories", page)));
    }

    /** The entries after {@code last}, at most {@code n}, with a Link header when more remain. */
    private static List<String> page(Exchange ex, List<String> all, String path) {
        String last = ex.param("last");
        String nText = ex.param("n");
        List<String> rest = last == null ? all : all.stream().filter(t -> t.compareTo(last) > 0).toList();
        if (nText == null) {
            return rest;
        }
        int n;
        try {
            n = Integer.parseInt(nText);
        } catch (NumberFormatException e) {
            throw RegistryError.of(RegistryError.Code.UNSUPPORTED, 400, "n must be a number");
        }
        if (n < 0) {
            throw RegistryError.of(RegistryError.Code.UNSUPPORTED, 400, "n must not be negative");
        }
        if (rest.size() <= n) {
            return rest;
        }
        List<String> page = rest.subList(0, n);
        if (n > 0) {
            String next = path + "?n=" + n + "&last=" + URLEncoder.encode(page.getLast(), StandardCharsets.UTF_8);
            ex.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return page;
    }
}
