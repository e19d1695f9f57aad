package dev.pier.runtime.container;

import dev.pier.runtime.sys.Libc;
import java.util.ArrayList;
import java.util.List;

/**
 * The signals {@code exec} passes on to the process it started and waits for, as runc's exec
 * does, rather than dying of them and leaving the process behind: SIGINT, SIGTERM, SIGHUP,
 * SIGUSR1 and SIGUSR2. They are caught from before the process starts; those that came while it
 * started are passed on once it is there.
 */
public final class SignalRelay {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP", "USR1", "USR2");
    private final List<Integer> early = new ArrayList<>();
    private Executor.Started target;

    private SignalRelay() {}

    /** Catches the signals in this JVM from now on. */
    public static SignalRelay install() {
        SignalRelay relay = new SignalRelay();
        for (String name : SIGNALS) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> relay.received(s.getNumber()));
            } catch (IllegalArgumentException e) {
                // a signal the JVM keeps for itself
            }
        }
        return relay;
    }

    /** Passes the signals caught so far, and those to come, on to {@code started} while it runs. */
    public synchronized void passTo(Executor.Started started) {
        target = started;
        early.forEach(this::pass);
        early.clear();
    }

    private synchronized void received(int signal) {
        if (target == null) {
            early.add(signal);
        } else {
            pass(signal);
        }
    }

    private void pass(int signal) {
        try {
            if (target.launcher().isAlive()) {   // pid 0 (not found behind nsenter) would be this process group
                Libc.kill(target.pid() > 0 ? target.pid() : (int) target.launcher().pid(), signal);
            }
        } catch (RuntimeException e) {
            // it exited meanwhile
        }
    }
}
