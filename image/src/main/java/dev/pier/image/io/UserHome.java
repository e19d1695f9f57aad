package dev.pier.image.io;

import java.nio.file.Path;

/**
 * The user's home directory as docker, podman and the XDG conventions read it: {@code $HOME},
 * falling back to the JVM's {@code user.home} (which comes from the password database and so
 * ignores a changed {@code HOME}).
 */
public final class UserHome {
    private UserHome() {}

    public static Path get() {
        String home = System.getenv("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"));
    }
}
