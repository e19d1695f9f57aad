package dev.pier.runtime.cli;

import dev.pier.runtime.RuntimeError;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code exec}: runs another process in a running container. */
@Command(name = "exec", description = "Execute a new process inside a running container.")
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    PierRunc runc;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "COMMAND")
    List<String> command;

    @Option(names = {"-p", "--process"}, paramLabel = "FILE", description = "process.json with the process to run.")
    String processFile;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY.")
    boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Set an environment variable.")
    List<String> env;

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory in the container.")
    String cwd;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User to run as.")
    String user;

    @Option(names = {"-d", "--detach"}, description = "Do not wait for the process.")
    boolean detach;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the process's pid to FILE.")
    String pidFile;

    @Override
    public Integer call() {
        throw new RuntimeError("exec is not implemented yet");
    }
}
