package dev.pier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.image.spec.Json;
import java.util.List;
import java.util.Set;

/**
 * Builds Jackson's mapper and its serializers and deserializers for the documents a command
 * will read and write, on a second thread while the first parses the command line and opens the
 * store. Jackson introspects each record class on first use, which costs a command such as
 * {@code run} or {@code build} a tenth of a second of CPU; these machines have two cores, and
 * the main thread finds the work done (or waits on Jackson's own lock for the part in progress).
 * Nothing it does is visible: a failure only means the main thread does the work itself.
 */
final class JsonWarmup {
    private static final Set<String> COMMANDS = Set.of("run", "build", "copy", "push", "pull", "create", "start", "exec",
            "java", "inspect", "images", "sign", "verify");
    private static final List<String> READ = List.of("dev.pier.image.spec.ImageIndex", "dev.pier.image.spec.Manifest",
            "dev.pier.image.spec.ImageConfig");
    private static final List<String> WRITE = List.of("dev.pier.image.spec.ImageIndex", "dev.pier.image.spec.Manifest",
            "dev.pier.image.spec.ImageConfig", "dev.pier.runtime.engine.ContainerRecord", "dev.pier.runtime.spec.Spec",
            "dev.pier.runtime.container.ContainerInfo");

    private JsonWarmup() {}

    /** Starts the warm-up (unless -Dpier.jsonWarmup=false) when the command ({@code args}' first word that is not an option) uses JSON much. */
    static void start(String[] args) {
        if (!Boolean.parseBoolean(System.getProperty("pier.jsonWarmup", "true"))) {
            return;
        }
        for (String a : args) {
            if (!a.startsWith("-")) {
                if (COMMANDS.contains(a)) {
                    Thread t = new Thread(JsonWarmup::warm, "pier-json-warmup");
                    t.setDaemon(true);
                    t.start();
                }
                return;
            }
        }
    }

    private static void warm() {
        try {
            ObjectMapper mapper = Json.mapper();
            ClassLoader loader = JsonWarmup.class.getClassLoader();
            for (String name : READ) {
                mapper.canDeserialize(mapper.constructType(Class.forName(name, false, loader)));
            }
            for (String name : WRITE) {
                mapper.canSerialize(Class.forName(name, false, loader));
            }
        } catch (ClassNotFoundException | RuntimeException e) {
            // the main thread does it when it needs it
        }
    }
}
