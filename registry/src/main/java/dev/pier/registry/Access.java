package dev.pier.registry;

/**
 * Who may do what. The router asks before every repository operation; an implementation throws
 * UNAUTHORIZED (no or bad credentials) or DENIED (credentials without the right).
 */
interface Access {
    enum Action {
        PULL, PUSH, DELETE;

        /** The action's name in scopes and access rules. */
        String scopeName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Reads the request's credentials if it carries any; throws UNAUTHORIZED if they are wrong. Missing credentials are not an error here. */
    void authenticate(Exchange ex);

    /** The base endpoint {@code /v2/}: throws UNAUTHORIZED, with the challenge, unless the request may use the registry at all. */
    default void checkBase(Exchange ex) {}

    /** The catalog: throws unless the request may list repositories. */
    default void checkCatalog(Exchange ex) {}

    void check(Exchange ex, String repo, Action action);

    /** Whether the request may read {@code repo} (for cross-repository mounts), without failing it. */
    default boolean mayPull(Exchange ex, String repo) {
        try {
            check(ex, repo, Action.PULL);
            return true;
        } catch (RegistryError e) {
            return false;
        }
    }

    /** Whether the catalog shows {@code repo} to this request. */
    default boolean mayList(Exchange ex, String repo) {
        return mayPull(ex, repo);
    }

    /** Everyone may do everything. */
    static Access open() {
        return new Access() {
            @Override
            public void authenticate(Exchange ex) {}

            @Override
            public void check(Exchange ex, String repo, Action action) {}
        };
    }
}
