package dev.pier.cli;

import dev.pier.analyze.scan.ImageScanner;
import dev.pier.analyze.scan.Sarif;
import dev.pier.analyze.scan.Sbom;
import dev.pier.analyze.scan.SbomArtifact;
import dev.pier.analyze.scan.ScanReport;
import dev.pier.analyze.scan.ScanText;
import dev.pier.analyze.scan.Severity;
import dev.pier.image.PierException;
import dev.pier.image.artifact.ArtifactAttacher;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.spec.Json;
import dev.pier.image.transport.ImageSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier scan IMAGE}: security findings by layer, and a software bill of materials. */
@Command(name = "scan", description = "Find root users, setuid files, world-writable paths and secrets, layer by layer; write SBOMs.")
final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Mixin
    ImageOperand target;

    @Option(names = "--format", defaultValue = "text", description = "text (default), json or sarif.")
    String format;

    @Option(names = "--fail-on", paramLabel = "SEVERITY", description = "Exit 1 when a finding is at least this severe: info, low, medium, high, critical.")
    String failOn;

    @Option(names = "--sbom-spdx", paramLabel = "FILE", description = "Write the package inventory as SPDX 2.3 JSON.")
    Path spdx;

    @Option(names = "--sbom-cyclonedx", paramLabel = "FILE", description = "Write the package inventory as CycloneDX 1.5 JSON.")
    Path cycloneDx;

    @Option(names = "--attach", description = "Attach the SBOM to the scanned image as a referrer, through the referrers API or its fallback tag.")
    boolean attach;

    @Option(names = "--attach-format", paramLabel = "FORMAT", defaultValue = "spdx", description = "The attached SBOM's format: spdx (SPDX 2.3 JSON, default) or cyclonedx (CycloneDX 1.5 JSON).")
    String attachFormat;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json") && !format.equals("sarif")) {
            throw new PierException("unsupported --format " + format + ": use text, json or sarif");
        }
        Severity threshold = failOn == null ? null : Severity.parse(failOn);
        String attachType = attach ? SbomArtifact.mediaType(attachFormat) : null;
        ScanReport report;
        Descriptor scanned;
        try (ImageSource src = target.open(pier)) {
            var image = src.image(dev.pier.image.spec.Platform.host());
            scanned = image.descriptor();
            report = ImageScanner.scan(target.image, image);
        }
        PrintWriter out = pier.out();
        switch (format) {
            case "json" -> out.println(Json.pretty(report));
            case "sarif" -> out.println(Json.pretty(Sarif.of(report, version())));
            default -> out.print(ScanText.render(report));
        }
        out.flush();
        Instant now = Instant.now();
        if (spdx != null) {
            Files.writeString(spdx, Json.pretty(Sbom.spdx(report, now)));
        }
        if (cycloneDx != null) {
            Files.writeString(cycloneDx, Json.pretty(Sbom.cycloneDx(report, now)));
        }
        if (attachType != null) {
            String sbom = Json.pretty(attachType.equals(SbomArtifact.SPDX_JSON) ? Sbom.spdx(report, now) : Sbom.cycloneDx(report, now));
            var artifact = SbomArtifact.of(attachType, sbom, scanned);
            ArtifactAttacher.attach(target.location(pier), artifact);
            pier.err().println("Attached the SBOM (" + attachType + ") to " + target.image + "@" + scanned.digest()
                    + " as " + artifact.manifest().digest());
        }
        return threshold != null && report.hasAtLeast(threshold) ? ExitCode.USER_ERROR : ExitCode.OK;
    }

    private static String version() {
        String v = Pier.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
