package dev.pier.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.registry.auth.Htpasswd;
import dev.pier.registry.auth.Scope;
import dev.pier.registry.auth.TokenService;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /token?service=...&scope=...}: the token endpoint of Docker's token protocol. The
 * client authenticates with HTTP Basic against the htpasswd users, or not at all for an anonymous
 * token; the answer is {@code {"token", "access_token", "expires_in", "issued_at"}}. Wrong
 * credentials get 401. {@code POST /token} is the OAuth2 form ({@link OAuth2Grant}): password and
 * refresh-token grants, with refresh tokens for {@code access_type=offline}.
 */
final class TokenEndpoint extends Handler.Wrapper {
    static final String PATH = "/token";
    private final TokenService tokens;
    private final Htpasswd users;
    private final String basicRealm;
    private final OAuth2Grant oauth2;

    TokenEndpoint(TokenService tokens, Htpasswd users, String basicRealm, Handler next) {
        super(next);
        this.tokens = tokens;
        this.users = users;
        this.basicRealm = basicRealm;
        this.oauth2 = new OAuth2Grant(tokens, users);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        Exchange ex = new Exchange(request, response, callback);
        try {
            ex.send(200, "application/json", ex.method().equals("POST") ? oauth2.answer(ex) : token(ex));
        } catch (RegistryError e) {
            ex.drain();
            ex.sendError(e);
        } catch (OAuth2Grant.Refused e) {
            ex.drain();
            ex.send(400, "application/json", e.toJson());
        }
        return true;
    }

    /** The {@code scope} parameter's values: space-separated scopes, possibly given more than once; malformed ones are left out. */
    static List<Scope> scopes(List<String> values) {
        List<Scope> requested = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String one : value.split(" ")) {
                Scope s = one.isBlank() ? null : Scope.parse(one);
                if (s != null) {
                    requested.add(s);
                }
            }
        }
        return requested;
    }

    private byte[] token(Exchange ex) {
        if (!ex.method().equals("GET")) {
            throw RegistryError.of(RegistryError.Code.UNSUPPORTED, 405, "the token endpoint answers GET and POST only");
        }
        String service = ex.param("service");
        if (service != null && !service.equals(tokens.service())) {
            throw RegistryError.of(RegistryError.Code.UNSUPPORTED, 400, "unknown service " + service + "; this issuer serves " + tokens.service());
        }
        String account = null;
        String header = ex.header("Authorization");
        if (header != null) {
            String[] userPass = BasicAccess.basic(header);
            if (userPass == null || users == null || !users.authenticate(userPass[0], userPass[1])) {
                ex.header("WWW-Authenticate", "Basic realm=\"" + basicRealm.replace("\"", "") + "\"");
                throw RegistryError.of(RegistryError.Code.UNAUTHORIZED, "invalid username or password");
            }
            account = userPass[0];
            ex.authenticated(account);
        }
        TokenService.Issued issued = tokens.issue(account, scopes(ex.params("scope")));
        ObjectNode body = Json.mapper().createObjectNode()
                .put("token", issued.token())
                .put("access_token", issued.token())
                .put("expires_in", issued.expiresIn().toSeconds())
                .put("issued_at", DateTimeFormatter.ISO_INSTANT.format(issued.issuedAt()));
        return Json.write(body);
    }
}
