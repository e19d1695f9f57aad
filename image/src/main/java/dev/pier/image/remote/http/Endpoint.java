package dev.pier.image.remote.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where a connection goes: scheme, host and port. Connections are pooled per endpoint, and a
 * redirect to another endpoint does not carry the request's credentials.
 *
 * @param host as the URI writes it, with brackets for an IPv6 literal
 */
record Endpoint(String scheme, String host, int port) {

    static Endpoint of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http or https URL: " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Endpoint(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through
    // invokedynamic on first use, which spins classes and cost a short-lived command about 5 ms of
    // its first request (profiled); the pool asks for them on every request.
    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && port == e.port && scheme.equals(e.scheme) && host.equals(e.host);
    }

    @Override
    public int hashCode() {
        return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
    }

    boolean tls() {
        return scheme.equals("https");
    }

    /** The host name or address to connect to (an IPv6 literal without its brackets). */
    String address() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The {@code Host} header's value: the port only when it is not the scheme's default. */
    String hostHeader() {
        return port == (tls() ? 443 : 80) ? host : host + ":" + port;
    }
}
