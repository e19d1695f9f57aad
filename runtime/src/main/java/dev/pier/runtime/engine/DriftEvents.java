package dev.pier.runtime.engine;

import dev.pier.image.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where {@code --drift=alert} reports: each event once, as a JSON line in {@code events.jsonl}
 * in the container's directory ({@code pier inspect} shows them as DriftEvents) and as a line on
 * stderr (which {@code pier logs} shows for a detached container).
 */
final class DriftEvents {
    /** The file of events in a container's directory. */
    static final String FILE = "events.jsonl";

    private final Path containerDir;
    private final Set<String> reported = new HashSet<>();

    DriftEvents(Path containerDir) {
        this.containerDir = containerDir;
    }

    /**
     * Reports {@code event} about {@code path} unless it was reported under {@code key} already.
     *
     * @param event {@code exec} (a file not from the image was executed) or {@code new-executable}
     * @param details more fields, in order
     */
    synchronized void report(String key, String event, String path, Map<String, Object> details) {
        if (!reported.add(key)) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("type", "drift");
        line.put("event", event);
        line.put("path", path);
        line.putAll(details);
        try {
            Files.write(containerDir.resolve(FILE), (new String(Json.write(line), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("pier: warning: cannot record a drift event: " + e.getMessage());
        }
        System.err.println(event.equals("exec") ? "pier: drift: " + path + " was executed (not from the image)"
                : "pier: drift: new executable file " + path + " (not from the image)");
        System.err.flush();
    }

    /** The events recorded for the container in {@code containerDir}, one JSON object a line, oldest first. */
    static List<String> read(Path containerDir) throws IOException {
        Path f = containerDir.resolve(FILE);
        return Files.exists(f) ? Files.readAllLines(f) : new ArrayList<>();
    }
}
