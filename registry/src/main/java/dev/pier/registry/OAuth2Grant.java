package dev.pier.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pier.image.spec.Json;
import dev.pier.registry.auth.Htpasswd;
import dev.pier.registry.auth.Scope;
import dev.pier.registry.auth.TokenService;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.util.Fields;

/**
 * {@code POST /token}: the OAuth2 form of the token endpoint, as distribution's
 * {@code spec/auth/oauth} describes it. A form ({@code application/x-www-form-urlencoded}) with
 * {@code grant_type=password} (and {@code username}, {@code password}) or
 * {@code grant_type=refresh_token} (and {@code refresh_token}), {@code service}, {@code client_id},
 * optionally {@code scope} and {@code access_type=offline}; the answer is
 * {@code {"access_token", "token", "scope", "expires_in", "issued_at"}}, plus a
 * {@code refresh_token} when one was asked for or used. Failures are answered as RFC 6749 §5.2
 * says: 400 with {@code {"error", "error_description"}}.
 */
final class OAuth2Grant {
    private final TokenService tokens;
    private final Htpasswd users;

    OAuth2Grant(TokenService tokens, Htpasswd users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** A refused request, in RFC 6749's terms ({@code error} is one of its codes). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String error;

        Refused(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }

        byte[] toJson() {
            return Json.write(Json.mapper().createObjectNode().put("error", error).put("error_description", getMessage()));
        }
    }

    /** The token response for the form posted in {@code ex}. */
    byte[] answer(Exchange ex) {
        Fields form;
        try {
            form = FormFields.getFields(ex.request);
        } catch (RuntimeException e) { // too long, too many fields, or not decodable
            throw new Refused("invalid_request", "unreadable form: " + e.getMessage());
        }
        String grantType = required(form, "grant_type");
        String service = required(form, "service");
        required(form, "client_id"); // the spec requires it, for auditing; any value is accepted
        if (!service.equals(tokens.service())) {
            throw new Refused("invalid_request", "unknown service " + service + "; this issuer serves " + tokens.service());
        }
        String account;
        String refresh = null;
        switch (grantType) {
            case "password" -> {
                account = required(form, "username");
                if (users == null || !users.authenticate(account, required(form, "password"))) {
                    throw new Refused("invalid_grant", "invalid username or password");
                }
                if ("offline".equals(form.getValue("access_type"))) {
                    refresh = tokens.issueRefresh(account);
                }
            }
            case "refresh_token" -> {
                refresh = required(form, "refresh_token");
                account = tokens.refreshAccount(refresh)
                        .filter(a -> users != null && users.users().contains(a)) // a removed user's refresh tokens stop working
                        .orElseThrow(() -> new Refused("invalid_grant", "the refresh token is invalid, expired or for another service"));
            }
            default -> throw new Refused("unsupported_grant_type", "grant_type " + grantType + " is not supported; use password or refresh_token");
        }
        ex.authenticated(account);
        TokenService.Issued issued = tokens.issue(account, TokenEndpoint.scopes(form.getValues("scope")));
        ObjectNode body = Json.mapper().createObjectNode()
                .put("access_token", issued.token())
                .put("token", issued.token())
                .put("scope", issued.access().stream().map(Scope::toString).collect(Collectors.joining(" ")))
                .put("expires_in", issued.expiresIn().toSeconds())
                .put("issued_at", DateTimeFormatter.ISO_INSTANT.format(issued.issuedAt()));
        if (refresh != null) {
            body.put("refresh_token", refresh);
        }
        return Json.write(body);
    }

    private static String required(Fields form, String name) {
        String value = form.getValue(name);
        if (value == null || value.isEmpty()) {
            throw new Refused("invalid_request", "the form parameter " + name + " is required");
        }
        return value;
    }
}
