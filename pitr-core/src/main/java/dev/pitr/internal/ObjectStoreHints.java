package dev.pitr.internal;

import dev.pitr.error.ErrorCode;
import java.util.Optional;

/**
 * What to do about the object-store failures whose pgBackRest message alone does not say it: a missing
 * bucket (an HTTP 404 dump), a refused connection, a certificate that does not verify.
 */
final class ObjectStoreHints {
    private ObjectStoreHints() {
    }

    static Optional<String> hint(ErrorCode code, String detail) {
        String d = detail == null ? "" : detail;
        if (d.contains("NoSuchBucket")) {
            return Optional.of("the bucket does not exist: create it, or fix repoN-s3-bucket");
        }
        if (d.contains("AccessDenied") || d.contains("SignatureDoesNotMatch") || d.contains("InvalidAccessKeyId")) {
            return Optional.of("the object store refused the credentials: check the repository's key and key secret");
        }
        if (code == ErrorCode.HOST_CONNECT && d.contains("unable to connect")) {
            return Optional.of("nothing answers at the repository endpoint: check repoN-s3-endpoint/repoN-storage-port "
                    + "and that the object store is up (each try waits io-timeout)");
        }
        if (code == ErrorCode.CRYPTO && (d.contains("certificate") || d.contains("hostname"))) {
            return Optional.of("TLS verification failed: give the CA with repoN-storage-ca-file (pgBackRest 2.45 matches "
                    + "the certificate's DNS names only, not IP addresses)");
        }
        return Optional.empty();
    }
}
