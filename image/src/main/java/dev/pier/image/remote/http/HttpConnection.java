package dev.pier.image.remote.http;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection, plain or TLS, used by one request at a time. Plain connections keep
 * their {@link SocketChannel}, so a file body goes to the socket, and a body read into a direct
 * buffer comes from it ({@link ConnectionInput}), without passing through the Java heap.
 */
final class HttpConnection implements Closeable {
    private static final int COPY_BUFFER = 256 * 1024;
    private final Endpoint endpoint;
    private final Socket socket;
    private final Optional<SocketChannel> channel;
    private final ConnectionInput in;
    private final OutputStream out;
    private boolean reused;
    private long idleSince;

    private HttpConnection(Endpoint endpoint, Socket socket, Optional<SocketChannel> channel) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.channel = channel;
        this.in = new ConnectionInput(socket.getInputStream(), channel);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /** Connects, and for https completes the TLS handshake, checking the host name when {@code tls} verifies. */
    static HttpConnection open(Endpoint endpoint, SSLContext tls, Duration connectTimeout) throws IOException {
        var address = new InetSocketAddress(endpoint.address(), endpoint.port());
        int timeout = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        if (!endpoint.tls()) {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.socket().connect(address, timeout);
                ch.socket().setTcpNoDelay(true);
                return new HttpConnection(endpoint, ch.socket(), Optional.of(ch));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
        Socket raw = new Socket();
        try {
            raw.connect(address, timeout);
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(timeout);
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(raw, endpoint.address(), endpoint.port(), true);
            var params = s.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(params);
            s.startHandshake();
            return new HttpConnection(endpoint, s, Optional.empty());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** Whether this connection already carried a request (the server may have closed it since). */
    boolean reused() {
        return reused;
    }

    long idleSince() {
        return idleSince;
    }

    /** Notes that the connection finished a request and waits in the pool for the next. */
    void markIdle() {
        reused = true;
        idleSince = System.nanoTime();
    }

    /** Sends the request line, the headers and the body. */
    void writeRequest(String method, String target, Map<String, String> headers, RequestBody body, Duration readTimeout)
            throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
        in.timeout(readTimeout);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(endpoint.hostHeader()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("User-Agent: pier\r\n");
        switch (body) {
            case RequestBody.Empty e -> {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    head.append("Content-Length: 0\r\n");
                }
                writeHead(head);
            }
            case RequestBody.Bytes b -> {
                writeHead(head.append("Content-Length: ").append(b.length()).append("\r\n"));
                out.write(b.bytes(), b.offset(), b.length());
            }
            case RequestBody.FileContent f -> writeFile(head, f);
            case RequestBody.Streamed s -> writeStream(head, s);
        }
        out.flush();
    }

    private void writeHead(StringBuilder head) throws IOException {
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private void writeFile(StringBuilder head, RequestBody.FileContent f) throws IOException {
        try (FileChannel file = FileChannel.open(f.file(), StandardOpenOption.READ)) {
            long size = file.size();
            writeHead(head.append("Content-Length: ").append(size).append("\r\n"));
            if (channel.isPresent()) {
                out.flush();
                if (Thread.currentThread().isVirtual()) {
                    sendDirect(file, 0, size, channel.get());
                } else {
                    sendFile(file, size, channel.get());
                }
            } else {
                try (InputStream content = java.nio.channels.Channels.newInputStream(file)) {
                    copyExactly(content, size);
                }
            }
        }
    }

    /**
     * File to socket by the kernel ({@code sendfile}, through {@link FileChannel#transferTo}): the
     * bytes never enter this process. Only on a platform thread, where the socket blocks: see
     * {@link #sendDirect}.
     */
    private static void sendFile(FileChannel file, long size, SocketChannel socket) throws IOException {
        long position = 0;
        while (position < size) {
            long n = file.transferTo(position, size - position, socket);
            if (n == 0) {
                // the file ended early, or the socket is non-blocking underneath (a virtual thread
                // used this pooled connection before, and the JDK left it so): the buffered path
                // waits properly, and reports a file that shrank
                sendDirect(file, position, size, socket);
                return;
            }
            position += n;
        }
    }

    /**
     * File to socket through one direct buffer: no copy into the Java heap. For virtual threads, not
     * {@code sendfile}: there the socket is non-blocking underneath, and transferTo then returns 0
     * instead of waiting for room, which turns into a busy loop.
     */
    private static void sendDirect(FileChannel file, long from, long size, SocketChannel socket) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(COPY_BUFFER * 4, Math.max(size - from, 1)));
        long position = from;
        while (position < size) {
            buf.clear().limit((int) Math.min(buf.capacity(), size - position));
            int n = file.read(buf, position);
            if (n < 0) {
                throw new IOException("the file shrank while it was sent");
            }
            position += n;
            buf.flip();
            while (buf.hasRemaining()) {
                socket.write(buf);
            }
        }
    }

    private void writeStream(StringBuilder head, RequestBody.Streamed s) throws IOException {
        if (s.length() >= 0) {
            writeHead(head.append("Content-Length: ").append(s.length()).append("\r\n"));
            copyExactly(s.in(), s.length());
            return;
        }
        writeHead(head.append("Transfer-Encoding: chunked\r\n"));
        byte[] buf = new byte[COPY_BUFFER];
        for (int n; (n = s.in().readNBytes(buf, 0, buf.length)) > 0; ) {
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(buf, 0, n);
            out.write('\r');
            out.write('\n');
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private void copyExactly(InputStream content, long length) throws IOException {
        byte[] buf = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
        long left = length;
        while (left > 0) {
            int n = content.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("the request body ended " + left + " bytes before its declared length of " + length);
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** The stream the response is read from; on a plain connection it also reads into direct buffers. */
    ConnectionInput input() {
        return in;
    }

    @Override
    public void close() {
        in.close();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing more to do
        }
    }
}
