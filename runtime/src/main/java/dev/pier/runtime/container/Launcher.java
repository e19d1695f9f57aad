package dev.pier.runtime.container;

import dev.pier.image.spec.Json;
import dev.pier.runtime.RuntimeError;
import dev.pier.runtime.spec.LinuxIdMapping;
import dev.pier.runtime.spec.LinuxNamespace;
import dev.pier.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that starts a container's init: {@code nsenter} in front for the namespaces
 * the spec gives a {@code path} to join, then {@code setsid unshare --fork} with a flag for each
 * namespace to create (the user namespace with its mappings, written by unshare — through
 * newuidmap/newgidmap when not root), then the JVM running
 * {@link dev.pier.runtime.init.ContainerInit}. The cgroup namespace is not given to unshare: the
 * init creates it after joining the container's cgroup.
 */
public final class Launcher {
    private static final Map<String, String> UNSHARE = Map.of("pid", "--pid", "mount", "--mount", "uts", "--uts",
            "ipc", "--ipc", "network", "--net", "user", "--user");
    private static final Map<String, String> NSENTER = Map.of("pid", "--pid=", "mount", "--mount=", "uts", "--uts=",
            "ipc", "--ipc=", "network", "--net=", "user", "--user=", "cgroup", "--cgroup=");

    private Launcher() {}

    /** The command that starts the init of {@code spec} with state directory {@code dir}. */
    public static List<String> command(Spec spec, StateDir dir, boolean debug) {
        List<String> cmd = new ArrayList<>(joinCommand(spec));
        cmd.addAll(createCommand(spec, dir, debug, true));
        return cmd;
    }

    /**
     * {@code nsenter ... --} for the namespaces the spec joins by path (it execs what follows),
     * or empty when it joins none.
     */
    static List<String> joinCommand(Spec spec) {
        List<String> join = new ArrayList<>();
        for (LinuxNamespace ns : namespaces(spec)) {
            if (ns.path() != null && !ns.path().isEmpty()) {
                String flag = NSENTER.get(ns.type());
                if (flag == null) {
                    throw new RuntimeError("unknown namespace type " + ns.type());
                }
                join.add(flag + ns.path());
            }
        }
        if (join.isEmpty()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--no-fork", "--preserve-credentials"));
        cmd.addAll(join);
        cmd.add("--");
        return cmd;
    }

    /**
     * {@code setsid unshare --fork} with the namespaces to create — the user namespace with its
     * one mapping only if {@code withUser} — then the JVM running the init.
     */
    static List<String> createCommand(Spec spec, StateDir dir, boolean debug, boolean withUser) {
        List<String> cmd = new ArrayList<>(List.of("setsid", "unshare", "--fork"));
        for (LinuxNamespace ns : namespaces(spec)) {
            if ((ns.path() == null || ns.path().isEmpty()) && !ns.type().equals("cgroup") && (withUser || !ns.type().equals("user"))) {
                String flag = UNSHARE.get(ns.type());
                if (flag == null) {
                    throw new RuntimeError("unknown namespace type " + ns.type());
                }
                cmd.add(flag);
            }
        }
        if (namespaces(spec).stream().anyMatch(ns -> ns.type().equals("mount") && ns.path() == null)) {
            cmd.add("--propagation=unchanged");   // the init sets rootfsPropagation itself
        }
        if (withUser && creates(spec, "user")) {
            cmd.add("--map-users=" + mapping(spec.linux().uidMappings(), "uid"));
            cmd.add("--map-groups=" + mapping(spec.linux().gidMappings(), "gid"));
        }
        cmd.add("--");
        cmd.addAll(jvm(debug));
        cmd.add(dir.dir().toString());
        return cmd;
    }

    private static List<LinuxNamespace> namespaces(Spec spec) {
        return spec.linux() == null ? List.of() : spec.linux().namespaces();
    }

    /** {@code program} as found on {@code PATH} (posix_spawn and execve take a path, not a name). */
    static String absolute(String program, String path) {
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (java.nio.file.Files.isExecutable(p) && !java.nio.file.Files.isDirectory(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        throw new RuntimeError(program + " not found on PATH (" + path + ")");
    }

    /** Whether the spec asks for a new namespace of {@code type}. */
    public static boolean creates(Spec spec, String type) {
        return spec.linux() != null && spec.linux().namespace(type).filter(n -> n.path() == null || n.path().isEmpty()).isPresent();
    }

    private static String mapping(List<LinuxIdMapping> maps, String what) {
        if (maps.size() != 1) {
            throw new RuntimeError("a user namespace needs exactly one " + what + " mapping on this machine (unshare --map-users takes one), got " + maps.size());
        }
        LinuxIdMapping m = maps.getFirst();
        return m.hostID() + "," + m.containerID() + "," + m.size();
    }

    /**
     * This JVM's {@code java} with the options of the short-lived JVMs Pier starts (a container's
     * init, a detached container's monitor), those the launchers give: and the AOT cache named by
     * system property {@code aotProperty}, made for this class path and these options, when it is
     * there (passed on under the same property). A mutable list, for the caller's options.
     */
    public static List<String> javaCommand(String aotProperty) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=4", "-XX:-UsePerfData", "-Djdk.reflect.useNativeAccessorOnly=true",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"));
        String aot = System.getProperty(aotProperty, "");
        if (!aot.isEmpty() && Path.of(aot).toFile().isFile()) {
            cmd.addAll(List.of("-XX:AOTCache=" + aot, "-D" + aotProperty + "=" + aot));
        }
        return cmd;
    }

    /** The JVM and its options for the init: the class path of this JVM, small and quick to start. */
    static List<String> jvm(boolean debug) {
        List<String> cmd = javaCommand("pier.init.aot");   // the AOT cache ./pier-runc trained
        cmd.addAll(List.of("-Djdk.lang.Process.launchMechanism=FORK", "-Xlog:disable", "-Xlog:all=off"));
        if (debug) {
            cmd.add("-Dpier.debug=true");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.pier.runtime.init.ContainerInit"));
        return cmd;
    }

    /**
     * Writes the files every later command reads: config.json (the bundle's own bytes, which
     * parsed as {@code bundle.spec()}) and state.json.
     */
    static void prepare(StateDir dir, Bundle bundle, ContainerInfo info) throws java.io.IOException {
        Files.write(dir.configJson(), bundle.config());
        Files.write(dir.stateJson(), Json.write(info));
    }

    /** Writes init.json, the JVM init's options. */
    static void prepareJvmInit(StateDir dir, LaunchOptions options) throws java.io.IOException {
        Files.write(dir.dir().resolve("init.json"), Json.write(options));
    }

    private static final class Files {
        static void write(Path p, byte[] b) throws java.io.IOException {
            Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
            java.nio.file.Files.write(tmp, b);
            java.nio.file.Files.move(tmp, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
