package dev.pier.image.remote;

import dev.pier.image.PierException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password (or, when {@code username} is {@code <token>}, an identity token as
 * docker credential helpers return it). {@link #toString()} never shows the secret.
 */
public record Credentials(String username, String password) {

    /** The user name credential helpers use for identity tokens. */
    public static final String TOKEN_USER = "<token>";

    /** Parses {@code --creds USER[:PASSWORD]}. */
    public static Credentials parse(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0) {
            throw new PierException("--creds: expected USER:PASSWORD");
        }
        return new Credentials(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
    }

    /** Decodes the {@code auth} field of an auth file: base64 of {@code user:password}. */
    public static Credentials fromAuthField(String base64, String where) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PierException(where + ": the \"auth\" field is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new PierException(where + ": the \"auth\" field is not base64 of user:password");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The {@code auth} field of an auth file. */
    public String authField() {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The value of an {@code Authorization: Basic} header. */
    public String basicHeader() {
        return "Basic " + authField();
    }

    public boolean isIdentityToken() {
        return TOKEN_USER.equals(username);
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ***]";
    }
}
