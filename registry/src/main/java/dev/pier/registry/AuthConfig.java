package dev.pier.registry;

import dev.pier.registry.auth.AccessPolicy;
import dev.pier.registry.auth.AccessRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code auth:} section of the registry configuration. Without {@code htpasswd} and without
 * {@code token}, everyone may do everything. With {@code htpasswd} only, requests authenticate
 * with HTTP Basic; with {@code token}, with bearer tokens from the token endpoint ({@code /token}
 * on this server unless {@code token.realm} names another), which checks the htpasswd users.
 * <pre>
 * auth:
 *   htpasswd: /etc/pier/htpasswd       # bcrypt entries (htpasswd -B)
 *   realm: pier                        # Basic realm
 *   anonymousPull: false
 *   rules:                             # none: every user may do everything
 *     - {account: alice, repository: "team/*", actions: [pull, push]}
 *     - {account: "*", repository: "*", actions: [pull]}
 *   token:                             # present: Docker's token protocol
 *     realm: https://registry.example/token   # default: this server's /token
 *     service: pier-registry
 *     issuer: pier
 *     key: /etc/pier/token-key.pem     # default: &lt;storage root&gt;/auth/token-key.pem, made at first start
 *     expiry: 5m
 * </pre>
 */
public record AuthConfig(Path htpasswd, String realm, Boolean anonymousPull, List<AccessRule> rules, Token token) {

    /** The {@code auth.token} section. */
    public record Token(String realm, String service, String issuer, Path key, String expiry) {
        public String effectiveService() {
            return service == null ? "pier-registry" : service;
        }

        public String effectiveIssuer() {
            return issuer == null ? "pier" : issuer;
        }

        public Duration effectiveExpiry() {
            return expiry == null ? Duration.ofMinutes(5) : RegistryConfig.duration(expiry);
        }

        /** The key file: configured, or {@code auth/token-key.pem} under the storage root. */
        public Path keyFile(Path storageRoot) {
            return key != null ? key : storageRoot.resolve("auth").resolve("token-key.pem");
        }
    }

    /** Whether requests are checked at all. */
    public boolean enabled() {
        return htpasswd != null || token != null;
    }

    public String effectiveRealm() {
        return realm == null ? "pier" : realm;
    }

    /** The rules and the anonymous-pull switch as a policy. */
    public AccessPolicy policy() {
        return new AccessPolicy(rules, Boolean.TRUE.equals(anonymousPull));
    }

    /** This section with {@code file} as the htpasswd file (null: unchanged). */
    public AuthConfig withHtpasswd(Path file) {
        return file == null ? this : new AuthConfig(file, realm, anonymousPull, rules, token);
    }
}
