package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.container.ContainerInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code list}: the containers, as a table or JSON. */
@Command(name = "list", aliases = "ls", description = "List containers.")
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table or json (default: table).")
    String format = "table";

    @Option(names = {"-q", "--quiet"}, description = "Only the ids.")
    boolean quiet;

    @Override
    public Integer call() {
        var containers = runc.containers();
        PrintWriter out = runc.out;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ContainerInfo c : containers.list()) {
            String status = containers.status(c);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("ociVersion", c.ociVersion());
            row.put("id", c.id());
            row.put("pid", status.equals("stopped") ? 0 : c.pid());
            row.put("status", status);
            row.put("bundle", c.bundle());
            row.put("rootfs", c.rootfs());
            row.put("created", c.created());
            row.put("owner", c.owner());
            rows.add(row);
        }
        if (quiet) {
            rows.forEach(r -> out.println(r.get("id")));
        } else if ("json".equals(format)) {
            out.println(new String(Json.write(rows), java.nio.charset.StandardCharsets.UTF_8));
        } else {
            out.printf("%-12s %-8s %-10s %-40s %-32s %s%n", "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
            for (var r : rows) {
                out.printf("%-12s %-8s %-10s %-40s %-32s %s%n", r.get("id"), r.get("pid"), r.get("status"), r.get("bundle"),
                        r.get("created"), r.get("owner"));
            }
        }
        return 0;
    }
}
