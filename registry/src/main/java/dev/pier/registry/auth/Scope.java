package dev.pier.registry.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A resource scope of Docker's token protocol, {@code type:name:action,action}, e.g.
 * {@code repository:team/app:pull,push}. It is also the shape of one entry of a token's
 * {@code access} claim.
 */
public record Scope(String type, String name, List<String> actions) {
    public Scope {
        actions = List.copyOf(actions);
    }

    /** Parses {@code type[(class)]:name:actions}; the name may contain colons. Returns null if malformed. */
    public static Scope parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first) {
            return null;
        }
        String type = text.substring(0, first);
        int paren = type.indexOf('(');
        if (paren > 0 && type.endsWith(")")) {
            type = type.substring(0, paren);
        }
        String name = text.substring(first + 1, last);
        List<String> actions = new ArrayList<>();
        for (String a : text.substring(last + 1).split(",")) {
            if (!a.isBlank()) {
                actions.add(a.strip());
            }
        }
        return name.isEmpty() ? null : new Scope(type, name, actions);
    }

    /** The scope a request for {@code repo} needs; a push also asks for pull, as Docker's registry does. */
    public static Scope repository(String repo, String... actions) {
        return new Scope("repository", repo, Arrays.asList(actions));
    }

    /** Whether this entry grants {@code action} on {@code type}/{@code name}. */
    public boolean grants(String type, String name, String action) {
        return this.type.equals(type) && this.name.equals(name) && (actions.contains(action) || actions.contains("*"));
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions);
    }
}
