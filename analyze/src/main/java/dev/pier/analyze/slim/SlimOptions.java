package dev.pier.analyze.slim;

import dev.pier.analyze.trace.HttpProbe;
import dev.pier.analyze.trace.TracedRun;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run the image while tracing it.
 *
 * @param command replaces the image's Cmd when not empty (as {@code pier run IMAGE COMMAND...})
 * @param entrypoint replaces the image's Entrypoint when present
 * @param env extra {@code NAME=value} variables
 * @param probe an HTTP GET to send once the server listens; the container is stopped after it
 * @param timeout stop the container after this long (for servers); empty waits for it to exit
 * @param include extra paths to keep (absolute in the image), with what they need
 */
public record SlimOptions(List<String> command, Optional<List<String>> entrypoint, List<String> env, Optional<HttpProbe> probe,
                          Optional<Duration> timeout, List<String> include) {
    public SlimOptions {
        command = List.copyOf(command);
        entrypoint = entrypoint.map(List::copyOf);
        env = List.copyOf(env);
        include = List.copyOf(include);
        for (String p : include) {
            if (!p.startsWith("/")) {
                throw new dev.pier.image.PierException("--include " + p + ": the path must be absolute in the image");
            }
        }
    }

    /** When the traced run ends. */
    public TracedRun.Stop stop() {
        return new TracedRun.Stop(probe, timeout);
    }

    /** The image's own command, nothing else. */
    public static SlimOptions of(List<String> command) {
        return new SlimOptions(command, Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of());
    }
}
