package dev.pier.runtime.engine;

import dev.pier.image.spec.ImageConfig;
import dev.pier.image.spec.Json;
import dev.pier.image.store.LocalStore;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.container.Containers;
import dev.pier.runtime.network.Slirp4netns;
import dev.pier.runtime.spec.Mount;
import dev.pier.runtime.spec.Spec;
import dev.pier.runtime.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs containers of images, as {@code podman run} does, without a daemon: the library behind
 * {@code pier run}, {@code ps}, {@code stop}, {@code rm}, ... Everything lives under the store
 * root: extracted layers in {@code layers/} ({@link LayerStore}), containers in
 * {@code containers/<id>/} ({@link ContainerStore}), named volumes in {@code volumes/}, and the
 * runtime's state in {@code runc/}. Lifecycle operations are in {@link ContainerControl}.
 */
public final class ContainerEngine {
    private final Path root;

    /** An engine over the store at {@code storeRoot}. */
    public ContainerEngine(Path storeRoot) {
        this.root = storeRoot.toAbsolutePath();
    }

    /**
     * Starts making the runtime's first native call on a thread of its own ({@link Libc#link}):
     * a command about to run a container calls it first, so that linking the calls overlaps its
     * reading of the image instead of delaying the container's first mount. Only the first call
     * starts a thread.
     */
    public static void linkNativeCalls() {
        Libc.linkInBackground();
    }

    /** The store root. */
    public Path root() {
        return root;
    }

    /** The containers' records and directories. */
    public ContainerStore containers() {
        return new ContainerStore(root.resolve("containers"));
    }

    /** The extracted-layer cache. */
    public LayerStore layers() {
        return new LayerStore(root.resolve("layers"));
    }

    /** The OCI runtime's view of the containers (pier-runc's state root). */
    public Containers runc() {
        return new Containers(root.resolve("runc"));
    }

    /** Start, stop, kill, remove, exec, wait and logs. */
    public ContainerControl control() {
        return new ContainerControl(this);
    }

    /**
     * Creates a container: its directory, the rootfs (overlay or copy), the network files and the
     * bundle; records it as {@code created}. Nothing runs yet.
     *
     * @param autoRemove remove everything once it exits
     * @param detached its output goes to {@code console.log}
     */
    /** In a container's directory: the ports it publishes on the bridge network (only on that network). */
    static final String BRIDGE_PORTS = "bridge-ports.json";
    /** In a container's directory: what {@link dev.pier.runtime.network.CniBridge#detach} needs. */
    static final String BRIDGE_STATE = "bridge-state.json";
    /** In a container's directory: the slirp4netns network and ports to publish (only on that network). */
    static final String SLIRP4NETNS = "slirp4netns.json";

    public ContainerRecord create(RunRequest request, boolean autoRemove, boolean detached) {
        String id = HexFormat.of().formatHex(random());
        String name = request.name() == null || request.name().isEmpty() ? "pier_" + id.substring(0, 12) : request.name();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new RuntimeError("invalid container name " + name + " (letters, digits, and _ . - only)");
        }
        RiskPolicy.enforce(request, root);
        RootlessLimits.check(request);
        java.util.Optional<InitBinary> init = request.startup().init()
                ? java.util.Optional.of(InitBinary.find(request.startup().initPath())) : java.util.Optional.empty();
        RunRequest.Protection protection = request.protection();
        if (protection.drift() == DriftMode.BLOCK) {
            DriftGuard.check(request);
        }
        Map<String, byte[]> secrets = SecretFiles.read(protection.secrets(), request.interactive(), System::getenv, System.in);
        ContainerStore store = containers();
        Path dir = store.dirOf(id);
        try {
            Files.createDirectories(store.dir());
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new RuntimeError("cannot create " + dir + ": " + e.getMessage(), e);
        }
        try {
            if (store.exists(name)) {
                throw new RuntimeError("the container name " + name + " is already in use (remove it with pier rm " + name + ")");
            }
            ImageConfig imageConfig = request.image().config();
            var config = imageConfig.config() == null ? dev.pier.image.spec.ContainerConfig.EMPTY : imageConfig.config();
            List<String> args = SpecFactory.args(config, request);
            String mode = RootfsMount.prepare(request.image(), layers(), dir);
            String hostname = request.hostname() != null && !request.hostname().isEmpty() ? request.hostname() : id.substring(0, 12);
            List<Mount> mounts = new ArrayList<>(NetworkFiles.write(dir, request.network(), hostname));
            for (String v : request.volumes()) {
                mounts.add(MountSpecs.volume(v, root.resolve("volumes"), id));
            }
            request.tmpfs().forEach(t -> mounts.add(MountSpecs.tmpfs(t)));
            init.ifPresent(i -> mounts.add(i.mount()));
            if (!secrets.isEmpty()) {
                mounts.add(SecretFiles.bind(dir));
            }
            Spec spec = SpecFactory.spec(config, request, dir.resolve("rootfs"), hostname, mounts, "/pier/" + id);
            Files.createDirectories(dir.resolve("bundle"));
            Files.write(dir.resolve("bundle/config.json"), Json.write(spec));
            if (request.network().equals("bridge")) {
                // the supervisor, maybe another process, connects the container between create and start
                Files.write(dir.resolve(BRIDGE_PORTS), Json.write(request.ports()));
            } else if (Slirp4netns.names(request.network())) {
                Files.write(dir.resolve(SLIRP4NETNS), Json.write(new Slirp4netns.Setup(request.network(), request.ports())));
            }
            if (!secrets.isEmpty()) {
                SecretOrigin.save(dir, protection.secrets());   // where from, never what: pier start reads files again
                SecretFiles.write(dir, secrets, spec.process().user().uid(), spec.process().user().gid());
            }
            warnAboutRoot(spec);
            String stop = config.stopSignal() == null || config.stopSignal().isEmpty() ? "SIGTERM" : config.stopSignal();
            ContainerRecord record = new ContainerRecord(id, name, request.imageName(), request.image().descriptor().digest().toString(),
                    args, Instant.now().toString(), "created", null, null, null, stop, autoRemove, detached, mode,
                    List.copyOf(secrets.keySet()), protection.drift().flagValue(), networkPolicy(request));
            store.save(record);
            return record;
        } catch (IOException | RuntimeException e) {
            secrets.values().forEach(b -> java.util.Arrays.fill(b, (byte) 0));
            SecretFiles.unmount(dir);
            RootfsMount.unmount(dir);
            Trees.delete(dir);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new RuntimeError("cannot create the container: " + e.getMessage(), e);
        }
    }

    /**
     * The network of a container whose {@code --network} is not given: {@code slirp4netns} when
     * rootless, as podman's default; as root {@code bridge} when {@code portsOrEgress} (published
     * ports or an egress policy need it), {@code none} otherwise.
     */
    public static String defaultNetwork(boolean portsOrEgress) {
        return RootlessLimits.rootless() ? Slirp4netns.NAME : portsOrEgress ? "bridge" : "none";
    }

    /** Creates and runs a container in this process, attached; returns its exit status as docker does. */
    public int run(RunRequest request, boolean autoRemove) {
        return run(request, autoRemove, StartHook.NONE);
    }

    /**
     * As {@link #run(RunRequest, boolean)}, calling {@code hook} once the container is created and
     * before it starts (see {@link StartHook}).
     */
    public int run(RunRequest request, boolean autoRemove, StartHook hook) {
        ContainerRecord record = create(request, autoRemove, false);
        return Supervisor.run(this, record, request.interactive(), hook);
    }

    /** Creates a container and starts it under a detached monitor; returns once it runs (or has already exited). */
    public ContainerRecord runDetached(RunRequest request, boolean autoRemove) {
        ContainerRecord record = create(request, autoRemove, true);
        return new ContainerStart(this).underMonitor(record);
    }

    /**
     * Removes the extracted layers that neither an image of the local store nor a container
     * (running or not) uses: what {@code pier rmi}, {@code pier rm} and {@code pier image prune}
     * leave to do. A container made before containers recorded their layers keeps them all.
     */
    public LayerStore.Pruned pruneLayers() {
        return layers().prune(() -> {
            Set<String> inUse = new HashSet<>();
            try {
                LocalStore.open(root).diffIds().forEach(d -> inUse.add(d.encoded()));
            } catch (IOException e) {
                throw new RuntimeError("cannot read the images of " + root + ": " + e.getMessage(), e);
            }
            for (Path dir : containers().dirs()) {
                var lower = RootfsMount.lowerLayers(dir);
                if (lower.isEmpty() && Files.isDirectory(dir.resolve("upper"))) {
                    System.err.println("pier: warning: container " + dir.getFileName() + " does not record its layers "
                            + "(made by an older Pier): no extracted layer is removed while it exists");
                    return layers().all();
                }
                lower.ifPresent(inUse::addAll);
            }
            return inUse;
        });
    }

    /**
     * The firewall of the container's namespace, with its published ports open: on the bridge
     * network only (with {@code none} there is nothing but loopback; with {@code host}, no
     * namespace of its own to hold one).
     */
    private static dev.pier.runtime.network.NetworkPolicy networkPolicy(RunRequest request) {
        if (!request.network().equals("bridge")) {
            return null;
        }
        return request.networkPolicy().publishing(request.ports());
    }

    /** Root in a container without a user namespace is root on the host once it escapes (unless Pier is rootless): say so, in one line. */
    private static void warnAboutRoot(Spec spec) {
        boolean userNamespace = spec.linux() != null && spec.linux().namespace("user").isPresent();
        if (spec.process().user().uid() == 0 && !userNamespace && !RootlessLimits.rootless()) {
            System.err.println("pier: warning: the container runs as root (uid 0) without a user namespace, "
                    + "so root inside is root on the host if it escapes; run it with -u UID to avoid that");
        }
    }

    private static byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
