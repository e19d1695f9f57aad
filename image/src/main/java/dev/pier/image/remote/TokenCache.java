package dev.pier.image.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens by scope set. A token is handed out until shortly before it expires; then the
 * caller fetches a fresh one (the refresh), as it does after a registry refused it.
 */
public final class TokenCache {
    /** A token is not used in the last moments of its life: a request must reach the registry in time. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    private record Token(String value, Instant expires) {}

    private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    public TokenCache(Clock clock) {
        this.clock = clock;
    }

    public TokenCache() {
        this(Clock.systemUTC());
    }

    /** The token of these scopes, unless it expires within {@link #MARGIN}. */
    public Optional<String> get(String scopeKey) {
        Token t = tokens.get(scopeKey);
        if (t == null || !clock.instant().plus(MARGIN).isBefore(t.expires())) {
            return Optional.empty();
        }
        return Optional.of(t.value());
    }

    public void put(String scopeKey, String token, Duration lifetime) {
        tokens.put(scopeKey, new Token(token, clock.instant().plus(lifetime)));
    }

    /** Forgets a token the registry refused. */
    public void invalidate(String scopeKey) {
        tokens.remove(scopeKey);
    }
}
