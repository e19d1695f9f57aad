package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.util.List;
import java.util.stream.Collectors;

/** {@code pier run} refused dangerous settings that {@code --allow-dangerous} did not allow. */
public final class RiskRefused extends RuntimeError {
    private static final long serialVersionUID = 1L;

    /** The refused settings. */
    private final transient List<RiskPolicy.Risk> risks;

    RiskRefused(List<RiskPolicy.Risk> risks) {
        super("refusing dangerous settings: " + risks.stream().map(RiskPolicy.Risk::describe).collect(Collectors.joining("; "))
                + "; add --allow-dangerous to run anyway");
        this.risks = List.copyOf(risks);
    }

    /** The refused settings, in command-line order. */
    public List<RiskPolicy.Risk> risks() {
        return risks;
    }
}
