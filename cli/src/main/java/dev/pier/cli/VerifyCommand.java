package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.sign.SignatureKeys;
import dev.pier.image.sign.SignatureVerifier;
import dev.pier.image.sign.SignatureVerifier.VerifiedSignature;
import dev.pier.image.spec.Json;
import dev.pier.image.transport.ImageSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier verify --key KEY IMAGE}: checks the image's cosign signatures, exit 1 when none is valid. */
@Command(name = "verify", description = {
        "Verify an image's signatures with a public key, as cosign verify --key does: a signature counts when it is valid",
        "for its payload under the key and the payload names the image's manifest digest. Exits 1 when none does."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Mixin
    ImageOperand target;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The public key (PEM PUBLIC KEY, pier keygen's or cosign's PREFIX.pub).")
    Path key;

    @Option(names = "--format", defaultValue = "text", description = "text (default) or json (the verified payloads, as cosign verify prints them).")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            throw new PierException("unsupported --format " + format + ": use text or json");
        }
        var publicKey = SignatureKeys.readPublic(key);
        SignatureVerifier.Verification v;
        try (ImageSource src = target.open(pier)) {
            v = SignatureVerifier.verify(src, publicKey);
        }
        var out = pier.out();
        if (format.equals("json")) {
            var array = Json.mapper().createArrayNode();
            for (VerifiedSignature s : v.signatures()) {
                array.add(Json.tree(s.payload().bytes(), "payload"));
            }
            out.println(Json.pretty(array));
        } else {
            out.println("Verified " + target.image + "@" + v.subject().digest() + " with " + key + ": "
                    + v.signatures().size() + " valid signature" + (v.signatures().size() == 1 ? "" : "s"));
            for (VerifiedSignature s : v.signatures()) {
                out.println("  " + s.foundIn() + ": " + s.payload().dockerReference()
                        + (s.payload().optional().isEmpty() ? "" : " " + s.payload().optional()));
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
