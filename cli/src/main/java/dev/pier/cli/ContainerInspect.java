package dev.pier.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code pier inspect} of a container: its record and its runtime configuration. */
final class ContainerInspect {
    private ContainerInspect() {}

    /** The container named {@code text}, or whose id starts with it (12 characters at least); images win otherwise. */
    static Optional<ContainerRecord> find(Path storeRoot, String text) {
        if (!Files.isDirectory(storeRoot.resolve("containers"))) {
            return Optional.empty();
        }
        return new ContainerEngine(storeRoot).containers().list().stream()
                .filter(r -> r.name().equals(text) || (text.length() >= 12 && r.id().startsWith(text))).findFirst();
    }

    static String json(Path storeRoot, ContainerRecord r) throws java.io.IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Container", r);
        ContainerEngine engine = new ContainerEngine(storeRoot);
        java.util.List<Object> events = new java.util.ArrayList<>();
        for (String line : engine.control().driftEvents(r.id())) {
            events.add(Json.tree(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), "events.jsonl"));
        }
        if (!events.isEmpty()) {
            out.put("DriftEvents", events);
        }
        Path config = engine.containers().dirOf(r.id()).resolve("bundle/config.json");
        if (Files.exists(config)) {
            out.put("Spec", Json.tree(Files.readAllBytes(config), config.toString()));
        }
        return Json.pretty(out);
    }
}
