package dev.pier.registry;

import dev.pier.image.spec.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/** One JSON line per request, and the request counters for {@code /metrics}. */
final class AccessLog implements RequestLog {
    private final Metrics metrics;
    private final PrintStream out;

    AccessLog(Metrics metrics, PrintStream out) {
        this.metrics = metrics;
        this.out = out;
    }

    @Override
    public void log(Request request, Response response) {
        long nanos = System.nanoTime() - request.getHeadersNanoTime();
        long in = Request.getContentBytesRead(request);
        long sent = Response.getContentBytesWritten(response);
        metrics.record(request.getMethod(), response.getStatus(), in, sent, nanos);
        if (out == null) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(Request.getTimeStamp(request)).toString());
        line.put("remote", Request.getRemoteAddr(request));
        if (request.getAttribute(Exchange.USER_ATTRIBUTE) instanceof String user) {
            line.put("user", user);
        }
        line.put("method", request.getMethod());
        line.put("path", request.getHttpURI().getPathQuery());
        line.put("status", response.getStatus());
        line.put("bytesIn", in);
        line.put("bytesOut", sent);
        line.put("ms", nanos / 1_000_000.0);
        String ua = request.getHeaders().get("User-Agent");
        if (ua != null) {
            line.put("userAgent", ua);
        }
        out.println(new String(Json.write(line), java.nio.charset.StandardCharsets.UTF_8));
    }
}
