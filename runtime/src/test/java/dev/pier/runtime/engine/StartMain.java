package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.nio.file.Path;

/**
 * {@code StartMain STORE CONTAINER}: {@link ContainerControl#startInteractive} ({@code pier start
 * -ai}) in a process of its own, exiting with the container's status, or 1 after one line on
 * stderr when it is refused.
 */
public final class StartMain {
    private StartMain() {}

    public static void main(String[] a) {
        try {
            System.exit(new ContainerEngine(Path.of(a[0])).control().startInteractive(a[1]));
        } catch (RuntimeError e) {
            System.err.println("pier: " + e.getMessage());
            System.exit(1);
        }
    }
}
