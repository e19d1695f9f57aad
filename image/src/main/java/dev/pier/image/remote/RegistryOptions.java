package dev.pier.image.remote;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How Pier talks to registries, as the command line sets it.
 *
 * @param tlsVerify {@code false} accepts any certificate and plain HTTP (skopeo's {@code --tls-verify=false});
 *                  empty means verify unless registries.conf marks the registry {@code insecure}
 * @param creds credentials given on the command line ({@code --creds}), used instead of any auth file
 * @param authFile the only auth file to read and write ({@code --authfile}); empty means the usual ones
 * @param certDir a directory of extra CA certificates ({@code *.crt}) trusted beside the system's ({@code --cert-dir});
 *                empty means {@code /etc/containers/certs.d/HOST[:PORT]} and {@code /etc/docker/certs.d/HOST[:PORT]}
 * @param chunkSize 0 for monolithic blob uploads, else the size of each PATCH of a chunked upload
 * @param maxAttempts how many times a request is tried on 429, 5xx and dropped connections
 * @param registriesConf the registries.conf to read; empty means {@code $CONTAINERS_REGISTRIES_CONF}
 *                       or {@code /etc/containers/registries.conf} when present
 */
public record RegistryOptions(Optional<Boolean> tlsVerify, Optional<Credentials> creds, Optional<Path> authFile,
                              Optional<Path> certDir, long chunkSize, int maxAttempts, Optional<Path> registriesConf) {

    public RegistryOptions {
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunk size must not be negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Verify TLS, credentials from the usual files, monolithic uploads, 5 attempts. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 5, Optional.empty());
    }

    public RegistryOptions withTlsVerify(boolean verify) {
        return new RegistryOptions(Optional.of(verify), creds, authFile, certDir, chunkSize, maxAttempts, registriesConf);
    }

    public RegistryOptions withCreds(Credentials c) {
        return new RegistryOptions(tlsVerify, Optional.of(c), authFile, certDir, chunkSize, maxAttempts, registriesConf);
    }

    public RegistryOptions withAuthFile(Path file) {
        return new RegistryOptions(tlsVerify, creds, Optional.of(file), certDir, chunkSize, maxAttempts, registriesConf);
    }

    public RegistryOptions withCertDir(Path dir) {
        return new RegistryOptions(tlsVerify, creds, authFile, Optional.of(dir), chunkSize, maxAttempts, registriesConf);
    }

    public RegistryOptions withChunkSize(long size) {
        return new RegistryOptions(tlsVerify, creds, authFile, certDir, size, maxAttempts, registriesConf);
    }

    public RegistryOptions withMaxAttempts(int attempts) {
        return new RegistryOptions(tlsVerify, creds, authFile, certDir, chunkSize, attempts, registriesConf);
    }

    public RegistryOptions withRegistriesConf(Path file) {
        return new RegistryOptions(tlsVerify, creds, authFile, certDir, chunkSize, maxAttempts, Optional.of(file));
    }
}
