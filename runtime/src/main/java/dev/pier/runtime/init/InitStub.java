package dev.pier.runtime.init;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

/**
 * The container's init stub: a 700-byte static x86-64 executable (its source is
 * {@code runtime/src/main/asm/init-stub-x86_64.S}) that waits for a byte (on exec.fifo, or for
 * exec on a pipe, see {@link ExecLauncher}), then makes the system calls of a
 * {@link SyscallPlan} and ends in execve. It lets pier-runc start a container
 * without a second JVM: the stub is PID 1 from the moment create returns, and nothing but the
 * plan's calls runs between start and the container's program.
 */
public final class InitStub {
    /** The stub waits for a byte on this descriptor: exec.fifo for a container's init, a pipe for exec. */
    public static final int FIFO_FD = 1022;
    /** The stub reads its plan from this descriptor. */
    public static final int PLAN_FD = 1023;
    /** The largest plan the stub reads (its buffer). */
    public static final int MAX_PLAN = 1 << 20;

    private static final byte[] X86_64 = Base64.getDecoder().decode(
            "f0VMRgIBAQAAAAAAAAAAAAIAPgABAAAAeABAAAAAAABAAAAAAAAAALgBAAAAAAAAAAAAAEAAOAABAEAABAADAAEAAAAHAAAAeAAAAAAAAAB4AEAAAAAAAHgAQAAAAAAAKAEAAAAAAABIARAAAAAAAAgAAAAAAAAAMcC//gMAAEiNNRoBAAC6AQAAAA8FSIP4AQ+F/AAAALgDAAAAv/4DAAAPBTHAv/8DAABIjTUPAQAAugAAEAAPBUiFwA+O0gAAALgDAAAAv/8DAAAPBUiNHewAAABIiwtIjXMISIXJdBBIiwZIARwDSIPGCEj/yevrTIsmTI1uCE2F5A+EjAAAAEmLRQBJi30ISYt1EEmLVRhNi1UgTYtFKE2LTTAPBUg9AfD//3MJSYPFSEn/zOvISYN9OAB08Ej32EmJxrgBAAAAvwIAAABJi3U4SYtVQA8FSI01aAAAAMYGCkmJ90yJ8LkKAAAAMdJI9/GAwjBI/86IFkiFwHXuTIn6SCnySP/CuAEAAAC/AgAAAA8Fv38AAADrBb99AAAAuOcAAAAPBfQALnNoc3RydGFiAC50ZXh0AC5ic3MAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACwAAAAEAAAAHAAAAAAAAAHgAQAAAAAAAeAAAAAAAAAAoAQAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAABEAAAAIAAAAAwAAAAAAAACgAUAAAAAAAKABAAAAAAAAIAAQAAAAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAABAAAAAwAAAAAAAAAAAAAAAAAAAAAAAACgAQAAAAAAABYAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAA");

    private InitStub() {}

    /** Whether this machine has a stub (x86-64 only). */
    public static boolean available() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** The stub's bytes for this machine, or empty where there is none (any architecture but x86-64). */
    public static Optional<byte[]> forThisMachine() {
        return available() ? Optional.of(X86_64.clone()) : Optional.empty();
    }

    /**
     * Writes the stub as the executable file {@code dir/init-stub} (mode 0700; a container's state
     * directory, removed with it), or returns empty where this machine has no stub.
     */
    public static Optional<Path> install(Path dir) throws IOException {
        Optional<byte[]> bytes = forThisMachine();
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Path stub = dir.resolve("init-stub");
        Files.write(stub, bytes.get(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
        return Optional.of(stub);
    }

    /**
     * The stub as {@code dir/init-stub}, written when it is not there yet (a container whose init
     * is a JVM has none): atomically, since another exec may be starting it at the same time.
     * Empty where this machine has no stub.
     */
    public static Optional<Path> installed(Path dir) throws IOException {
        if (!available()) {
            return Optional.empty();
        }
        Path stub = dir.resolve("init-stub");
        if (!Files.isExecutable(stub)) {
            Path tmp = Files.createTempFile(dir, ".init-stub", "");
            try {
                Files.write(tmp, X86_64);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
                Files.move(tmp, stub, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return Optional.of(stub);
    }
}
