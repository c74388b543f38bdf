package io.kestrastack.check;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of a check: one client that verifies TLS (the JDK's trusted roots plus the given trust anchor, and
 * the host name), one that does not (used without credentials once the certificate check has failed, so that the
 * other checks still say something), both with a connect timeout, every request with its own timeout, and redirects
 * never followed.
 */
final class Web {

    /** An answer: status, headers, body as text, protocol version and the time it took. */
    record Reply(int status, HttpHeaders headers, String body, HttpClient.Version version, long millis) {
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    final SSLContext verifying;
    final HttpClient client;
    final HttpClient lenient;
    final Duration timeout;

    Web(@Nullable Path trustAnchor, Duration timeout) {
        this.timeout = timeout;
        try {
            verifying = SSLContext.getInstance("TLS");
            verifying.init(null, new TrustManager[] {trustManager(trustAnchor)}, new SecureRandom());
            SSLContext none = SSLContext.getInstance("TLS");
            none.init(null, new TrustManager[] {new TrustingAll()}, new SecureRandom());
            client = HttpClient.newBuilder().sslContext(verifying).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(timeout).version(HttpClient.Version.HTTP_2).build();
            lenient = HttpClient.newBuilder().sslContext(none).followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(timeout).version(HttpClient.Version.HTTP_2).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS with the trust anchor: " + e.getMessage(), e);
        }
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    Reply send(HttpClient c, HttpRequest request) throws IOException {
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> r = c.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
            return new Reply(r.statusCode(), r.headers(), body, r.version(), (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Whether a TCP connection to host:port is refused or not answered within {@code within}. */
    static boolean closed(String host, int port, Duration within) {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), (int) within.toMillis());
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A short description of a failed request: the exception's class and message (no request data). */
    static String describe(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    /** The JDK's trusted roots, plus every certificate of {@code anchor} when given. */
    static X509TrustManager trustManager(@Nullable Path anchor) throws GeneralSecurityException, IOException {
        X509TrustManager system = defaultManager(null);
        if (anchor == null) {
            return system;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        List<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(anchor)) {
            certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (certs.isEmpty()) {
            throw new CertificateException(anchor + " holds no certificate");
        }
        for (int i = 0; i < certs.size(); i++) {
            store.setCertificateEntry("anchor-" + i, certs.get(i));
        }
        X509TrustManager extra = defaultManager(store);
        return new Either(system, extra);
    }

    private static X509TrustManager defaultManager(@Nullable KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a chain that either manager trusts; the host name is still verified by the TLS layer. */
    private record Either(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            first.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    /**
     * Accepts any chain and any host name (an {@link X509ExtendedTrustManager} is not wrapped by the JDK's endpoint
     * identification). Only used without credentials, after the certificate check has reported its failure.
     */
    static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
