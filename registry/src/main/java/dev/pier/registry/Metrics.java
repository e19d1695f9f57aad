package dev.pier.registry;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters exposed at {@code /metrics} in the Prometheus text format. */
public final class Metrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void record(String method, int status, long in, long out, long durationNanos) {
        requests.computeIfAbsent("method=\"" + method + "\",code=\"" + status + "\"", k -> new LongAdder()).increment();
        bytesIn.add(Math.max(in, 0));
        bytesOut.add(Math.max(out, 0));
        nanos.add(durationNanos);
    }

    public long requests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String prometheus() {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP pier_registry_http_requests_total HTTP requests served.\n");
        sb.append("# TYPE pier_registry_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((labels, n) ->
                sb.append("pier_registry_http_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        sb.append("# HELP pier_registry_http_request_bytes_total Request body bytes received.\n");
        sb.append("# TYPE pier_registry_http_request_bytes_total counter\n");
        sb.append("pier_registry_http_request_bytes_total ").append(bytesIn.sum()).append('\n');
        sb.append("# HELP pier_registry_http_response_bytes_total Response body bytes sent.\n");
        sb.append("# TYPE pier_registry_http_response_bytes_total counter\n");
        sb.append("pier_registry_http_response_bytes_total ").append(bytesOut.sum()).append('\n');
        sb.append("# HELP pier_registry_http_request_seconds_total Time spent serving requests.\n");
        sb.append("# TYPE pier_registry_http_request_seconds_total counter\n");
        sb.append("pier_registry_http_request_seconds_total ").append(nanos.sum() / 1e9).append('\n');
        return sb.toString();
    }
}
