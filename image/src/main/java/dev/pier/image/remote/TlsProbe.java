package dev.pier.image.remote;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Tells quickly whether a registry speaks TLS, for {@code --tls-verify=false}: a TLS handshake on
 * a raw socket (any certificate accepted) fails at once against a plain HTTP server, which
 * answers the ClientHello with an HTTP error, while the JDK's HTTP client would wait or retry.
 */
final class TlsProbe {
    private static final int TIMEOUT_MILLIS = 5000;

    private TlsProbe() {}

    /** True when a TLS handshake with {@code host[:port]} (port 443 by default) succeeds. */
    static boolean speaksTls(String host) {
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > 0 && host.indexOf(']') < colon;
        String name = hasPort ? host.substring(0, colon) : host;
        int port = hasPort ? Integer.parseInt(host.substring(colon + 1)) : 443;
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(name.replace("[", "").replace("]", ""), port), TIMEOUT_MILLIS);
            raw.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) TlsContexts.trustingAll().getSocketFactory().createSocket(raw, name, port, false)) {
                tls.startHandshake();
                return true;
            }
        } catch (SSLException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // unreachable or timed out: the plain HTTP attempt reports the error
        }
    }
}
