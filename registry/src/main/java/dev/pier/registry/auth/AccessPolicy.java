package dev.pier.registry.auth;

import dev.pier.image.PierException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which actions a user may take on a repository. Without rules every authenticated user may do
 * everything; with rules, only what a matching rule grants. Anonymous requests may pull when
 * {@code anonymousPull} is set, and do nothing else; users may then pull too.
 */
public record AccessPolicy(List<AccessRule> rules, boolean anonymousPull) {
    /** The actions this policy knows. */
    public static final List<String> ACTIONS = List.of("pull", "push", "delete");

    public AccessPolicy {
        rules = rules == null ? List.of() : List.copyOf(rules);
        for (AccessRule r : rules) {
            if (r.account() == null || r.repository() == null || r.actions() == null || r.actions().isEmpty()) {
                throw new PierException("access rule " + r + " needs account, repository and actions");
            }
            for (String a : r.actions()) {
                if (!"*".equals(a) && !ACTIONS.contains(a)) {
                    throw new PierException("unknown action \"" + a + "\" in the access rule for " + r.account() + ": use pull, push, delete or *");
                }
            }
        }
    }

    /** The actions (a subset of {@link #ACTIONS}) granted to {@code user} ({@code null}: anonymous) on {@code repo}. */
    public Set<String> allowed(String user, String repo) {
        Set<String> out = new LinkedHashSet<>();
        if (user == null) {
            if (anonymousPull) {
                out.add("pull");
            }
            return out;
        }
        if (rules.isEmpty()) {
            out.addAll(ACTIONS);
            return out;
        }
        if (anonymousPull) {
            out.add("pull"); // a user may do at least what anyone may
        }
        for (AccessRule r : rules) {
            if (r.matches(user, repo)) {
                for (String a : r.actions()) {
                    if ("*".equals(a)) {
                        out.addAll(ACTIONS);
                    } else if (ACTIONS.contains(a)) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code user} may take {@code action} on {@code repo}. */
    public boolean allows(String user, String repo, String action) {
        return allowed(user, repo).contains(action);
    }
}
