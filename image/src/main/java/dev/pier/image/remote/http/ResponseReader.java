package dev.pier.image.remote.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads a response's status line and header fields from a connection, and frames its body
 * (RFC 9112 §6.3): none for HEAD, 1xx, 204 and 304; chunked; {@code Content-Length}; or until the
 * server closes. Sizes are bounded: a status line or field over 16 KiB, or more than 256 fields,
 * is refused as malformed.
 */
final class ResponseReader {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_FIELDS = 256;

    private ResponseReader() {}

    /**
     * @param release called with the connection once the body has been read to its end, when the
     *                connection can carry another request
     */
    static Response read(HttpConnection conn, boolean headRequest, Consumer<HttpConnection> release) throws IOException {
        InputStream in = conn.input();
        while (true) {
            String statusLine = line(in);
            int status = status(statusLine);
            ResponseHeaders headers = fields(in);
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim answer (100 Continue, 103 Early Hints): the final one follows
            }
            boolean keepAlive = statusLine.startsWith("HTTP/1.1")
                    && !headers.firstValue("Connection").map(v -> v.toLowerCase(Locale.ROOT).contains("close")).orElse(false);
            Runnable done = keepAlive ? () -> release.accept(conn) : conn::close;
            return new Response(status, headers, body(conn, in, headRequest, status, headers, done));
        }
    }

    private static InputStream body(HttpConnection conn, InputStream in, boolean headRequest, int status,
                                    ResponseHeaders headers, Runnable done) throws IOException {
        if (headRequest || status == 204 || status == 304) {
            done.run();
            return InputStream.nullInputStream();
        }
        boolean chunked = headers.firstValue("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
        if (chunked) {
            return new ChunkedBody(in, done, conn::close);
        }
        var length = headers.firstValue("Content-Length");
        if (length.isPresent()) {
            long n;
            try {
                n = Long.parseLong(length.get().trim());
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length: " + printable(length.get()));
            }
            if (n < 0) {
                throw new IOException("negative Content-Length: " + n);
            }
            return new FixedLengthBody(in, n, done, conn::close);
        }
        return new FixedLengthBody(in, -1, conn::close, conn::close);
    }

    private static int status(String line) throws IOException {
        // HTTP-version SP 3DIGIT SP [reason]
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x answer: " + printable(line));
        }
        try {
            int status = Integer.parseInt(line.substring(9, 12));
            if (status < 100 || status > 599) {
                throw new NumberFormatException();
            }
            return status;
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line: " + printable(line));
        }
    }

    private static ResponseHeaders fields(InputStream in) throws IOException {
        ResponseHeaders.Builder b = new ResponseHeaders.Builder();
        for (int count = 0; ; count++) {
            String line = line(in);
            if (line.isEmpty()) {
                return b.build();
            }
            if (count >= MAX_FIELDS) {
                throw new IOException("more than " + MAX_FIELDS + " header fields in the answer");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                throw new IOException("malformed header field: " + printable(line));
            }
            b.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
    }

    /** One line ending in CRLF (a bare LF is accepted, as RFC 9112 §2.2 allows), without its end. */
    static String line(InputStream in) throws IOException {
        byte[] buf = new byte[128];
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException(n == 0 ? "the server closed the connection without answering" : "the answer ended in a line");
            }
            if (c == '\n') {
                if (n > 0 && buf[n - 1] == '\r') {
                    n--;
                }
                return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n == MAX_LINE) {
                throw new IOException("a line of the answer exceeds " + MAX_LINE + " bytes");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, n * 2));
            }
            buf[n++] = (byte) c;
        }
    }

    static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
