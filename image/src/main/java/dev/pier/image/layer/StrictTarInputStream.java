package dev.pier.image.layer;

import dev.pier.image.io.CountingInputStream;
import dev.pier.image.PierException;
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
        long before = counter.count();
        byte[] record = super.readRecord();
        if (record == null && inArchive && counter.count() != before) {
            throw new PierException(what + ": truncated tar (a header is cut short)");
        }
        return record;
    }

}
