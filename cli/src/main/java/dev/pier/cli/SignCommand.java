package dev.pier.cli;

import dev.pier.image.PierException;
import dev.pier.image.sign.SignatureKeys;
import dev.pier.image.sign.Signer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier sign --key KEY IMAGE}: a cosign-compatible signature, attached to the image. */
@Command(name = "sign", description = {
        "Sign an image's manifest digest with a private key, as cosign sign --key does, and attach the signature:",
        "as a referrer of the image (referrers API, or its fallback tag), and in a registry also under cosign's tag sha256-<hex>.sig.",
        "Works for images in the local store, OCI layouts (oci:) and registries (docker://)."})
final class SignCommand implements Callable<Integer> {
    @ParentCommand
    Pier pier;


    @Mixin
    ImageOperand target;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The private key (pier keygen's PREFIX.key, or a PKCS#8 P-256 PEM key).")
    Path key;

    @Option(names = {"-a", "--annotations"}, paramLabel = "KEY=VALUE", description = "A claim signed with the image (the payload's optional section), as cosign's -a.")
    List<String> annotations = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> claims = new TreeMap<>();
        for (String a : annotations) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new PierException("-a " + a + ": expected KEY=VALUE");
            }
            claims.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Signer.Signed signed = Signer.sign(target.location(pier), SignatureKeys.readPrivate(key), claims);
        var out = pier.out();
        out.println("Signed " + target.image + "@" + signed.subject().digest());
        out.println("  referrer " + signed.referrer().digest() + signed.tag().map(t -> ", tag " + t).orElse(""));
        out.flush();
        return ExitCode.OK;
    }
}
