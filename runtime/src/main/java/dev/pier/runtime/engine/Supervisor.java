package dev.pier.runtime.engine;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.Bundle;
import dev.pier.runtime.container.Containers;
import dev.pier.runtime.container.Creator;
import dev.pier.runtime.container.LaunchOptions;
import dev.pier.runtime.network.CniBridge;
import dev.pier.runtime.network.NftRuleset;
import dev.pier.runtime.network.PortMapping;
import dev.pier.runtime.network.Slirp4netns;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a prepared container to its end: creates it with the runtime (the container's stdio is
 * this process's, or a terminal relayed to it by {@link ConsoleRelay}), starts it, records it running, waits, records the exit status, deletes the
 * runtime's state and cgroup, unmounts the rootfs, and removes everything with {@code --rm}.
 * {@code pier run} does this in its own JVM; {@code pier run -d} starts {@link #main} as a
 * detached monitor process ({@code setsid}, stdout and stderr appended to {@code console.log}).
 */
public final class Supervisor {
    private Supervisor() {}

    /** Runs container {@code record} of {@code engine}; returns its exit status (137 after SIGKILL, 125 if it could not start). */
    static int run(ContainerEngine engine, ContainerRecord record, boolean interactive) {
        return run(engine, record, interactive, StartHook.NONE);
    }

    /** As {@link #run(ContainerEngine, ContainerRecord, boolean)}, calling {@code hook} between create and start. */
    static int run(ContainerEngine engine, ContainerRecord record, boolean interactive, StartHook hook) {
        Containers runc = engine.runc();
        Path dir = engine.containers().dirOf(record.id());
        Thread onExit = new Thread(() -> abandon(engine, record));
        ShutdownHooks.add(onExit);
        int status;
        boolean terminal = Bundle.open(dir.resolve("bundle")).spec().process().isTerminal();
        try (ConsoleRelay console = terminal ? ConsoleRelay.listen() : null) {
            Creator.Created created = new Creator(runc, false).create(record.id(), dir.resolve("bundle"),
                    new LaunchOptions(false, 0, console == null ? null : console.socketPath(), false), null,
                    interactive && !terminal ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (console != null) {
                console.attach(interactive);
            }
            // lo of a network namespace of its own is up already: the runtime brings it up, as runc
            if (record.networkPolicy() != null) {   // before the interface exists: never a moment without the rules
                NftRuleset.apply(Path.of("/proc/" + created.info().pid() + "/ns/net"), record.networkPolicy());
            }
            connectBridge(dir, record, created.info().pid());
            try (Slirp4netns slirp = connectSlirp4netns(dir, created.info().pid());
                 DriftWatch watch = record.driftMode() == DriftMode.ALERT
                    ? DriftWatch.start(dir, created.info().pid(), runc.spec(record.id()).mounts(), java.time.Instant.parse(record.created()))
                    : null) {
                try {
                    hook.beforeStart(record, created.info().pid());
                    runc.start(record.id());
                } catch (RuntimeException e) {
                    runc.delete(record.id(), true);
                    throw e;
                }
                engine.containers().save(record.running(created.info().pid()));
                status = created.launcher().waitFor();
            }
            long oom = runc.oomKills(created.info());
            if (status == 1 && (oom > 0 || runc.wasKilled(record.id()))) {
                status = 128 + 9;   // util-linux 2.38's unshare exits 1 when its child died of SIGKILL
            }
            if (oom > 0) {
                System.err.println("pier: container " + record.name() + " was killed by the OOM killer");
            }
        } catch (RuntimeError e) {
            System.err.println("pier: " + e.getMessage());
            status = 125;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 125;
        }
        finish(engine, record, status);
        try {
            ShutdownHooks.remove(onExit);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs anyway and finds nothing to do
        }
        return status;
    }

    /** On the bridge network (the engine left the ports to publish): connects the container's namespace. */
    private static void connectBridge(Path dir, ContainerRecord record, long pid) {
        Path ports = dir.resolve(ContainerEngine.BRIDGE_PORTS);
        if (!Files.isRegularFile(ports)) {
            return;
        }
        try {
            PortMapping[] published = Json.read(Files.readAllBytes(ports), PortMapping[].class, ports.toString());
            CniBridge.attach(record.id(), pid, java.util.List.of(published), dir.resolve(ContainerEngine.BRIDGE_STATE));
        } catch (java.io.IOException e) {
            throw new RuntimeError("cannot read " + ports + ": " + e.getMessage(), e);
        }
    }

    /** On the slirp4netns network: user-mode networking for the container's namespace, until it exits; otherwise null. */
    private static Slirp4netns connectSlirp4netns(Path dir, long pid) {
        Path setup = dir.resolve(ContainerEngine.SLIRP4NETNS);
        if (!Files.isRegularFile(setup)) {
            return null;
        }
        try {
            return Slirp4netns.start(pid, dir, Json.read(Files.readAllBytes(setup), Slirp4netns.Setup.class, setup.toString()));
        } catch (java.io.IOException e) {
            throw new RuntimeError("cannot read " + setup + ": " + e.getMessage(), e);
        }
    }

    private static void finish(ContainerEngine engine, ContainerRecord record, int status) {
        Path dir = engine.containers().dirOf(record.id());
        try {
            if (Files.exists(engine.runc().root().resolve(record.id()))) {
                engine.runc().delete(record.id(), true);
            }
        } catch (RuntimeError e) {
            System.err.println("pier: warning: " + e.getMessage());
        }
        try {
            CniBridge.detach(record.id(), dir.resolve(ContainerEngine.BRIDGE_STATE));
        } catch (RuntimeError e) {
            System.err.println("pier: warning: " + e.getMessage());
        }
        SecretFiles.unmount(dir);
        RootfsMount.unmount(dir);
        if (record.autoRemove()) {
            Trees.delete(dir);
        } else if (Files.isDirectory(dir)) {
            engine.containers().save(record.exited(status));
        }
    }

    /** On SIGINT or SIGTERM of this process: kill the container and clean up as after an exit. */
    private static void abandon(ContainerEngine engine, ContainerRecord record) {
        try {
            if (Files.exists(engine.runc().root().resolve(record.id()))) {
                engine.runc().delete(record.id(), true);
            }
            finish(engine, record, 137);
        } catch (RuntimeException e) {
            // the process is ending
        }
    }

    /** The detached monitor: {@code Supervisor STORE_ROOT ID}. */
    public static void main(String[] args) {
        ContainerEngine engine = new ContainerEngine(Path.of(args[0]));
        ContainerRecord record = engine.containers().load(args[1]);
        System.exit(run(engine, record, false) == 125 ? 125 : 0);
    }
}
