package dev.pier.image.transport;

import dev.pier.image.io.BufferReadable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/** Tells a listener how many bytes have been read, every 256 KiB and at the end. */
final class ProgressInputStream extends FilterInputStream implements BufferReadable {
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

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = BufferReadable.read(in, dst);
        advance(n);
        return n;
    }

    @Override
    public boolean readsDirectly() {
        return BufferReadable.readsDirectly(in);
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
