package io.kestrastack.proxy;

import io.kestrastack.proxy.internal.EdgeChecks;
import io.kestrastack.render.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a certificate and its key, given as host files, appear in an edge container. Their directories are
 * bind-mounted read-only (so that renewed files replace the old ones without a new mount): one mount at
 * {@code base} when both files share a directory, otherwise {@code base/certificate} and {@code base/key}.
 *
 * @param certificatePath the certificate's path in the container
 * @param keyPath the key's path in the container
 * @param mounts the read-only bind mounts that put them there
 */
public record CertificateFiles(String certificatePath, String keyPath, List<ServiceSpec.Mount> mounts) {

    public CertificateFiles {
        java.util.Objects.requireNonNull(certificatePath, "certificatePath");
        java.util.Objects.requireNonNull(keyPath, "keyPath");
        mounts = List.copyOf(mounts);
    }

    /** The container paths and mounts for host files {@code certificate} and {@code key}. */
    public static CertificateFiles of(String certificate, String key, String base) {
        String certificateDir = EdgeChecks.parent(certificate);
        String keyDir = EdgeChecks.parent(key);
        List<ServiceSpec.Mount> mounts = new ArrayList<>();
        if (certificateDir.equals(keyDir)) {
            mounts.add(ServiceSpec.Mount.bind(certificateDir, base, true));
            return new CertificateFiles(base + "/" + EdgeChecks.fileName(certificate),
                    base + "/" + EdgeChecks.fileName(key), mounts);
        }
        mounts.add(ServiceSpec.Mount.bind(certificateDir, base + "/certificate", true));
        mounts.add(ServiceSpec.Mount.bind(keyDir, base + "/key", true));
        return new CertificateFiles(base + "/certificate/" + EdgeChecks.fileName(certificate),
                base + "/key/" + EdgeChecks.fileName(key), mounts);
    }
}
