package dev.pier.runtime.sys;

import dev.pier.runtime.spec.LinuxSeccomp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Compiled seccomp filters kept by their profile: a container whose profile was
 * compiled before loads the BPF program from a file instead of loading libseccomp and compiling
 * again (a few hundred rules for Docker's default profile). The files live in a directory of the
 * runtime's root, which only its owner can write.
 */
public final class SeccompCache {
    private SeccompCache() {}

    /**
     * The BPF program of {@code profile}: from {@code dir} when it is there, else compiled and
     * stored (atomically). The key is the profile's JSON (every field; a record's toString would
     * cost its first call a generated method).
     */
    public static byte[] bpf(Path dir, LinuxSeccomp profile) throws IOException {
        Path file = dir.resolve(key(new String(dev.pier.image.spec.Json.write(profile), StandardCharsets.UTF_8)) + ".bpf");
        if (Files.isRegularFile(file)) {
            byte[] cached = Files.readAllBytes(file);
            if (cached.length > 0 && cached.length % 8 == 0) {
                return cached;
            }
        }
        Seccomp compiled = Seccomp.compile(profile);
        byte[] bpf;
        try {
            bpf = compiled.bpf();
        } finally {
            compiled.release();
        }
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".bpf", ".tmp");
        Files.write(tmp, bpf);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return bpf;
    }

    private static String key(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((System.getProperty("os.arch") + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
