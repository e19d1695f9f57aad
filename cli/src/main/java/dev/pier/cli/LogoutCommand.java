package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.remote.AuthFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pier logout REGISTRY}: removes stored credentials from the auth file. */
@Command(name = "logout", description = "Remove a registry's stored credentials.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Parameters(paramLabel = "REGISTRY")
    String registry;

    @Option(names = "--authfile", paramLabel = "FILE", description = "The auth file (default: $XDG_RUNTIME_DIR/containers/auth.json).")
    Path authFile;

    @Override
    public Integer call() throws Exception {
        String host = registry.replaceFirst("^(https?|docker)://", "").replaceFirst("/.*$", "");
        Path file = authFile != null ? authFile : AuthFile.defaultWriteFile();
        if (!AuthFile.logout(file, host)) {
            throw new PierException("not logged in to " + host + " (no entry in " + file + ")");
        }
        pier.out().println("Removed login credentials for " + host);
        return ExitCode.OK;
    }
}
