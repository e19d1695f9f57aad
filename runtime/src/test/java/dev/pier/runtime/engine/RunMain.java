package dev.pier.runtime.engine;

import dev.pier.image.store.LocalStore;
import dev.pier.image.transport.ImageLocation;
import dev.pier.image.transport.ImageSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RunMain STORE IMAGE [--rm] [-u U] [-w W] [-e E] [-v V] [--tmpfs T] [--read-only]
 * [--network N] [--cap-add C] [--cap-drop C] [--security-opt O] [--entrypoint E] [--memory BYTES] [--] CMD...}:
 * {@link ContainerEngine#run} in a process of its own, exiting with the container's status.
 */
public final class RunMain {
    private RunMain() {}

    public static void main(String[] a) throws Exception {
        Path store = Path.of(a[0]);
        List<String> env = new ArrayList<>(), vols = new ArrayList<>(), tmpfs = new ArrayList<>(), add = new ArrayList<>(),
                drop = new ArrayList<>(), opts = new ArrayList<>(), cmd = new ArrayList<>();
        String user = null, workdir = null, network = null;
        List<String> entrypoint = null;
        Long memory = null;
        boolean rm = false, readOnly = false;
        int i = 2;
        for (; i < a.length && a[i].startsWith("-") && !a[i].equals("--"); i++) {
            switch (a[i]) {
                case "--rm" -> rm = true;
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
            RunRequest r = new RunRequest(src.image(dev.pier.image.spec.Platform.host()), a[1], null, cmd, entrypoint, env, user, workdir,
                    null, new RunRequest.Limits(memory, null, null, null), new RunRequest.Security(add, drop, opts, false), vols, tmpfs,
                    readOnly, network, false);
            System.exit(new ContainerEngine(store).run(r, rm));
        }
    }
}
