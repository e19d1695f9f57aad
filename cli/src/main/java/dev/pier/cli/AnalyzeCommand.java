package dev.pier.cli;

import dev.pier.analyze.efficiency.CiRules;
import dev.pier.analyze.efficiency.HtmlReport;
import dev.pier.analyze.efficiency.ImageAnalyzer;
import dev.pier.analyze.efficiency.TextReport;
import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.image.transport.ImageSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier analyze IMAGE}: layer sizes, changes, wasted space and dive's efficiency score. */
@Command(name = "analyze", description = "Show what each layer adds, changes and removes, the wasted space and the efficiency score (as dive computes it).")
final class AnalyzeCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Mixin
    ImageOperand target;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json.")
    String format;

    @Option(names = "--ci", description = "Check the rules below and exit 1 when one fails, one line per failed rule.")
    boolean ci;

    @Option(names = "--lowest-efficiency", defaultValue = "0.9", description = "With --ci: the lowest efficiency allowed (default 0.9; negative disables).")
    double lowestEfficiency;

    @Option(names = "--highest-wasted-bytes", defaultValue = "20MB", description = "With --ci: the most wasted bytes allowed, e.g. 20MB (default), or disabled.")
    String highestWastedBytes;

    @Option(names = "--highest-user-wasted-percent", defaultValue = "0.1",
            description = "With --ci: the highest ratio of wasted bytes to the size of all layers but the first (default 0.1; negative disables).")
    double highestUserWastedPercent;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report to FILE.")
    Path html;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new PierException("unsupported --format " + format + ": use text or json");
        }
        CiRules rules = new CiRules(lowestEfficiency, CiRules.parseBytes(highestWastedBytes), highestUserWastedPercent);
        PrintWriter out = pier.out();
        ImageAnalyzer.Analysis analysis;
        try (ImageSource src = target.open(pier)) {
            analysis = ImageAnalyzer.analyze(target.image, src.image(dev.pier.image.spec.Platform.host()));
        }
        out.print(format.equals("json") ? Json.pretty(analysis.report()) + "\n" : TextReport.render(analysis.report()));
        if (html != null) {
            Files.writeString(html, HtmlReport.render(analysis.report(), analysis.diff()));
        }
        if (ci) {
            List<String> failed = rules.violations(analysis.report());
            failed.forEach(line -> pier.err().println("FAIL: " + line));
            out.flush();
            return failed.isEmpty() ? ExitCode.OK : ExitCode.USER_ERROR;
        }
        out.flush();
        return ExitCode.OK;
    }
}
