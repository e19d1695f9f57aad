package dev.pier.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's configuration, read from YAML; command-line flags override it. Every field is
 * optional:
 * <pre>
 * addr: 127.0.0.1:5000
 * readOnly: false
 * storage: {root: /var/lib/pier/registry, uploadExpiry: 24h}
 * tls: {cert: server.crt, key: server.key}
 * limits: {manifestBytes: 4194304, bodyBytes: 0}      # 0: unlimited
 * gc: {interval: 0, grace: 1h, dryRun: false}         # interval 0: no online collection
 * log: {access: true}
 * auth: {htpasswd: htpasswd, rules: [...], token: {...}}   # see {@link AuthConfig}
 * </pre>
 */
public record RegistryConfig(String addr, Boolean readOnly, Storage storage, Tls tls, Limits limits, Gc gc, Log log, AuthConfig auth) {

    public record Storage(Path root, String uploadExpiry) {}

    public record Tls(Path cert, Path key) {}

    public record Limits(Integer manifestBytes, Long bodyBytes) {}

    public record Gc(String interval, String grace, Boolean dryRun) {}

    public record Log(Boolean access) {}

    public static final String DEFAULT_ADDR = "127.0.0.1:5000";

    public static RegistryConfig empty() {
        return new RegistryConfig(null, null, null, null, null, null, null, null);
    }

    public static RegistryConfig load(Path file) throws IOException {
        YAMLMapper yaml = YAMLMapper.builder().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true).build();
        try {
            RegistryConfig c = yaml.readValue(file.toFile(), RegistryConfig.class);
            return c == null ? empty() : c;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new PierException(file + ": invalid registry configuration: " + e.getOriginalMessage());
        }
    }

    public RegistryConfig withAddr(String a) {
        return a == null ? this : new RegistryConfig(a, readOnly, storage, tls, limits, gc, log, auth);
    }

    public RegistryConfig withRoot(Path root) {
        return root == null ? this : new RegistryConfig(addr, readOnly, new Storage(root, storage == null ? null : storage.uploadExpiry()), tls, limits, gc, log, auth);
    }

    public RegistryConfig withReadOnly(Boolean ro) {
        return ro == null ? this : new RegistryConfig(addr, ro, storage, tls, limits, gc, log, auth);
    }

    public RegistryConfig withTls(Path cert, Path key) {
        return cert == null && key == null ? this : new RegistryConfig(addr, readOnly, storage, new Tls(cert, key), limits, gc, log, auth);
    }

    /** This configuration with {@code file} as the htpasswd file (null: unchanged). */
    public RegistryConfig withHtpasswd(Path file) {
        if (file == null) {
            return this;
        }
        AuthConfig a = auth == null ? new AuthConfig(file, null, null, null, null) : auth.withHtpasswd(file);
        return withAuth(a);
    }

    public RegistryConfig withAuth(AuthConfig a) {
        return new RegistryConfig(addr, readOnly, storage, tls, limits, gc, log, a);
    }

    public String effectiveAddr() {
        return addr == null ? DEFAULT_ADDR : addr;
    }

    /** The storage root, or {@code fallback} if none is configured. */
    public Path root(Path fallback) {
        return storage != null && storage.root() != null ? storage.root() : fallback;
    }

    public boolean accessLog() {
        return log == null || log.access() == null || log.access();
    }

    public Duration gcInterval() {
        return gc == null || gc.interval() == null ? Duration.ZERO : duration(gc.interval());
    }

    public boolean gcDryRun() {
        return gc != null && Boolean.TRUE.equals(gc.dryRun());
    }

    public RegistryOptions options() {
        RegistryOptions d = RegistryOptions.defaults();
        int manifest = limits != null && limits.manifestBytes() != null ? limits.manifestBytes() : d.maxManifestBytes();
        long body = limits != null && limits.bodyBytes() != null && limits.bodyBytes() > 0 ? limits.bodyBytes() : d.maxBodyBytes();
        Duration expiry = storage != null && storage.uploadExpiry() != null ? duration(storage.uploadExpiry()) : d.uploadExpiry();
        Duration grace = gc != null && gc.grace() != null ? duration(gc.grace()) : d.gcGrace();
        return new RegistryOptions(Boolean.TRUE.equals(readOnly), manifest, body, expiry, grace);
    }

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** {@code 90s}, {@code 15m}, {@code 24h}, {@code 7d}, {@code 0}, or ISO-8601 ({@code PT1H}). */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (java.time.format.DateTimeParseException e) {
            throw new PierException("invalid duration \"" + text + "\": use e.g. 90s, 15m, 24h, 7d");
        }
    }
}
