package dev.pier.registry;

import dev.pier.registry.auth.TokenGrant;
import dev.pier.registry.auth.TokenService;
import org.eclipse.jetty.http.HttpURI;

/**
 * Docker's token protocol on the registry side: every request carries a bearer token; without one,
 * or with one that lacks the scope, the answer is 401 with a {@code Bearer} challenge naming the
 * realm, the service and the scope to ask for. A valid token of an account the policy does not
 * allow gets 403 DENIED, so clients stop asking for tokens they cannot get.
 */
final class TokenAccess implements Access {
    private final TokenService tokens;
    /** The token endpoint's URL, or null for this server's {@code /token} as the client reached it. */
    private final String realm;

    TokenAccess(TokenService tokens, String realm) {
        this.tokens = tokens;
        this.realm = realm;
    }

    @Override
    public void authenticate(Exchange ex) {
        String header = ex.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return;
        }
        TokenGrant grant = tokens.verify(header.substring(7).strip());
        if (grant == null) {
            throw unauthorized(ex, null, "invalid_token", "invalid or expired token");
        }
        ex.grant = grant;
        ex.authenticated(grant.subject());
    }

    @Override
    public void checkBase(Exchange ex) {
        if (ex.grant == null) {
            throw unauthorized(ex, null, null, "authentication required");
        }
    }

    @Override
    public void checkCatalog(Exchange ex) {
        if (ex.grant == null || !ex.grant.allowsCatalog()) {
            throw unauthorized(ex, "registry:catalog:*", ex.grant == null ? null : "insufficient_scope", "authentication required to list repositories");
        }
    }

    @Override
    public void check(Exchange ex, String repo, Action action) {
        String name = action.scopeName();
        if (ex.grant != null && ex.grant.allows(repo, name)) {
            return;
        }
        String user = ex.grant == null ? null : ex.grant.subject();
        if (user != null && !tokens.policy().allows(user, repo, name)) {
            throw RegistryError.of(RegistryError.Code.DENIED, user + " may not " + name + " " + repo);
        }
        String scope = "repository:" + repo + ":" + (action == Action.PUSH ? "pull,push" : name);
        throw unauthorized(ex, scope, ex.grant == null ? null : "insufficient_scope", "authentication required to " + name + " " + repo);
    }

    /** Without touching the response: a mount check must not leave a challenge on a successful answer. */
    @Override
    public boolean mayPull(Exchange ex, String repo) {
        return ex.grant != null && ex.grant.allows(repo, "pull");
    }

    @Override
    public boolean mayList(Exchange ex, String repo) {
        return tokens.policy().allows(ex.user, repo, "pull");
    }

    private RegistryError unauthorized(Exchange ex, String scope, String error, String message) {
        StringBuilder c = new StringBuilder("Bearer realm=\"").append(realm(ex)).append("\",service=\"").append(tokens.service()).append('"');
        if (scope != null) {
            c.append(",scope=\"").append(scope).append('"');
        }
        if (error != null) {
            c.append(",error=\"").append(error).append('"');
        }
        ex.header("WWW-Authenticate", c.toString());
        return RegistryError.of(RegistryError.Code.UNAUTHORIZED, message);
    }

    private String realm(Exchange ex) {
        if (realm != null) {
            return realm;
        }
        HttpURI uri = ex.request.getHttpURI();
        return HttpURI.build(uri).path(TokenEndpoint.PATH).query(null).param(null).fragment(null).user(null).asString();
    }
}
