package dev.pier.image.remote;

import dev.pier.image.PierException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings of a registry connection: the system trust store plus the CA certificates
 * ({@code *.crt}) of a certificate directory, as containers/image reads {@code certs.d}; or, for
 * {@code --tls-verify=false}, no verification at all.
 */
final class TlsContexts {
    private TlsContexts() {}

    /** The directories searched for a registry's CA certificates when no --cert-dir is given. */
    static List<Path> defaultCertDirs(String registry) {
        List<Path> dirs = new ArrayList<>();
        String home = dev.pier.image.io.UserHome.get().toString();
        if (home != null) {
            dirs.add(Path.of(home, ".config", "containers", "certs.d", registry));
        }
        dirs.add(Path.of("/etc/containers/certs.d", registry));
        dirs.add(Path.of("/etc/docker/certs.d", registry));
        return dirs;
    }

    /** Verifies against the system's trust store and the {@code *.crt} files of {@code certDirs}. */
    static SSLContext verifying(List<Path> certDirs) {
        try {
            List<X509Certificate> extra = new ArrayList<>();
            for (Path dir : certDirs) {
                extra.addAll(certificatesIn(dir));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (extra.isEmpty()) {
                ctx.init(null, null, null);
                return ctx;
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : systemTrust().getAcceptedIssuers()) {
                ks.setCertificateEntry("system-" + i++, c);
            }
            for (X509Certificate c : extra) {
                ks.setCertificateEntry("extra-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new PierException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Accepts any certificate for any host name: {@code --tls-verify=false}. */
    static SSLContext trustingAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    private static List<X509Certificate> certificatesIn(Path dir) throws IOException, GeneralSecurityException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".crt")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (Certificate c : cf.generateCertificates(in)) {
                        out.add((X509Certificate) c);
                    }
                }
            }
        }
        return out;
    }

    /** Checks nothing, including the host name (an extended trust manager owns that check). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
