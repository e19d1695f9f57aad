package dev.pier.cli;

import dev.pier.image.remote.Credentials;
import dev.pier.image.remote.RegistryOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The registry options of copy, inspect, pull, push, tags and delete, spelled as skopeo and podman do. */
final class RegistryFlags {
    @Option(names = "--tls-verify", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "Require HTTPS and verify certificates (default: true, unless registries.conf marks the registry insecure).")
    Boolean tlsVerify;

    @Option(names = "--creds", paramLabel = "USER[:PASSWORD]", description = "Credentials for the registry.")
    String creds;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Auth file to read credentials from (default: the usual containers and docker files).")
    Path authFile;

    @Option(names = "--cert-dir", paramLabel = "DIR", description = "Directory of CA certificates (*.crt) to trust besides the system's.")
    Path certDir;

    @Option(names = "--chunk-size", paramLabel = "BYTES", description = "Upload blobs in chunks of this size (default: one request per blob).")
    Long chunkSize;

    @Option(names = "--retry-times", paramLabel = "N", description = "Attempts per request on 429, 5xx and dropped connections (default: 5).")
    Integer retries;

    @Option(names = "--registries-conf", paramLabel = "FILE",
            description = "registries.conf to read (default: $CONTAINERS_REGISTRIES_CONF, else /etc/containers/registries.conf).")
    java.nio.file.Path registriesConf;

    RegistryOptions options() {
        RegistryOptions o = RegistryOptions.defaults();
        if (tlsVerify != null) {
            o = o.withTlsVerify(tlsVerify);
        }
        if (creds != null) {
            o = o.withCreds(credentials(creds, "--creds"));
        }
        if (authFile != null) {
            o = o.withAuthFile(authFile);
        }
        if (certDir != null) {
            o = o.withCertDir(certDir);
        }
        if (chunkSize != null) {
            o = o.withChunkSize(chunkSize);
        }
        if (retries != null) {
            o = o.withMaxAttempts(Math.max(1, retries));
        }
        if (registriesConf != null) {
            o = o.withRegistriesConf(registriesConf);
        }
        return o;
    }

    /** {@code USER:PASSWORD}, or {@code USER} with the password asked on the terminal; {@code flag} names the option in errors. */
    static Credentials credentials(String text, String flag) {
        if (text.contains(":")) {
            return Credentials.parse(text);
        }
        var console = System.console();
        if (console == null) {
            throw new dev.pier.image.PierException(flag + ": no password given and no terminal to ask for one; use " + flag + " USER:PASSWORD");
        }
        return Credentials.parse(text + ":" + new String(console.readPassword("Password: ")));
    }
}
