package dev.pier.image.config;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.pier.image.PierException;
import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.ContainerConfigBuilder;
import dev.pier.image.spec.Json;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * One {@code --change} instruction, as {@code docker import -c} and {@code docker commit -c}
 * accept them: {@code CMD}, {@code ENTRYPOINT} (JSON array or shell form), {@code ENV k=v},
 * {@code WORKDIR}, {@code USER}, {@code LABEL k=v}, {@code EXPOSE port[/proto]},
 * {@code VOLUME}, {@code STOPSIGNAL}. Applying it yields a new {@link ContainerConfig}.
 */
public record ConfigChange(String instruction, String argument) {

    /** Parses {@code "CMD [\"sh\"]"}; unknown instructions fail with a message listing the known ones. */
    public static ConfigChange parse(String text) {
        String t = text.strip();
        int space = t.indexOf(' ');
        String instruction = (space < 0 ? t : t.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : t.substring(space + 1).strip();
        if (!List.of("CMD", "ENTRYPOINT", "ENV", "WORKDIR", "USER", "LABEL", "EXPOSE", "VOLUME", "STOPSIGNAL").contains(instruction)) {
            throw new PierException("invalid --change \"" + text + "\": supported are CMD, ENTRYPOINT, ENV, WORKDIR, USER, LABEL, EXPOSE, VOLUME, STOPSIGNAL");
        }
        if (argument.isEmpty()) {
            throw new PierException("invalid --change \"" + text + "\": " + instruction + " needs an argument");
        }
        return new ConfigChange(instruction, argument);
    }

    /** The config with this change applied. */
    public ContainerConfig applyTo(ContainerConfig c) {
        ContainerConfigBuilder b = c.toBuilder();
        switch (instruction) {
            case "CMD" -> b.cmd(command());
            case "ENTRYPOINT" -> b.entrypoint(command());
            case "ENV" -> b.env(pair()[0], pair()[1]);
            case "WORKDIR" -> b.workingDir(argument);
            case "USER" -> b.user(argument);
            case "LABEL" -> b.label(pair()[0], pair()[1]);
            case "EXPOSE" -> b.exposedPort(argument.contains("/") ? argument : argument + "/tcp");
            case "VOLUME" -> b.volume(argument);
            case "STOPSIGNAL" -> b.stopSignal(argument);
            default -> throw new IllegalStateException(instruction);
        }
        return b.build();
    }

    /** JSON form as given; shell form wrapped in {@code /bin/sh -c}, as Docker does. */
    private List<String> command() {
        if (argument.startsWith("[")) {
            try {
                return Json.mapper().readValue(argument, new TypeReference<List<String>>() {});
            } catch (IOException e) {
                throw new PierException("invalid --change \"" + instruction + " " + argument + "\": not a JSON array of strings");
            }
        }
        return List.of("/bin/sh", "-c", argument);
    }

    /** {@code k=v}, or Docker's older {@code k v}. */
    private String[] pair() {
        int eq = argument.indexOf('=');
        int space = argument.indexOf(' ');
        int split = eq > 0 && (space < 0 || eq < space) ? eq : space;
        if (split <= 0) {
            throw new PierException("invalid --change \"" + instruction + " " + argument + "\": expected KEY=VALUE");
        }
        return new String[] {argument.substring(0, split), unquote(argument.substring(split + 1).strip())};
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

}
