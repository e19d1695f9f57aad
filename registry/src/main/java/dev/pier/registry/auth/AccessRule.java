package dev.pier.registry.auth;

import java.util.List;

/**
 * One grant of the access policy: {@code account} may do {@code actions} on repositories matching
 * {@code repository}. {@code account} is a user name or {@code *} (every authenticated user);
 * {@code repository} is a name or a pattern where {@code *} matches any characters, {@code /}
 * included ({@code team/*}); actions are {@code pull}, {@code push}, {@code delete} or {@code *}.
 */
public record AccessRule(String account, String repository, List<String> actions) {

    /** Whether this rule applies to {@code user} (never to anonymous requests) and {@code repo}. */
    public boolean matches(String user, String repo) {
        return user != null && ("*".equals(account) || user.equals(account)) && glob(repository, repo);
    }

    static boolean glob(String pattern, String name) {
        if (pattern == null) {
            return false;
        }
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(name);
        }
        String head = pattern.substring(0, star);
        if (!name.startsWith(head)) {
            return false;
        }
        String rest = pattern.substring(star + 1);
        for (int i = head.length(); i <= name.length(); i++) {
            if (glob(rest, name.substring(i))) {
                return true;
            }
        }
        return false;
    }
}
