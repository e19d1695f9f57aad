package dev.pier.registry;

/**
 * Who may do what. The router asks before every repository operation; an implementation throws
 * UNAUTHORIZED (no or bad credentials) or DENIED (credentials without the right).
 */
interface Access {
    enum Action { PULL, PUSH, DELETE }

    /** Authenticates the request if it carries credentials; throws UNAUTHORIZED if the registry needs them and they are missing or wrong. */
    void authenticate(Exchange ex);

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
