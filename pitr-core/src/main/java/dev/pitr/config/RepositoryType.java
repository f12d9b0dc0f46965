package dev.pitr.config;

import java.util.Locale;

/** Repository storage types of pgBackRest 2.45 ({@code repoN-type}). */
public enum RepositoryType {
    POSIX, CIFS, S3, GCS, AZURE;

    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
