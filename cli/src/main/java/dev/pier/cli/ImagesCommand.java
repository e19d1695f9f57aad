package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pier.image.PierException;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Json;
import dev.pier.image.store.LocalStore;
import dev.pier.image.store.StoredImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier images}: the local store's images, like {@code docker images}. */
@Command(name = "images", description = "List the images in the local store.")
final class ImagesCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Option(names = "--format", defaultValue = "table", description = "table (default) or json.")
    String format;

    /** One row of the listing. */
    record Row(@JsonProperty("Repository") String repository, @JsonProperty("Tag") String tag,
               @JsonProperty("Id") String id, @JsonProperty("Digest") String digest,
               @JsonProperty("Created") String created, @JsonProperty("Size") long size) {}

    @Override
    public Integer call() {
        LocalStore store = pier.store();
        List<Row> rows = new ArrayList<>();
        for (StoredImage image : store.images()) {
            rows.add(row(store, image));
        }
        PrintWriter out = pier.out();
        switch (format) {
            case "json" -> out.println(Json.pretty(rows));
            case "table" -> printTable(out, rows);
            default -> throw new PierException("unknown --format " + format + ": use table or json");
        }
        return ExitCode.OK;
    }

    private static Row row(LocalStore store, StoredImage image) {
        String repository = image.name();
        String tag = "<none>";
        try {
            Reference r = Reference.parse(image.name());
            repository = r.repository();
            tag = r.tag().orElse("<none>");
        } catch (PierException e) {
            // a name written by another tool; shown as it is
        }
        var summary = store.summary(image);
        String id = store.imageId(image).map(d -> d.encoded().substring(0, 12)).orElse("<unknown>");
        return new Row(repository, tag, id, image.manifest().digest().toString(), summary.created(), summary.size());
    }

    private static void printTable(PrintWriter out, List<Row> rows) {
        String fmt = "%-40s %-16s %-14s %-22s %s%n";
        out.printf(fmt, "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (Row r : rows) {
            out.printf(fmt, r.repository(), r.tag(), r.id(), r.created() == null ? "" : r.created(), ByteSizes.human(r.size()));
        }
    }
}
