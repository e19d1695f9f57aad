package dev.pier.analyze.profile;

import dev.pier.image.PierException;
import dev.pier.image.spec.Json;
import dev.pier.image.store.AtomicFile;
import dev.pier.runtime.sys.Capabilities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a container did in one traced run ({@code pier run --record-profile FILE}), as a versioned
 * JSON file that {@code pier run --profile FILE} enforces and {@code pier profile show FILE}
 * explains. Lists are sorted, so recording the same behaviour gives the same bytes.
 *
 * @param version the format's version, {@link #VERSION}
 * @param image the image it was recorded from
 * @param command the process's arguments in the recorded run
 * @param exitStatus the recorded run's exit status
 * @param executables the programs executed (paths in the container, as named to execve)
 * @param files the files opened for reading and the paths written, collapsed to directories where many were
 * @param network the connections the program attempted (connect, sendto, sendmsg)
 * @param users the user and group ids the program ran as or switched to
 * @param capabilities the capabilities the run needed, each with the call that showed it
 * @param syscalls the system calls made
 */
public record BehaviourProfile(int version, RecordedImage image, List<String> command, int exitStatus, List<String> executables,
                               FileUse files, List<Connection> network, Ids users, SortedMap<String, String> capabilities,
                               Syscalls syscalls) {
    /** The version this Pier writes and reads. */
    public static final int VERSION = 1;

    public BehaviourProfile {
        command = command == null ? List.of() : List.copyOf(command);
        executables = executables == null ? List.of() : List.copyOf(executables);
        network = network == null ? List.of() : List.copyOf(network);
        capabilities = capabilities == null ? new TreeMap<>() : new TreeMap<>(capabilities);
    }

    /**
     * The image a profile was recorded from.
     *
     * @param name the name it was asked by
     * @param digest its manifest's digest
     */
    public record RecordedImage(String name, String digest) {}

    /**
     * Files used. A path ending in {@code /} stands for the directory's entries (many were used).
     *
     * @param read files opened for reading
     * @param written paths opened for writing, created, removed, renamed or changed
     */
    public record FileUse(List<String> read, List<String> written) {
        public FileUse {
            read = read == null ? List.of() : List.copyOf(read);
            written = written == null ? List.of() : List.copyOf(written);
        }
    }

    /**
     * A connection the program attempted.
     *
     * @param family {@code inet}, {@code inet6} or {@code unix}
     * @param address the peer's address (a socket path for unix)
     * @param port the peer's port (0 for unix)
     * @param protocol {@code tcp}, {@code udp} or {@code stream}/{@code dgram} for unix, when the socket's creation was seen
     */
    public record Connection(String family, String address, int port, String protocol) {}

    /**
     * User and group ids.
     *
     * @param uids the user ids seen (the starting user, getuid's answers, set*uid's arguments)
     * @param gids the group ids seen likewise
     */
    public record Ids(List<Long> uids, List<Long> gids) {
        public Ids {
            uids = uids == null ? List.of() : List.copyOf(uids);
            gids = gids == null ? List.of() : List.copyOf(gids);
        }
    }

    /**
     * System calls.
     *
     * @param made the calls the program made (whatever their result)
     * @param enosys calls that only ever failed with ENOSYS (kept failing so under enforcement)
     * @param runtime the calls the runtime made after loading the seccomp filter, before the program started
     */
    public record Syscalls(List<String> made, List<String> enosys, List<String> runtime) {
        public Syscalls {
            made = made == null ? List.of() : List.copyOf(made);
            enosys = enosys == null ? List.of() : List.copyOf(enosys);
            runtime = runtime == null ? List.of() : List.copyOf(runtime);
        }
    }

    /** Writes the profile to {@code file} atomically (complete or not at all), as indented JSON. */
    public void write(Path file) throws IOException {
        AtomicFile.write(file.toAbsolutePath(), (Json.pretty(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and checks the profile in {@code file}.
     *
     * @throws PierException in one line naming the file and what is wrong with it
     */
    public static BehaviourProfile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PierException("profile " + file + ": no such file");
        } catch (IOException e) {
            throw new PierException("profile " + file + ": cannot read it: " + e.getMessage(), e);
        }
        String what = "profile " + file;
        BehaviourProfile p = Json.read(bytes, BehaviourProfile.class, what);
        p.check(what);
        return p;
    }

    private void check(String what) {
        if (version != VERSION) {
            throw new PierException(what + ": version " + version + " is not supported (this Pier reads version " + VERSION + ")");
        }
        if (image == null || image.digest() == null || !image.digest().matches("sha256:[0-9a-f]{64}")) {
            throw new PierException(what + ": no valid image digest (\"image\": {\"digest\": \"sha256:...\"})");
        }
        if (files == null || syscalls == null || users == null) {
            throw new PierException(what + ": \"files\", \"users\" and \"syscalls\" are required");
        }
        for (List<String> names : List.of(syscalls.made(), syscalls.enosys(), syscalls.runtime())) {
            names.stream().filter(n -> n == null || !n.matches("[a-z0-9_]{1,64}")).findFirst().ifPresent(n -> {
                throw new PierException(what + ": invalid system call name " + n);
            });
        }
        for (String cap : capabilities.keySet()) {
            try {
                if (!cap.startsWith("CAP_")) {
                    throw new IllegalArgumentException(cap);
                }
                Capabilities.number(cap);
            } catch (RuntimeException e) {
                throw new PierException(what + ": unknown capability " + cap);
            }
        }
        for (List<String> paths : List.of(files.read(), files.written(), executables)) {
            paths.stream().filter(p -> !ProfilePaths.valid(p)).findFirst().ifPresent(p -> {
                throw new PierException(what + ": invalid path " + p + " (absolute, without . or .. components)");
            });
        }
        for (Connection c : network) {
            if (c == null || !List.of("inet", "inet6", "unix").contains(c.family()) || c.port() < 0 || c.port() > 65535 || c.address() == null) {
                throw new PierException(what + ": invalid network connection " + c);
            }
        }
    }
}
