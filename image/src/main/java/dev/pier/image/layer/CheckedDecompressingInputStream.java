package dev.pier.image.layer;

import dev.pier.image.PierException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A decompressing stream whose failures are data errors, not I/O errors: a ZipException, an
 * EOFException from a truncated member or a zstd error all become one {@link PierException} with
 * the caller's message, so users see "layer X: corrupt gzip data" instead of a stack trace.
 * Opening is deferred to the first read because GZIPInputStream reads the header in its
 * constructor.
 */
final class CheckedDecompressingInputStream extends InputStream {
    interface Opener {
        InputStream open(InputStream source) throws IOException;
    }

    /** Marks an I/O error of the underlying source, which is not a data error and passes through. */
    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceFailure(IOException cause) {
            super(cause);
        }
    }

    private static final class MarkingInputStream extends java.io.FilterInputStream {
        MarkingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }

    private final InputStream source;
    private final Opener opener;
    private final String message;
    private InputStream in;

    CheckedDecompressingInputStream(InputStream source, Opener opener, String message) {
        this.source = new MarkingInputStream(source);
        this.opener = opener;
        this.message = message;
    }

    private InputStream in() throws IOException {
        if (in == null) {
            try {
                in = opener.open(source);
            } catch (SourceFailure e) {
                throw (IOException) e.getCause();
            } catch (IOException | RuntimeException e) {
                throw fail(e);
            }
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        InputStream stream = in();
        try {
            return stream.read(b, off, len);
        } catch (SourceFailure e) {
            throw (IOException) e.getCause();
        } catch (IOException | RuntimeException e) {
            throw fail(e);
        }
    }

    private PierException fail(Exception e) {
        if (e instanceof PierException p) {
            return p;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new PierException(message + ": " + detail, e);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        } else {
            source.close();
        }
    }
}
