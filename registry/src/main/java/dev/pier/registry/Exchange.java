package dev.pier.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its response, with the few helpers the handlers need. Blocking: handlers run on virtual threads. */
final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    private Fields query;
    private boolean completed;
    /** The request attribute that names the authenticated user for the access log. */
    static final String USER_ATTRIBUTE = "dev.pier.registry.user";
    /** The authenticated user, if any. */
    String user;
    /** The verified bearer token, if any. */
    dev.pier.registry.auth.TokenGrant grant;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    /** Records {@code name} as the request's authenticated user. */
    void authenticated(String name) {
        user = name;
        if (name != null) {
            request.setAttribute(USER_ATTRIBUTE, name);
        }
    }

    String method() {
        return request.getMethod();
    }

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    String path() {
        return request.getHttpURI().getDecodedPath();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The request's Content-Length, or -1 when unknown (chunked). */
    long contentLength() {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    }

    String param(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query.getValue(name);
    }

    java.util.List<String> params(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request);
        }
        return query.getValues(name);
    }

    InputStream body() {
        return Content.Source.asInputStream(request);
    }

    Exchange header(String name, String value) {
        response.getHeaders().put(name, value);
        return this;
    }

    Exchange header(HttpField field) {
        response.getHeaders().put(field);
        return this;
    }

    void markCompleted() {
        completed = true;
    }

    boolean completed() {
        return completed;
    }

    /** Sends a complete response; for HEAD only the headers. */
    void send(int status, String contentType, byte[] body) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        completed = true;
        if (isHead() || body.length == 0) {
            response.write(true, null, callback);
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    void send(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response without a body (Content-Length: 0). */
    void sendEmpty(int status) {
        send(status, null, new byte[0]);
    }

    /** Streams {@code source} as the body; its length must already be in Content-Length. */
    void sendContent(int status, Content.Source source) {
        response.setStatus(status);
        completed = true;
        Content.copy(source, response, callback);
    }

    /**
     * Sends {@code length} bytes of {@code file} from {@code start} as the body (Content-Length
     * already set). A client that goes away mid-body fails the response, not the request handler:
     * that is routine for a registry, not an error to log.
     */
    void sendFile(int status, Path file, long start, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            response.setStatus(status);
            completed = true;
            try {
                FileBody.write(response, channel, start, length, request.getComponents().getByteBufferPool());
            } catch (IOException | RuntimeException e) {
                callback.failed(e); // headers are out: all that is left is to abort the response
                return;
            }
        }
        callback.succeeded();
    }

    void sendError(RegistryError e) {
        if (e.status() == 401 && response.getHeaders().get(HttpHeader.WWW_AUTHENTICATE) == null) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"pier\"");
        }
        send(e.status(), "application/json", e.toJson());
    }

    /** Discards what is left of the request body, so the connection can be reused. */
    void drain() {
        try {
            Content.Source.consumeAll(request);
        } catch (IOException e) {
            // the connection will be closed
        }
    }
}
