package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ps}: the container's processes, through ps(1), or their pids as JSON. */
@Command(name = "ps", description = "Show the processes of a container.")
final class PsCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table or json (default: table).")
    String format = "table";

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "PS_OPTIONS", description = "Options for ps (default: -ef).")
    List<String> psOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<Integer> pids = runc.containers().pids(id);
        PrintWriter out = runc.out;
        if ("json".equals(format)) {
            out.println(new String(Json.write(pids), java.nio.charset.StandardCharsets.UTF_8));
            return 0;
        }
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(psOptions.isEmpty() ? List.of("-ef") : psOptions);
        Process ps = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new String(ps.getInputStream().readAllBytes()).lines().toList();
        ps.waitFor();
        if (lines.isEmpty()) {
            return 0;
        }
        out.println(lines.getFirst());
        int column = List.of(lines.getFirst().trim().split("\\s+")).indexOf("PID");
        Set<String> wanted = pids.stream().map(String::valueOf).collect(Collectors.toSet());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (column >= 0 && column < f.length && wanted.contains(f[column])) {
                out.println(line);
            }
        }
        return 0;
    }
}
