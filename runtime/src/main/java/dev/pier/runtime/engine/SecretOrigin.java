package dev.pier.runtime.engine;

import dev.pier.image.spec.Json;
import dev.pier.image.store.AtomicFile;
import dev.pier.runtime.RuntimeError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one secret of a container came from, kept in {@code secret-sources.json} in the
 * container's directory so that {@code pier start} can read a file source again: the absolute
 * path of a file, the name of a variable, or standard input — never the content.
 *
 * @param name the secret's name, its file under {@code /run/secrets/}
 * @param kind {@code file}, {@code env} or {@code stdin}
 * @param location the file's absolute path, the variable's name, or null for standard input
 */
record SecretOrigin(String name, String kind, String location) {
    private static final String FILE = "secret-sources.json";

    /** The origin of {@code secret}; a file's path made absolute, as {@code pier start} may run elsewhere. */
    static SecretOrigin of(RunSecret secret) {
        return switch (secret.source()) {
            case SecretSource.HostFile f -> new SecretOrigin(secret.name(), "file", f.path().toAbsolutePath().normalize().toString());
            case SecretSource.Environment e -> new SecretOrigin(secret.name(), "env", e.variable());
            case SecretSource.StandardInput s -> new SecretOrigin(secret.name(), "stdin", null);
        };
    }

    /** Records the origins of {@code secrets} in {@code containerDir}, atomically. */
    static void save(Path containerDir, List<RunSecret> secrets) throws IOException {
        AtomicFile.write(containerDir.resolve(FILE), Json.write(secrets.stream().map(SecretOrigin::of).toList()));
    }

    /**
     * The secrets to give container {@code record} when it starts again: its file sources, read
     * anew by the caller. A secret that came from {@code pier run}'s environment or standard
     * input cannot be had again (Pier keeps no copy): refused in one line saying what to do, as is
     * a container whose origins were not recorded.
     */
    static List<RunSecret> again(Path containerDir, ContainerRecord record) {
        if (record.secrets().isEmpty()) {
            return List.of();
        }
        Path file = containerDir.resolve(FILE);
        String redo = ": pier rm " + record.name() + " and pier run it again";
        try {
            SecretOrigin[] origins = Json.read(Files.readAllBytes(file), SecretOrigin[].class, file.toString());
            return java.util.Arrays.stream(origins).map(o -> o.secret(record.name(), redo)).toList();
        } catch (NoSuchFileException e) {
            throw new RuntimeError("container " + record.name() + " cannot start again: the sources of its secrets were not recorded "
                    + "(made by an older Pier)" + redo);
        } catch (IOException e) {
            throw new RuntimeError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private RunSecret secret(String container, String redo) {
        String refused = "container " + container + " cannot start again: its secret " + name + " came from ";
        return switch (kind) {
            case "file" -> new RunSecret(name, new SecretSource.HostFile(Path.of(location)));
            case "env" -> throw new RuntimeError(refused + "the variable " + location + " of pier run's environment, which Pier does not keep"
                    + redo + " (a file: secret is read again at each start)");
            case "stdin" -> throw new RuntimeError(refused + "pier run's standard input, which Pier does not keep"
                    + redo + " (a file: secret is read again at each start)");
            default -> throw new RuntimeError("container " + container + ": unknown secret source " + kind + " in " + FILE);
        };
    }
}
