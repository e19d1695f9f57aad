package dev.pier.registry;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code /healthz} and {@code /metrics} in front of the registry API; everything else passes through. */
final class OpsHandler extends Handler.Wrapper {
    private final Registry registry;

    OpsHandler(Registry registry, Handler next) {
        super(next);
        this.registry = registry;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if ("/healthz".equals(path) || "/metrics".equals(path)) {
            boolean health = "/healthz".equals(path);
            String body;
            int status = 200;
            if (health) {
                boolean ok = registry.storage().healthy();
                status = ok ? 200 : 503;
                body = ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}";
            } else {
                body = registry.metrics().prometheus();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, health ? "application/json" : "text/plain; version=0.0.4");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
