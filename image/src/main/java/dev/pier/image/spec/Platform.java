package dev.pier.image.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pier.image.PierException;
import java.util.List;

/**
 * The platform an image runs on, as in an index's descriptors and an image config. Matching
 * follows the normalisation containerd uses: {@code arm64} defaults to variant {@code v8},
 * {@code arm} to {@code v7}, {@code x86_64} means {@code amd64} and {@code aarch64} means {@code arm64}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant,
        List<String> features) {

    public Platform {
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
        features = features == null ? List.of() : List.copyOf(features);
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, null, null, variant, null);
    }

    /** Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()
                || (parts.length == 3 && parts[2].isEmpty())) {
            throw new PierException("invalid platform \"" + text + "\": expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8");
        }
        return of(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** The platform of the machine Pier runs on. */
    public static Platform host() {
        return of("linux", normalizeArchitecture(System.getProperty("os.arch")), null).normalized();
    }

    /** This platform with architecture aliases and default variants resolved. */
    public Platform normalized() {
        String arch = normalizeArchitecture(architecture);
        String v = variant == null || variant.isEmpty() ? null : variant;
        if ("arm64".equals(arch) && v == null) {
            v = "v8";
        } else if ("arm".equals(arch) && v == null) {
            v = "v7";
        } else if ("amd64".equals(arch) && "v1".equals(v)) {
            v = null;
        }
        return new Platform(arch, os == null ? null : os.toLowerCase(java.util.Locale.ROOT), osVersion, osFeatures, v, features);
    }

    /** True when an image for {@code this} platform is what a user asking for {@code wanted} wants. */
    public boolean matches(Platform wanted) {
        Platform a = normalized();
        Platform b = wanted.normalized();
        return eq(a.os, b.os) && eq(a.architecture, b.architecture)
                && (b.variant == null || eq(a.variant, b.variant));
    }

    private static boolean eq(String x, String y) {
        return x == null ? y == null : x.equals(y);
    }

    private static String normalizeArchitecture(String arch) {
        if (arch == null) {
            return null;
        }
        return switch (arch.toLowerCase(java.util.Locale.ROOT)) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i686", "x86" -> "386";
            default -> arch.toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
    }
}
