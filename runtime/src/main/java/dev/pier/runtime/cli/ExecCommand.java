package dev.pier.runtime.cli;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.Executor;
import dev.pier.runtime.container.SignalRelay;
import dev.pier.runtime.spec.Process;
import dev.pier.runtime.spec.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<String> command = new ArrayList<>();

    @Option(names = {"-p", "--process"}, paramLabel = "FILE", description = "process.json with the process to run.")
    Path processFile;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY; its master goes to --console-socket.")
    boolean tty;

    @Option(names = "--console-socket", paramLabel = "PATH", description = "Unix socket that receives the pty master (with --tty).")
    Path consoleSocket;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "Set an environment variable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--cwd", paramLabel = "DIR", description = "Working directory in the container.")
    String cwd;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User to run as.")
    String user;

    @Option(names = {"-d", "--detach"}, description = "Do not wait for the process.")
    boolean detach;

    @Option(names = "--pid-file", paramLabel = "FILE", description = "Write the process's pid to FILE.")
    Path pidFile;

    @Override
    public Integer call() throws Exception {
        if (consoleSocket != null && !(tty && detach)) {
            throw new RuntimeError("cannot use --console-socket without --tty and --detach (as runc)");
        }
        if (tty && consoleSocket == null) {
            throw new RuntimeError("exec --tty needs --detach and --console-socket (pier-runc does not relay a terminal itself)");
        }
        Process process = processFile != null
                ? Json.read(Files.readAllBytes(processFile), Process.class, processFile.toString())
                : fromContainer();
        SignalRelay signals = detach ? null : SignalRelay.install();   // before the process can run
        Executor.Started started = new Executor(runc.containers(), runc.debug).exec(id, process, java.util.Optional.ofNullable(consoleSocket));
        if (pidFile != null) {
            Files.writeString(pidFile, String.valueOf(started.pid()));
        }
        if (detach) {
            return 0;
        }
        signals.passTo(started);
        return started.launcher().waitFor();
    }

    /** The container's process with this command's args, env, cwd and user. */
    private Process fromContainer() {
        Process base = runc.containers().spec(id).process();
        List<String> environment = new ArrayList<>(base.env());
        for (String e : env) {
            String name = e.contains("=") ? e.substring(0, e.indexOf('=') + 1) : e + "=";
            environment.removeIf(x -> x.startsWith(name));
            environment.add(e);
        }
        User u = base.user();
        if (user != null) {
            String[] ids = user.split(":");
            u = new User(Long.parseLong(ids[0]), ids.length > 1 ? Long.parseLong(ids[1]) : 0, u.umask(), List.of());
        }
        return new Process(tty, null, u, command, environment, cwd != null ? cwd : base.cwd(), base.capabilities(),
                base.rlimits(), base.noNewPrivileges(), base.apparmorProfile(), base.oomScoreAdj(), base.selinuxLabel());
    }
}
