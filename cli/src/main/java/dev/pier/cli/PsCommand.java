package dev.pier.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.runtime.engine.ContainerEngine;
import dev.pier.runtime.engine.ContainerRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier ps}: the containers, like {@code podman ps}. */
@Command(name = "ps", description = "List containers (running ones unless -a).")
final class PsCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Option(names = {"-a", "--all"}, description = "Show all containers, not only running ones.")
    boolean all;

    @Option(names = "--format", defaultValue = "table", description = "table (default) or json.")
    String format;

    /** One row. */
    record Row(@JsonProperty("Id") String id, @JsonProperty("Names") String name, @JsonProperty("Image") String image,
               @JsonProperty("Command") List<String> command, @JsonProperty("Created") String created,
               @JsonProperty("State") String state, @JsonProperty("ExitCode") Integer exitCode) {}

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new PierException("unsupported --format " + format + ": use table or json");
        }
        List<ContainerRecord> records = new ContainerEngine(pier.storeRoot()).containers().list().stream()
                .filter(r -> all || r.status().equals("running")).toList();
        PrintWriter out = pier.out();
        if (format.equals("json")) {
            out.println(Json.pretty(records.stream().map(r -> new Row(r.id(), r.name(), r.image(), r.command(), r.created(),
                    r.status(), r.exitCode())).toList()));
            return ExitCode.OK;
        }
        out.printf("%-12s  %-30s  %-24s  %-20s  %-14s  %s%n", "CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
        for (ContainerRecord r : records) {
            String cmd = String.join(" ", r.command());
            cmd = cmd.length() > 22 ? cmd.substring(0, 21) + "…" : cmd;
            String status = r.status().equals("exited") ? "Exited (" + r.exitCode() + ")" : r.status().equals("running") ? "Up" : "Created";
            out.printf("%-12s  %-30s  %-24s  %-20s  %-14s  %s%n", r.id().substring(0, 12), r.image(), "\"" + cmd + "\"",
                    r.created().replaceFirst("\\.\\d+Z$", "Z"), status, r.name());
        }
        return ExitCode.OK;
    }
}
