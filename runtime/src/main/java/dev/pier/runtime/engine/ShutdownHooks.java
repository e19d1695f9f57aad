package dev.pier.runtime.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pier's shutdown hooks (a terminal to restore, a container to abandon), counted, so that a
 * command with none left may end with {@link Runtime#halt} rather than {@link System#exit}: exit
 * first sets up the JDK's System.Logger to log the call at DEBUG level, milliseconds of class
 * loading at the end of every command for a message nobody reads.
 */
public final class ShutdownHooks {
    private static final AtomicInteger REGISTERED = new AtomicInteger();

    private ShutdownHooks() {}

    /** Registers {@code hook} with the runtime. */
    public static void add(Thread hook) {
        Runtime.getRuntime().addShutdownHook(hook);
        REGISTERED.incrementAndGet();
    }

    /** Unregisters {@code hook}, if it was registered. */
    public static void remove(Thread hook) {
        if (Runtime.getRuntime().removeShutdownHook(hook)) {
            REGISTERED.decrementAndGet();
        }
    }

    /** Whether no hook of Pier's is registered: exit would run none. */
    public static boolean none() {
        return REGISTERED.get() == 0;
    }
}
