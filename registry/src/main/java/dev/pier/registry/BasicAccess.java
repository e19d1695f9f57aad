package dev.pier.registry;

import dev.pier.registry.auth.AccessPolicy;
import dev.pier.registry.auth.Htpasswd;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic authentication against an htpasswd file, with the {@link AccessPolicy} deciding
 * what each user may do: 401 and a {@code Basic} challenge without or with wrong credentials,
 * 403 DENIED for a user the policy does not allow.
 */
final class BasicAccess implements Access {
    private final Htpasswd users;
    private final AccessPolicy policy;
    private final String challenge;

    BasicAccess(Htpasswd users, AccessPolicy policy, String realm) {
        this.users = users;
        this.policy = policy;
        this.challenge = "Basic realm=\"" + realm.replace("\"", "") + "\"";
    }

    @Override
    public void authenticate(Exchange ex) {
        String header = ex.header("Authorization");
        if (header == null) {
            return;
        }
        String[] userPass = basic(header);
        if (userPass == null || !users.authenticate(userPass[0], userPass[1])) {
            throw unauthorized(ex, "invalid username or password");
        }
        ex.authenticated(userPass[0]);
    }

    /** {@code [user, password]} from a Basic Authorization header, or null if it is not one. */
    static String[] basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void checkBase(Exchange ex) {
        if (ex.user == null) {
            throw unauthorized(ex, "authentication required");
        }
    }

    @Override
    public void checkCatalog(Exchange ex) {
        checkBase(ex);
    }

    @Override
    public void check(Exchange ex, String repo, Action action) {
        if (policy.allows(ex.user, repo, action.scopeName())) {
            return;
        }
        if (ex.user == null) {
            throw unauthorized(ex, "authentication required to " + action.scopeName() + " " + repo);
        }
        throw RegistryError.of(RegistryError.Code.DENIED, ex.user + " may not " + action.scopeName() + " " + repo);
    }

    /** Without touching the response: a mount check must not leave a challenge on a successful answer. */
    @Override
    public boolean mayPull(Exchange ex, String repo) {
        return policy.allows(ex.user, repo, "pull");
    }

    private RegistryError unauthorized(Exchange ex, String message) {
        ex.header("WWW-Authenticate", challenge);
        return RegistryError.of(RegistryError.Code.UNAUTHORIZED, message);
    }
}
