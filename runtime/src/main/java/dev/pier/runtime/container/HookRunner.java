package dev.pier.runtime.container;

import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.Hook;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs lifecycle hooks: each gets the container's state JSON on stdin and must exit 0 within its timeout; their stdout is discarded, as runc does, their stderr kept. */
public final class HookRunner {
    private HookRunner() {}

    /** Runs {@code hooks} of {@code phase} in order; the first failure throws {@link RuntimeError}. */
    public static void run(String phase, List<Hook> hooks, byte[] state) {
        for (Hook hook : hooks) {
            List<String> command = new java.util.ArrayList<>();
            command.add(hook.path());
            if (hook.args().size() > 1) {
                command.addAll(hook.args().subList(1, hook.args().size()));
            }
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().clear();
            for (String e : hook.env()) {
                int eq = e.indexOf('=');
                if (eq > 0) {
                    pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
                }
            }
            try {
                java.lang.Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(state);
                } catch (IOException e) {
                    // the hook need not read its stdin
                }
                long timeout = hook.timeout() == null || hook.timeout() <= 0 ? Long.MAX_VALUE : hook.timeout();
                if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new RuntimeError(phase + " hook " + hook.path() + " timed out after " + timeout + "s");
                }
                if (p.exitValue() != 0) {
                    throw new RuntimeError(phase + " hook " + hook.path() + " exited with status " + p.exitValue());
                }
            } catch (IOException e) {
                throw new RuntimeError(phase + " hook " + hook.path() + " cannot run: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeError(phase + " hook " + hook.path() + " interrupted", e);
            }
        }
    }
}
