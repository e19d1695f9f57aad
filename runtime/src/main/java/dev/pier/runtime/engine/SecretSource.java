package dev.pier.runtime.engine;

import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where the content of a {@code pier run --secret} comes from. Reading is bounded by
 * {@link #MAX_BYTES}: a secret is a credential or a key, not a data set, and it lives in memory.
 */
public sealed interface SecretSource {
    /** The largest secret, 1 MiB (Docker swarm allows 500 KB). */
    int MAX_BYTES = 1 << 20;

    /**
     * Reads the secret's bytes.
     *
     * @param environment the caller's environment variables (usually {@code System::getenv})
     * @param stdin the caller's standard input
     * @throws RuntimeError with a one-line message when the source is missing, unreadable or too large
     */
    byte[] read(Function<String, String> environment, InputStream stdin);

    /** A file of the caller's. */
    record HostFile(Path path) implements SecretSource {
        @Override
        public byte[] read(Function<String, String> environment, InputStream stdin) {
            if (!Files.isRegularFile(path)) {
                throw new RuntimeError("secret file " + path + " does not exist or is not a regular file");
            }
            try (InputStream in = Files.newInputStream(path)) {
                return bounded(in, "file " + path);
            } catch (IOException e) {
                throw new RuntimeError("cannot read secret file " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** An environment variable of the caller's (not passed to the container's environment). */
    record Environment(String variable) implements SecretSource {
        @Override
        public byte[] read(Function<String, String> environment, InputStream stdin) {
            String value = environment.apply(variable);
            if (value == null) {
                throw new RuntimeError("secret environment variable " + variable + " is not set");
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_BYTES) {
                throw new RuntimeError("secret environment variable " + variable + " is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /** The caller's standard input, read to its end (so at most one secret can use it). */
    record StandardInput() implements SecretSource {
        @Override
        public byte[] read(Function<String, String> environment, InputStream stdin) {
            try {
                return bounded(stdin, "standard input");
            } catch (IOException e) {
                throw new RuntimeError("cannot read a secret from standard input: " + e.getMessage(), e);
            }
        }
    }

    private static byte[] bounded(InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new RuntimeError("the secret from " + what + " is larger than " + MAX_BYTES + " bytes");
        }
        return bytes;
    }
}
