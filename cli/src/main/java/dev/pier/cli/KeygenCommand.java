package dev.pier.cli;

import dev.pier.image.sign.SignatureKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

/** {@code pier keygen}: an ECDSA P-256 key pair for signing images, as {@code cosign generate-key-pair} makes. */
@Command(name = "keygen", description = {
        "Make an ECDSA P-256 key pair for pier sign: PREFIX.key (unencrypted PKCS#8 PEM, mode 0600) and PREFIX.pub (PEM PUBLIC KEY, which cosign verify --key reads).",
        "The private key is not encrypted: keep it where only you can read it (cosign import-key-pair turns it into cosign's encrypted format)."})
final class KeygenCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;

    @Option(names = "--output-key-prefix", paramLabel = "PREFIX", defaultValue = "cosign",
            description = "Where to write the keys: PREFIX.key and PREFIX.pub (default: cosign, as cosign names them).")
    String prefix;

    @Override
    public Integer call() throws Exception {
        Path privateFile = Path.of(prefix + ".key");
        Path publicFile = Path.of(prefix + ".pub");
        SignatureKeys.write(SignatureKeys.generate(), privateFile, publicFile);
        var out = pier.out();
        out.println("Private key written to " + privateFile + " (unencrypted, mode 0600)");
        out.println("Public key written to " + publicFile);
        out.flush();
        return ExitCode.OK;
    }
}
