package dev.pier.registry.auth;

import java.util.List;

/**
 * What a verified token says: who it was issued to and what it grants.
 *
 * @param subject the account, or null for an anonymous token
 * @param access the token's {@code access} claim
 */
public record TokenGrant(String subject, List<Scope> access) {
    public TokenGrant {
        access = List.copyOf(access);
    }

    /** Whether the token grants {@code action} on the repository {@code repo}. */
    public boolean allows(String repo, String action) {
        return access.stream().anyMatch(s -> s.grants("repository", repo, action));
    }

    /** Whether the token grants listing the catalog ({@code registry:catalog:*}). */
    public boolean allowsCatalog() {
        return access.stream().anyMatch(s -> s.grants("registry", "catalog", "*"));
    }
}
