package dev.pier.registry;

import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.MediaType;
import dev.pier.registry.storage.RegistryStorage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v2/<name>/referrers/<digest>} with the {@code artifactType} filter (end-12a, end-12b). */
final class ReferrersHandler {
    private final RegistryStorage storage;

    ReferrersHandler(Registry registry) {
        this.storage = registry.storage();
    }

    void list(Exchange ex, String repo, String digestText) throws IOException {
        Digest subject = Names.digest(digestText);
        List<Descriptor> referrers = storage.referrers(repo, subject);
        String artifactType = ex.param("artifactType");
        if (artifactType != null) {
            referrers = referrers.stream().filter(d -> artifactType.equals(d.artifactType())).toList();
            ex.header("OCI-Filters-Applied", "artifactType");
        }
        Map<String, Object> index = new LinkedHashMap<>(); // by hand: an empty manifests list must still be written
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaType.OCI_INDEX);
        index.put("manifests", referrers);
        ex.send(200, MediaType.OCI_INDEX, Json.write(index));
    }
}
