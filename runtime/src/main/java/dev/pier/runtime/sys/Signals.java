package dev.pier.runtime.sys;

import dev.pier.runtime.RuntimeError;
import java.util.List;
import java.util.Locale;

/** Signal names and numbers (x86_64), as kill(1) accepts them: {@code KILL}, {@code SIGKILL}, {@code 9}. */
public final class Signals {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    private Signals() {}

    /** The number of a signal given by name or number. */
    public static int parse(String signal) {
        String s = signal.toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
            int n = Integer.parseInt(s);
            if (n > 0 && n <= 64) {
                return n;
            }
        }
        s = s.startsWith("SIG") ? s.substring(3) : s;
        int i = NAMES.indexOf(s);
        if (i > 0) {
            return i;
        }
        if (s.startsWith("RTMIN")) {
            return 34 + (s.length() > 5 ? Integer.parseInt(s.substring(6)) : 0);
        }
        throw new RuntimeError("invalid signal " + signal + " (use a name such as TERM or a number)");
    }
}
