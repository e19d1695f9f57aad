package dev.pier.cli;

import dev.pier.analyze.trace.HttpProbe;

import dev.pier.analyze.slim.ImageSlimmer;
import dev.pier.analyze.slim.SlimOptions;
import dev.pier.analyze.slim.SlimResult;
import dev.pier.image.PierException;
import dev.pier.image.io.ByteSizes;
import dev.pier.image.ref.Reference;
import dev.pier.image.spec.Json;
import dev.pier.image.transport.ImageDestination;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import dev.pier.runtime.engine.ContainerEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pier slim IMAGE [COMMAND...]}: the work is {@link ImageSlimmer}'s. */
@Command(name = "slim", description = {"Run an image under strace, then make an image of only the files the run used (with their "
        + "ELF libraries); write the seccomp profile and print the capabilities the run needed. Root only, as pier run.",
        "The container's output goes to this command's output, before the report."})
final class SlimCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Parameters(index = "0", paramLabel = "IMAGE", description = "An image location (see pier copy --help).")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command to trace (default: the image's Cmd); the slim image runs it by default.")
    List<String> command = new ArrayList<>();

    @Option(names = {"-t", "--tag"}, paramLabel = "NEW", description = "Where to write the slim image (default: NAME:TAG-slim in the local store).")
    String target;

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Replace the image's Entrypoint for the traced run.")
    String entrypoint;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Set an environment variable for the traced run.")
    List<String> env = new ArrayList<>();

    @Option(names = "--http-probe", paramLabel = "PORT[/PATH]", description = "GET http://127.0.0.1:PORT/PATH once the server answers, then stop it (runs with --network host).")
    String httpProbe;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop the container after this long (for servers); with --http-probe, how long to wait for an answer (default 60).")
    Long timeout;

    @Option(names = "--include", paramLabel = "PATH", description = "Also keep this path of the image (and what it needs).")
    List<String> include = new ArrayList<>();

    @Option(names = "--seccomp-profile", paramLabel = "FILE", description = "Write the seccomp profile of the calls seen, for pier run --security-opt seccomp=FILE.")
    Path seccompProfile;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new PierException("unsupported --format " + format + ": use text or json");
        }
        if (timeout != null && timeout <= 0) {
            throw new PierException("--timeout " + timeout + ": expected a positive number of seconds");
        }
        SlimOptions options = new SlimOptions(command, Optional.ofNullable(entrypoint).map(e -> e.isEmpty() ? List.<String>of() : List.of(e)),
                env, Optional.ofNullable(httpProbe).map(HttpProbe::parse), Optional.ofNullable(timeout).map(Duration::ofSeconds), include);
        String destination = target != null ? target : defaultTarget(image);
        SlimResult result;
        pier.out().flush();
        try (ImageSource src = ImageLocation.parse(image, pier::store).openSource();
             ImageDestination dst = ImageLocation.parse(destination, pier::store).openDestination()) {
            result = ImageSlimmer.slim(src.image(dev.pier.image.spec.Platform.host()), image, options,
                    new ContainerEngine(pier.storeRoot()), dst);
        }
        if (seccompProfile != null) {
            Files.writeString(seccompProfile, Json.pretty(result.seccomp()) + "\n");
        }
        report(pier.out(), destination, result);
        return ExitCode.OK;
    }

    /** {@code NAME:TAG-slim} for a local-store name. */
    static String defaultTarget(String image) {
        if (image.contains(":/") || image.matches("^(oci|oci-archive|docker-archive|dir|docker):.*")) {
            throw new PierException("give the slim image's location with -t (" + image + " is not a local-store name)");
        }
        Reference ref = Reference.parse(image);
        if (ref.tag().isEmpty() && ref.digest().isPresent()) {
            throw new PierException("give the slim image's name with -t (" + image + " names a digest)");
        }
        return ref.withTag(ref.tag().orElse(Reference.DEFAULT_TAG) + "-slim").familiarName();
    }

    private void report(PrintWriter out, String destination, SlimResult r) {
        String caps = r.capabilities().isEmpty() ? "" : " --cap-add " + String.join(" --cap-add ", r.capabilities().keySet());
        String seccomp = seccompProfile == null ? "" : " --security-opt seccomp=" + seccompProfile;
        String run = "pier run --rm --cap-drop ALL" + caps + seccomp + " " + destination;
        if (format.equals("json")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("image", destination);
            json.put("digest", r.manifest().digest().toString());
            json.put("before", r.before());
            json.put("after", r.after());
            json.put("ratio", Math.round(r.ratio() * 10) / 10.0);
            json.put("exitStatus", r.exitStatus());
            r.probeStatus().ifPresent(s -> json.put("probeStatus", s));
            json.put("syscalls", r.seccomp().allowed());
            json.put("capabilities", r.capabilities());
            json.put("run", run);
            out.println(Json.pretty(json));
            out.flush();
            return;
        }
        out.printf("slim image %s (%s)%n", destination, r.manifest().digest());
        out.printf("  layers:  %s -> %s compressed (%.1fx smaller)%n", ByteSizes.human(r.before().compressed()),
                ByteSizes.human(r.after().compressed()), r.ratio());
        out.printf("  files:   %d -> %d (%s -> %s)%n", r.before().files(), r.after().files(), ByteSizes.human(r.before().bytes()),
                ByteSizes.human(r.after().bytes()));
        out.printf("  run:     exit status %d%s, %d distinct system calls%n", r.exitStatus(),
                r.probeStatus().map(s -> ", probe answered HTTP " + s).orElse(httpProbe == null ? "" : ", probe never answered"), r.syscalls());
        out.printf("  capabilities: %s%n", r.capabilities().isEmpty() ? "none" : String.join(" ", r.capabilities().keySet()));
        r.capabilities().forEach((cap, why) -> out.printf("    %s: %s%n", cap, why));
        if (seccompProfile != null) {
            out.printf("  seccomp profile: %s (%d calls allowed)%n", seccompProfile, r.seccomp().allowed().size());
        }
        out.printf("  run it:  %s%n", run);
        out.flush();
    }
}
