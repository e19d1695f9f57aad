package dev.pier.runtime.engine;

import dev.pier.image.testing.Exec;
import dev.pier.image.testing.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user at a terminal, played by python3's pty and termios modules: runs a command as the
 * session leader of a new pty of 33 rows and 111 columns, and follows a script of
 * {@code WAIT=>ACTION} steps: once the output contains WAIT, ACTION is either {@code type:TEXT}
 * (typed, with {@code \r} for Enter), {@code resize:ROWSxCOLS} (the window changes size:
 * SIGWINCH) or {@code check-raw} (prints whether the terminal is in raw mode at that moment). At
 * the end it prints the output, the command's exit status, and whether the terminal's settings
 * are those it had before.
 */
final class PtyDriver {
    private static final String SCRIPT = String.join("\n",
            "import fcntl, os, struct, subprocess, sys, termios",
            "steps = [s.split('=>', 1) for s in sys.argv[1].split(';;') if s]",
            "master, slave = os.openpty()",
            "fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', 33, 111, 0, 0))",
            "name = os.ttyname(slave)",
            "before = termios.tcgetattr(slave)",
            "p = subprocess.Popen(sys.argv[2:], stdin=slave, stdout=slave, stderr=slave, start_new_session=True,",
            "                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))",
            "os.close(slave)",
            "out, notes = b'', []",
            "while True:",
            "    try: d = os.read(master, 4096)",
            "    except OSError: break",
            "    if not d: break",
            "    out += d",
            "    while steps and steps[0][0].encode() in out:",
            "        action = steps.pop(0)[1]",
            "        if action.startswith('type:'): os.write(master, action[5:].replace('\\\\r', '\\r').encode())",
            "        elif action.startswith('resize:'):",
            "            r, c = action[7:].split('x')",
            "            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack('HHHH', int(r), int(c), 0, 0))",
            "        elif action == 'check-raw':",
            "            fd = os.open(name, os.O_RDWR | os.O_NOCTTY); lflag = termios.tcgetattr(fd)[3]; os.close(fd)",
            "            notes.append('raw=' + str(lflag & (termios.ECHO | termios.ICANON | termios.ISIG) == 0))",
            "status = p.wait()",
            "fd = os.open(name, os.O_RDWR | os.O_NOCTTY)",
            "after = termios.tcgetattr(fd)",
            "sys.stdout.write(out.decode(errors='replace').replace('\\r', ''))",
            "sys.stdout.write('\\n'.join(notes + ['status=' + str(status), 'restored=' + str(after == before)]) + '\\n')");

    private PtyDriver() {}

    /** Runs {@code command} on a new pty, following {@code steps} ({@code WAIT=>ACTION}). */
    static Exec.Result run(Path tmp, List<String> steps, List<String> command) throws IOException {
        Path script = tmp.resolve("pty-driver.py");
        Files.writeString(script, SCRIPT);
        List<String> cmd = new ArrayList<>(List.of(Peers.require("python3").toString(), script.toString(), String.join(";;", steps)));
        cmd.addAll(command);
        return Exec.of(cmd).run();
    }
}
