package dev.pier.registry;

import dev.pier.image.PierException;
import dev.pier.image.digest.Digest;
import java.util.regex.Pattern;

/** The grammars of distribution-spec names, tags and digests. */
final class Names {
    static final String NAME_REGEX =
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*";
    static final Pattern NAME = Pattern.compile(NAME_REGEX);
    static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    /** Docker's limit on a repository name. */
    static final int MAX_NAME = 255;

    private Names() {}

    static boolean isName(String s) {
        return s.length() <= MAX_NAME && NAME.matcher(s).matches();
    }

    static boolean isTag(String s) {
        return TAG.matcher(s).matches();
    }

    /** Parses a digest from a request, or throws DIGEST_INVALID. */
    static Digest digest(String text) {
        if (text == null || text.isEmpty()) {
            throw RegistryError.of(RegistryError.Code.DIGEST_INVALID, "digest missing");
        }
        try {
            return Digest.parse(text);
        } catch (PierException e) {
            throw RegistryError.of(RegistryError.Code.DIGEST_INVALID, e.getMessage());
        }
    }
}
