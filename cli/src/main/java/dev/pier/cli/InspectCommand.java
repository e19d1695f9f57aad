package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.image.spec.RawManifest;
import dev.pier.image.transport.Image;
import dev.pier.image.transport.ImageInfo;
import dev.pier.image.transport.ImageSource;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier inspect}: like {@code skopeo inspect}. */
@Command(name = "inspect", description = "Show an image's digest, tags, platform, layers and config, like skopeo inspect.")
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Mixin
    ImageOperand target;


    @Option(names = "--raw", description = "Print the manifest (or with --config the config) exactly as stored.")
    boolean raw;

    @Option(names = "--config", description = "Print the image config instead of the summary.")
    boolean config;

    @Option(names = "--format", defaultValue = "json", description = "Output format: json (default).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!"json".equals(format)) {
            throw new PierException("unsupported --format " + format + ": inspect prints json");
        }
        PrintWriter out = pier.out();
        var container = raw || config ? java.util.Optional.<dev.pier.runtime.engine.ContainerRecord>empty()
                : ContainerInspect.find(pier.storeRoot(), target.image);
        if (container.isPresent()) {
            out.println(ContainerInspect.json(pier.storeRoot(), container.get()));
            return ExitCode.OK;
        }
        try (ImageSource src = target.open(pier)) {
            RawManifest top = src.manifest();
            if (raw && !config) {
                out.print(new String(top.bytes(), StandardCharsets.UTF_8));
                out.flush();
                return ExitCode.OK;
            }
            Image img = src.image(dev.pier.image.spec.Platform.host());
            if (config) {
                byte[] bytes = img.rawConfig();
                out.println(raw ? new String(bytes, StandardCharsets.UTF_8)
                        : Json.pretty(Json.tree(bytes, "config")));
                return ExitCode.OK;
            }
            out.println(Json.pretty(ImageInfo.of(src.describe(), top.digest(), img, src.repoTags())));
        }
        return ExitCode.OK;
    }
}
