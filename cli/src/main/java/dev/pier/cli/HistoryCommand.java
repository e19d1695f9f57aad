package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import dev.pier.analyze.history.DockerfileReconstructor;
import dev.pier.analyze.history.HistoryRow;
import dev.pier.analyze.history.ImageHistory;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier history IMAGE}: the steps of an image, like {@code docker history}. */
@Command(name = "history", description = "Show the history of an image, like docker history; --dockerfile rebuilds a Dockerfile from it.")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Mixin
    ImageOperand target;

    @Option(names = "--format", defaultValue = "table", description = "table (default) or json.")
    String format;

    @Option(names = "--no-trunc", description = "Do not truncate ids and commands.")
    boolean noTrunc;

    @Option(names = {"-H", "--human"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print sizes and dates in a human-readable form (default true).")
    boolean human;

    @Option(names = "--dockerfile", description = "Print a Dockerfile reconstructed from the history.")
    boolean dockerfile;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("table") && !format.equals("json")) {
            throw new PierException("unsupported --format " + format + ": use table or json");
        }
        PrintWriter out = pier.out();
        try (ImageSource src = target.open(pier)) {
            Image img = src.image(dev.pier.image.spec.Platform.host());
            if (dockerfile) {
                out.print(DockerfileReconstructor.reconstruct(img.config().history()));
                out.flush();
                return ExitCode.OK;
            }
            List<HistoryRow> rows = ImageHistory.of(img);
            if (format.equals("json")) {
                out.println(Json.pretty(rows));
                return ExitCode.OK;
            }
            out.printf("%-12s  %-16s  %-45s  %-9s  %s%n", "IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
            for (HistoryRow r : rows) {
                String id = r.id().startsWith("sha256:") && !noTrunc ? r.id().substring(7, 19) : r.id();
                String by = r.createdBy().replaceAll("\\s+", " ");
                if (!noTrunc && by.length() > 45) {
                    by = by.substring(0, 44) + "…";
                }
                String size = human ? ByteSizes.human(r.size()) : Long.toString(r.size());
                out.printf("%-12s  %-16s  %-45s  %-9s  %s%n", id, created(r.created()), by, size, r.comment());
            }
        }
        return ExitCode.OK;
    }

    private String created(String created) {
        if (created == null) {
            return "N/A";
        }
        if (!human) {
            return created;
        }
        try {
            Duration d = Duration.between(Instant.parse(created), Instant.now());
            long days = d.toDays();
            return days >= 365 ? days / 365 + " years ago" : days >= 30 ? days / 30 + " months ago"
                    : days >= 1 ? days + " days ago" : d.toHours() >= 1 ? d.toHours() + " hours ago" : "less than an hour ago";
        } catch (java.time.format.DateTimeParseException e) {
            return created;
        }
    }
}
