package dev.pier.cli;

import dev.pier.image.io.ByteSizes;
import dev.pier.image.digest.Digest;
import dev.pier.image.spec.Descriptor;
import dev.pier.image.transport.CopyListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * A bar per blob (bytes moved, size, rate), redrawn in place at most ten times a second with
 * JLine's {@link Display}; finished blobs keep their last line. Used only when stdout is a terminal.
 */
final class TerminalProgress implements CopyListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private final Terminal terminal;
    private final Display display;
    private final PrintWriter out;
    private final Map<Digest, Bar> bars = new LinkedHashMap<>();
    private long lastDraw;

    /** One blob's state. */
    private record Bar(Descriptor blob, long done, long startNanos, String state) {}

    TerminalProgress(PrintWriter out) throws IOException {
        this.out = out;
        this.terminal = TerminalBuilder.builder().system(true).streams(System.in, System.out).build();
        this.display = new Display(terminal, false);
        display.resize(terminal.getHeight(), terminal.getWidth());
    }

    @Override
    public synchronized void blobStarted(Descriptor blob) {
        bars.put(blob.digest(), new Bar(blob, 0, System.nanoTime(), "copying"));
        draw(true);
    }

    @Override
    public synchronized void blobProgress(Descriptor blob, long bytes) {
        Bar b = bars.get(blob.digest());
        if (b != null) {
            bars.put(blob.digest(), new Bar(blob, bytes, b.startNanos(), b.state()));
            draw(false);
        }
    }

    @Override
    public synchronized void blobCopied(Descriptor blob) {
        Bar b = bars.getOrDefault(blob.digest(), new Bar(blob, 0, System.nanoTime(), "done"));
        bars.put(blob.digest(), new Bar(blob, blob.size(), b.startNanos(), "done"));
        draw(true);
    }

    @Override
    public synchronized void blobSkipped(Descriptor blob) {
        bars.put(blob.digest(), new Bar(blob, blob.size(), System.nanoTime(), "exists"));
        draw(true);
    }

    @Override
    public synchronized void manifestWritten(Descriptor manifest) {
        draw(true);
        out.flush();
        terminal.writer().println();
        terminal.flush();
        bars.clear();
        display.clear();
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int width = Math.max(40, terminal.getWidth());
        List<AttributedString> lines = new ArrayList<>();
        for (Bar b : bars.values()) {
            lines.add(new AttributedString(line(b, now, width)));
        }
        display.update(lines, -1);
        terminal.flush();
    }

    private static String line(Bar b, long now, int width) {
        long size = Math.max(1, b.blob().size());
        double seconds = Math.max(1e-3, (now - b.startNanos()) / 1e9);
        String rate = b.state().equals("exists") ? "" : ByteSizes.human((long) (b.done() / seconds)) + "/s";
        String text = String.format(Locale.ROOT, " %s / %s %s %s", ByteSizes.human(b.done()), ByteSizes.human(b.blob().size()),
                rate, b.state().equals("copying") ? "" : b.state());
        String head = "blob " + b.blob().digest().shortId() + " [";
        int barWidth = Math.max(10, width - head.length() - text.length() - 2);
        int filled = (int) Math.min(barWidth, barWidth * b.done() / size);
        return head + "=".repeat(filled) + " ".repeat(barWidth - filled) + "]" + text;
    }
}
