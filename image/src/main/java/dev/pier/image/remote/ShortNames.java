package dev.pier.image.remote;

import dev.pier.image.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a short name such as {@code app:1} the way podman does with registries.conf's
 * {@code unqualified-search-registries}: one candidate per listed registry, in order. A name that
 * names its registry (a first component with a dot or a colon, or {@code localhost}), or a
 * configuration without search registries, gives the one reference Docker's rules make.
 */
public final class ShortNames {
    private ShortNames() {}

    public static List<Reference> candidates(String text, RegistriesConf conf) {
        if (isQualified(text) || conf.unqualifiedSearch().isEmpty()) {
            return List.of(Reference.parse(text));
        }
        List<Reference> out = new ArrayList<>();
        for (String registry : conf.unqualifiedSearch()) {
            out.add(Reference.parse(registry + "/" + text));
        }
        return out;
    }

    static boolean isQualified(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = text.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }
}
