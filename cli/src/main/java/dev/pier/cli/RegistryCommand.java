package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import dev.pier.image.store.LocalStore;
import dev.pier.registry.GarbageCollector;
import dev.pier.registry.Registry;
import dev.pier.registry.RegistryConfig;
import dev.pier.registry.RegistryServer;
import dev.pier.registry.storage.FilesystemStorage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pier registry serve|gc}: the embedded distribution-spec registry. */
@Command(name = "registry", description = "Run an OCI registry (distribution-spec v1.1) on the local filesystem.",
        subcommands = {RegistryCommand.Serve.class, RegistryCommand.Gc.class})
final class RegistryCommand implements Runnable {
    @ParentCommand
    Pier pier;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configuration file with the flags applied over it. */
    static RegistryConfig config(Path file, Path root) throws Exception {
        RegistryConfig c = file != null ? RegistryConfig.load(file) : RegistryConfig.empty();
        return c.withRoot(root);
    }

    /** {@code <pier store root>/registry}, unless the configuration or --root says otherwise. */
    Path defaultRoot() {
        Path storeRoot = pier.root != null ? pier.root : LocalStore.defaultRoot();
        return storeRoot.resolve("registry");
    }

    @Command(name = "serve", description = "Serve the registry API until interrupted.")
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        RegistryCommand parent;

        @Option(names = "--addr", paramLabel = "HOST:PORT", description = "Address to listen on (default: 127.0.0.1:5000).")
        String addr;

        @Option(names = "--root", paramLabel = "DIR", description = "Storage directory (default: <pier root>/registry).")
        Path root;

        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration; flags override it.")
        Path config;

        @Option(names = "--read-only", description = "Refuse pushes and deletions.")
        Boolean readOnly;

        @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for HTTPS.")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM (PKCS#8) private key for HTTPS.")
        Path tlsKey;

        @Option(names = "--htpasswd", paramLabel = "FILE", description = "Require HTTP Basic authentication against this htpasswd file (bcrypt: htpasswd -B).")
        Path htpasswd;

        @Option(names = "--quiet", description = "No access log on stdout.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            RegistryConfig c = config(config, root).withAddr(addr).withReadOnly(readOnly).withTls(tlsCert, tlsKey).withHtpasswd(htpasswd);
            PrintWriter err = parent.spec.commandLine().getErr();
            try (RegistryServer server = RegistryServer.start(c, parent.defaultRoot(), quiet ? null : System.out)) {
                err.println("pier: registry listening on " + server.baseUri() + " (storage " + c.root(parent.defaultRoot()) + ")");
                server.join();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "gc", description = "Delete blobs that no manifest references (safe while a registry serves).")
    static final class Gc implements Callable<Integer> {
        @ParentCommand
        RegistryCommand parent;

        @Option(names = "--root", paramLabel = "DIR", description = "Storage directory (default: <pier root>/registry).")
        Path root;

        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration; flags override it.")
        Path config;

        @Option(names = "--dry-run", description = "Only list what would be deleted.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            RegistryConfig c = config(config, root);
            var options = c.options();
            try (var storage = new FilesystemStorage(c.root(parent.defaultRoot()), options.uploadExpiry())) {
                GarbageCollector.Result r = new GarbageCollector(new Registry(storage, options)).collect(dryRun);
                PrintWriter out = parent.spec.commandLine().getOut();
                r.deleted().forEach(d -> out.println((dryRun ? "would delete " : "deleted ") + d));
                out.println(r.marked() + " blobs in use, " + r.deleted().size() + " " + (dryRun ? "to delete" : "deleted")
                        + " (" + ByteSizes.human(r.bytes()) + ")");
            }
            return ExitCode.OK;
        }
    }
}
