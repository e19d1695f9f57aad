package dev.pier.image.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Tells a listener how many bytes have been read, every 256 KiB and at the end. */
final class ProgressInputStream extends FilterInputStream {
    private static final long STEP = 256 * 1024;
    private final LongConsumer progress;
    private long count;
    private long reported;

    ProgressInputStream(InputStream in, LongConsumer progress) {
        super(in);
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        advance(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        advance(n);
        return n;
    }

    private void advance(int n) {
        if (n < 0) {
            if (reported != count) {
                reported = count;
                progress.accept(count);
            }
            return;
        }
        count += n;
        if (count - reported >= STEP) {
            reported = count;
            progress.accept(count);
        }
    }
}
