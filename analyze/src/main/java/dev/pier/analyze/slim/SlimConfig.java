package dev.pier.analyze.slim;

import dev.pier.image.spec.ContainerConfig;
import dev.pier.image.spec.History;
import dev.pier.image.spec.ImageConfig;
import java.util.ArrayList;
import java.util.List;

/** The config and history of a slimmed image. */
final class SlimConfig {
    /** The comment on history entries whose layer the slim image replaced. */
    static final String REPLACED_COMMENT = "replaced by pier slim";

    private SlimConfig() {}

    /**
     * The original config, with the traced command as Entrypoint and Cmd when one was given: the
     * slim image holds what that command needs, so it is the one it runs by default.
     */
    static ContainerConfig config(ContainerConfig config, SlimOptions options) {
        var b = config.toBuilder();
        if (options.entrypoint().isPresent()) {
            b.entrypoint(options.entrypoint().get().isEmpty() ? null : options.entrypoint().get());
            b.cmd(options.command().isEmpty() ? null : options.command());
        } else if (!options.command().isEmpty()) {
            b.cmd(options.command());
        }
        return b.build();
    }

    /** The original steps marked empty, then one step for the slim layer. */
    static List<History> history(ImageConfig config, long files, SlimOptions options) {
        List<History> out = new ArrayList<>();
        for (History h : config.history()) {
            if (h.isEmptyLayer()) {
                out.add(h);
            } else {
                String comment = h.comment() == null || h.comment().isEmpty() ? REPLACED_COMMENT : h.comment() + "; " + REPLACED_COMMENT;
                out.add(new History(h.created(), h.createdBy(), h.author(), comment, true));
            }
        }
        String command = options.command().isEmpty() ? "the image's command" : String.join(" ", options.command());
        out.add(new History(config.created(), "pier slim (" + files + " files kept for: " + command + ")", null, null, null));
        return out;
    }
}
