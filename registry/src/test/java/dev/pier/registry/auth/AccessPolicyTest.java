package dev.pier.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.image.PierException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Access rules: patterns, accounts, actions, anonymous pulls, validation. */
class AccessPolicyTest {
    static final AccessPolicy POLICY = new AccessPolicy(List.of(
            new AccessRule("alice", "team/*", List.of("pull", "push")),
            new AccessRule("admin", "*", List.of("*")),
            new AccessRule("*", "public/*", List.of("pull"))), false);

    @Test
    void rulesGrantPerAccountAndRepository() {
        assertThat(POLICY.allowed("alice", "team/app")).containsExactly("pull", "push");
        assertThat(POLICY.allowed("alice", "team/a/b")).containsExactly("pull", "push");
        assertThat(POLICY.allowed("alice", "other/x")).isEmpty();
        assertThat(POLICY.allowed("alice", "teamx")).isEmpty();
        assertThat(POLICY.allowed("alice", "public/base")).containsExactly("pull");
        assertThat(POLICY.allowed("bob", "public/base")).containsExactly("pull");
        assertThat(POLICY.allowed("admin", "other/x")).containsExactly("pull", "push", "delete");
        assertThat(POLICY.allowed(null, "public/base")).isEmpty();
    }

    @Test
    void withoutRulesEveryUserMayDoEverythingAndAnonymousOnlyPullIfAllowed() {
        AccessPolicy open = new AccessPolicy(null, true);
        assertThat(open.allowed("anyone", "x")).containsExactly("pull", "push", "delete");
        assertThat(open.allowed(null, "x")).containsExactly("pull");
        assertThat(new AccessPolicy(List.of(), false).allows(null, "x", "pull")).isFalse();
        AccessPolicy anonymous = new AccessPolicy(POLICY.rules(), true);
        assertThat(anonymous.allowed("alice", "other/x")).containsExactly("pull");
    }

    @Test
    void patternsMatchAnyCharacters() {
        assertThat(AccessRule.glob("a*b*c", "axxbyyc")).isTrue();
        assertThat(AccessRule.glob("a*b*c", "axxbyy")).isFalse();
        assertThat(AccessRule.glob("*", "")).isTrue();
        assertThat(AccessRule.glob("team/app", "team/app")).isTrue();
    }

    @Test
    void unknownActionsAndIncompleteRulesAreRefused() {
        assertThatThrownBy(() -> new AccessPolicy(List.of(new AccessRule("a", "*", List.of("pul"))), false))
                .isInstanceOf(PierException.class).hasMessageContaining("unknown action \"pul\"");
        assertThatThrownBy(() -> new AccessPolicy(List.of(new AccessRule(null, "*", List.of("pull"))), false))
                .isInstanceOf(PierException.class).hasMessageContaining("needs account");
    }
}
