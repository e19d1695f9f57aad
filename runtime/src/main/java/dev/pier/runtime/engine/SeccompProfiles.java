package dev.pier.runtime.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxSeccomp;
import dev.pier.runtime.spec.LinuxSeccompArg;
import dev.pier.runtime.spec.LinuxSyscall;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Seccomp profiles for one container in runtime-spec form: Pier's default
 * ({@link DefaultSeccompProfile}), or a file given with {@code --security-opt seccomp=FILE} in
 * Docker's format ({@code archMap}, rules with {@code includes} and {@code excludes} by
 * capability, architecture and kernel version) or the runtime-spec's.
 */
public final class SeccompProfiles {
    private SeccompProfiles() {}

    /** Pier's default profile for a container with capabilities {@code caps}, on this machine. */
    public static LinuxSeccomp pierDefault(Collection<String> caps) {
        return DefaultSeccompProfile.of(caps);
    }

    /** The profile in {@code file} (Docker's format, or the runtime-spec's). */
    public static LinuxSeccomp fromFile(Path file, Collection<String> caps) {
        try {
            return convert(Json.tree(Files.readAllBytes(file), file.toString()), caps, goArch(), kernel());
        } catch (IOException e) {
            throw new RuntimeError("cannot read seccomp profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Converts a Docker-format profile for the given capabilities, Go architecture name and kernel version. */
    static LinuxSeccomp convert(JsonNode profile, Collection<String> caps, String arch, int[] kernel) {
        List<String> arches = new ArrayList<>();
        String native_ = switch (arch) {
            case "amd64" -> "SCMP_ARCH_X86_64";
            case "arm64" -> "SCMP_ARCH_AARCH64";
            default -> "SCMP_ARCH_" + arch.toUpperCase(java.util.Locale.ROOT);
        };
        for (JsonNode m : profile.path("archMap")) {
            if (m.path("architecture").asText().equals(native_)) {
                arches.add(native_);
                m.path("subArchitectures").forEach(s -> arches.add(s.asText()));
            }
        }
        profile.path("architectures").forEach(a -> arches.add(a.asText()));
        List<LinuxSyscall> rules = new ArrayList<>();
        for (JsonNode r : profile.path("syscalls")) {
            if (!applies(r.path("includes"), r.path("excludes"), caps, arch, kernel)) {
                continue;
            }
            List<String> names = new ArrayList<>();
            r.path("names").forEach(n -> names.add(n.asText()));
            if (r.hasNonNull("name")) {
                names.add(r.get("name").asText());
            }
            List<LinuxSeccompArg> args = new ArrayList<>();
            for (JsonNode a : r.path("args")) {
                args.add(new LinuxSeccompArg(a.path("index").asInt(), new BigInteger(a.path("value").asText("0")),
                        a.hasNonNull("valueTwo") ? new BigInteger(a.get("valueTwo").asText()) : BigInteger.ZERO, a.path("op").asText()));
            }
            rules.add(new LinuxSyscall(names, r.path("action").asText(), r.hasNonNull("errnoRet") ? r.get("errnoRet").asInt() : null, args));
        }
        return new LinuxSeccomp(profile.path("defaultAction").asText(),
                profile.hasNonNull("defaultErrnoRet") ? profile.get("defaultErrnoRet").asInt() : null, arches, null, rules);
    }

    private static boolean applies(JsonNode includes, JsonNode excludes, Collection<String> caps, String arch, int[] kernel) {
        for (JsonNode c : includes.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        if (includes.path("arches").size() > 0 && !contains(includes.path("arches"), arch)) {
            return false;
        }
        if (includes.hasNonNull("minKernel") && compare(kernel, parse(includes.get("minKernel").asText())) < 0) {
            return false;
        }
        for (JsonNode c : excludes.path("caps")) {
            if (caps.contains(c.asText())) {
                return false;
            }
        }
        return !contains(excludes.path("arches"), arch);
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static String goArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386" -> "386";
            default -> System.getProperty("os.arch");
        };
    }

    static int[] kernel() {
        return parse(System.getProperty("os.version"));
    }

    private static int[] parse(String version) {
        String[] p = version.split("[.-]");
        int[] v = new int[2];
        for (int i = 0; i < 2 && i < p.length; i++) {
            try {
                v[i] = Integer.parseInt(p[i].replaceAll("\\D.*", ""));
            } catch (NumberFormatException e) {
                v[i] = 0;
            }
        }
        return v;
    }

    private static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }
}
