package dev.pier.registry.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.pier.image.PierException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Users and bcrypt password hashes from an Apache htpasswd file, as {@code htpasswd -B} writes it
 * ({@code user:$2y$05$...}, also {@code $2a$} and {@code $2b$}). Other hash schemes (MD5, SHA-1,
 * crypt, plain text) are refused when the file is read. The file is read again when it changes,
 * so users can be added while the registry runs.
 */
public final class Htpasswd {
    private static final BCrypt.Verifyer BCRYPT = BCrypt.verifyer(BCrypt.Version.VERSION_2Y, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2Y));
    /** Checked for unknown users, so they take as long as known ones. */
    private static final byte[] DUMMY = "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private volatile Snapshot snapshot;

    private record Snapshot(FileTime modified, Map<String, byte[]> hashes) {}

    private Htpasswd(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    /** Reads {@code file}; fails with one line naming the file and line if it is unreadable or holds a non-bcrypt hash. */
    public static Htpasswd load(Path file) {
        return new Htpasswd(file, read(file));
    }

    /** Whether {@code user} exists and {@code password} matches its hash. */
    public boolean authenticate(String user, String password) {
        byte[] hash = current().hashes().get(user);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        BCrypt.Result r = BCRYPT.verify(pw, hash == null ? DUMMY : hash);
        return hash != null && r.verified;
    }

    /** The user names in the file. */
    public List<String> users() {
        return current().hashes().keySet().stream().sorted().toList();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        try {
            if (!Files.getLastModifiedTime(file).equals(s.modified())) {
                s = read(file);
                snapshot = s;
            }
        } catch (IOException | PierException e) {
            System.getLogger(Htpasswd.class.getName()).log(System.Logger.Level.WARNING, "keeping the previous users: " + e.getMessage());
        }
        return s;
    }

    private static Snapshot read(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Map<String, byte[]> hashes = new HashMap<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String hash = colon < 0 ? "" : line.substring(colon + 1);
                if (colon <= 0 || !(hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$"))) {
                    throw new PierException(file + " line " + (i + 1) + ": expected user:bcrypt-hash; create entries with htpasswd -B");
                }
                hashes.put(line.substring(0, colon), hash.getBytes(StandardCharsets.US_ASCII));
            }
            return new Snapshot(modified, Map.copyOf(hashes));
        } catch (IOException e) {
            throw new PierException("cannot read htpasswd file " + file + ": " + e.getMessage(), e);
        }
    }
}
