package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.remote.AuthFile;
import dev.pier.image.remote.Credentials;
import dev.pier.image.remote.RegistryClient;
import dev.pier.image.remote.RegistryOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pier login REGISTRY}: checks credentials with the registry and stores them in podman's auth.json. */
@Command(name = "login", description = "Log in to a registry: check the credentials and store them (podman's auth.json).")
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Parameters(paramLabel = "REGISTRY", description = "e.g. registry.example.com or 127.0.0.1:5000")
    String registry;

    @Option(names = {"-u", "--username"}, paramLabel = "USER")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "The password (prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Where to store the credentials (default: $XDG_RUNTIME_DIR/containers/auth.json).")
    Path authFile;

    @Option(names = "--tls-verify", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true", description = "Verify TLS (default: true).")
    Boolean tlsVerify;

    @Option(names = "--cert-dir", paramLabel = "DIR", description = "Directory of CA certificates (*.crt) to trust.")
    Path certDir;

    @Override
    public Integer call() throws Exception {
        String host = registry.replaceFirst("^(https?|docker)://", "").replaceFirst("/.*$", "");
        if (username == null) {
            throw new PierException("pier login: give the user name with --username");
        }
        String secret = password;
        if (passwordStdin) {
            secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (secret == null) {
            var console = System.console();
            if (console == null) {
                throw new PierException("pier login: give the password with --password-stdin or --password");
            }
            secret = new String(console.readPassword("Password: "));
        }
        Credentials creds = new Credentials(username, secret);
        RegistryOptions options = RegistryOptions.defaults().withCreds(creds);
        if (tlsVerify != null) {
            options = options.withTlsVerify(tlsVerify);
        }
        if (certDir != null) {
            options = options.withCertDir(certDir);
        }
        try (RegistryClient client = new RegistryClient(host, options)) {
            client.checkCredentials();
        }
        Path file = authFile != null ? authFile : AuthFile.defaultWriteFile();
        AuthFile.login(file, host, creds);
        pier.out().println("Login Succeeded!");
        return ExitCode.OK;
    }
}
