package dev.pier.registry;

import dev.pier.image.PierException;
import dev.pier.registry.auth.Htpasswd;
import dev.pier.registry.auth.TokenKeys;
import dev.pier.registry.auth.TokenService;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.server.Handler;

/** The access control the {@code auth:} configuration asks for: the {@link Access} and, for tokens, the token endpoint. */
record AuthSetup(Access access, TokenService tokens, Htpasswd users, String basicRealm) {

    /** Builds it from {@code config} (null: open registry); the token key defaults to a file under {@code storageRoot}. */
    static AuthSetup of(AuthConfig config, Path storageRoot) {
        if (config == null || !config.enabled()) {
            return new AuthSetup(Access.open(), null, null, null);
        }
        Htpasswd users = config.htpasswd() == null ? null : Htpasswd.load(config.htpasswd());
        if (config.token() == null) {
            return new AuthSetup(new BasicAccess(users, config.policy(), config.effectiveRealm()), null, users, config.effectiveRealm());
        }
        AuthConfig.Token t = config.token();
        if (t.key() == null && storageRoot == null) {
            throw new PierException("auth.token.key is required when the storage has no root directory");
        }
        TokenKeys keys = TokenKeys.loadOrCreate(t.keyFile(storageRoot));
        TokenService tokens = new TokenService(keys, t.effectiveIssuer(), t.effectiveService(), t.effectiveExpiry(), config.policy(), Clock.systemUTC());
        if (users == null && tokens.canIssue()) {
            throw new PierException("auth.token needs auth.htpasswd: the token endpoint checks its users");
        }
        return new AuthSetup(new TokenAccess(tokens, t.realm()), tokens, users, config.effectiveRealm());
    }

    /** {@code next} behind the token endpoint when this registry issues tokens. */
    Handler wrap(Handler next) {
        return tokens != null && tokens.canIssue() ? new TokenEndpoint(tokens, users, basicRealm, next) : next;
    }
}
