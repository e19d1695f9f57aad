package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A TarArchiveInputStream that reports a header cut short. Commons Compress treats a partial
 * 512-byte record as the end of the archive; Pier calls it what it is, a truncated tar. A tar that
 * ends cleanly between records without the end-of-archive marker is accepted, as Go's
 * archive/tar (and so docker and containerd) accept it.
 */
final class StrictTarInputStream extends TarArchiveInputStream {
    private final CountingInputStream counter;
    private final String what;

    private StrictTarInputStream(CountingInputStream counter, String what) {
        super(counter, "UTF-8");
        this.counter = counter;
        this.what = what;
    }

    static StrictTarInputStream of(InputStream in, String what) {
        return new StrictTarInputStream(new CountingInputStream(in), what);
    }

    @Override
    protected byte[] readRecord() throws IOException {
        boolean inArchive = !isAtEOF();
        long before = counter.count;
        byte[] record = super.readRecord();
        if (record == null && inArchive && counter.count != before) {
            throw new PierException(what + ": truncated tar (a header is cut short)");
        }
        return record;
    }

    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += Math.max(s, 0);
            return s;
        }
    }
}
