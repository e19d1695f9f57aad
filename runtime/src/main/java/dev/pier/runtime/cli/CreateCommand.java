package dev.pier.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code create}: creates a container that waits for {@code start}. */
@Command(name = "create", description = "Create a container.")
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Mixin
    CreateOptions options;

    @Option(names = "--no-new-keyring", description = "Accepted; no session keyring is created.")
    boolean noNewKeyring;

    /** The command as picocli would make it from these values (see {@link QuickCommands}). */
    static CreateCommand of(PierRunc runc, CreateOptions options, boolean noNewKeyring) {
        CreateCommand c = new CreateCommand();
        c.runc = runc;
        c.options = options;
        c.noNewKeyring = noNewKeyring;
        return c;
    }

    @Override
    public Integer call() {
        options.create(runc);
        return 0;
    }
}
