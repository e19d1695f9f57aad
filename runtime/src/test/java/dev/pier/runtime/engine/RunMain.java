package dev.pier.runtime.engine;

import dev.pier.image.store.LocalStore;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RunMain STORE IMAGE [--rm] [-d] [-i] [-t] [--init] [--name N] [--allow-dangerous] [--privileged] [--secret S] [--drift D] [--pid P] [--ipc I] [-u U] [-w W] [-e E] [-v V] [--tmpfs T] [--read-only]
 * [--network N] [--cap-add C] [--cap-drop C] [--security-opt O] [--entrypoint E] [--memory BYTES] [--] CMD...}:
 * {@link ContainerEngine#run} in a process of its own, exiting with the container's status.
 */
public final class RunMain {
    private RunMain() {}

    public static void main(String[] a) throws Exception {
        Path store = Path.of(a[0]);
        List<String> env = new ArrayList<>(), vols = new ArrayList<>(), tmpfs = new ArrayList<>(), add = new ArrayList<>(),
                drop = new ArrayList<>(), opts = new ArrayList<>(), cmd = new ArrayList<>();
        String user = null, workdir = null, network = null, pid = null, ipc = null, name = null;
        List<RunSecret> secrets = new ArrayList<>();
        DriftMode drift = DriftMode.OFF;
        boolean allowDangerous = false, privileged = false, detach = false, interactive = false, tty = false, init = false;
        List<String> entrypoint = null;
        Long memory = null;
        boolean rm = false, readOnly = false;
        int i = 2;
        for (; i < a.length && a[i].startsWith("-") && !a[i].equals("--"); i++) {
            switch (a[i]) {
                case "--rm" -> rm = true;
                case "--allow-dangerous" -> allowDangerous = true;
                case "-d" -> detach = true;
                case "-i" -> interactive = true;
                case "-t" -> tty = true;
                case "--init" -> init = true;
                case "--name" -> name = a[++i];
                case "--privileged" -> privileged = true;
                case "--secret" -> secrets.add(RunSecret.parse(a[++i]));
                case "--drift" -> drift = DriftMode.parse(a[++i]);
                case "--pid" -> pid = a[++i];
                case "--ipc" -> ipc = a[++i];
                case "--read-only" -> readOnly = true;
                case "-u" -> user = a[++i];
                case "-w" -> workdir = a[++i];
                case "-e" -> env.add(a[++i]);
                case "-v" -> vols.add(a[++i]);
                case "--tmpfs" -> tmpfs.add(a[++i]);
                case "--network" -> network = a[++i];
                case "--cap-add" -> add.add(a[++i]);
                case "--cap-drop" -> drop.add(a[++i]);
                case "--security-opt" -> opts.add(a[++i]);
                case "--entrypoint" -> entrypoint = List.of(a[++i]);
                case "--memory" -> memory = Long.parseLong(a[++i]);
                default -> throw new IllegalArgumentException(a[i]);
            }
        }
        for (i = i < a.length && a[i].equals("--") ? i + 1 : i; i < a.length; i++) {
            cmd.add(a[i]);
        }
        try (ImageSource src = ImageLocation.parse(a[1], () -> LocalStore.open(store)).openSource()) {
            RunRequest r = new RunRequest(src.image(dev.pier.image.spec.Platform.host()), a[1], name, cmd, entrypoint, env, user, workdir,
                    null, new RunRequest.Limits(memory, null, null, null), new RunRequest.Security(add, drop, opts, privileged), vols,
                    tmpfs, readOnly, network, interactive, pid, ipc, new RunRequest.Protection(secrets, drift, allowDangerous))
                    .withStartup(new RunRequest.Startup(tty, init, java.util.Optional.empty()));
            if (detach) {
                System.out.println(new ContainerEngine(store).runDetached(r, rm).id());
                System.exit(0);
            }
            System.exit(new ContainerEngine(store).run(r, rm));
        }
    }
}
