package dev.pitr.internal.health;

import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Repository;
import dev.pitr.internal.conf.ConfFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the configuration says about one repository: its type, full retention and cipher. From the
 * typed model when pitr rendered the file, else from the existing pgbackrest.conf as read at load().
 *
 * @param key           the repository number
 * @param type          posix, cifs, s3, gcs, azure or sftp
 * @param retentionFull repoN-retention-full when set (a number; "time" retention is reported as empty)
 * @param cipherType    repoN-cipher-type, {@code none} when unset
 */
public record RepoSettings(int key, String type, Optional<Integer> retentionFull, String cipherType) {
    public boolean objectStorage() {
        return !type.equals("posix") && !type.equals("cifs");
    }

    public static List<RepoSettings> of(PitrConfiguration config, ConfFile file) {
        List<RepoSettings> out = new ArrayList<>();
        if (config.rendered()) {
            for (Repository r : config.repositories()) {
                out.add(new RepoSettings(r.number().orElseThrow(), r.type().option(), r.retentionFull(),
                        r.options().getOrDefault("cipher-type", "none")));
            }
            return out;
        }
        String stanza = config.stanza();
        for (int n : file.repositories(stanza)) {
            String p = "repo" + n + "-";
            Optional<Integer> retention = file.get(stanza, p + "retention-full").flatMap(RepoSettings::number);
            if (file.get(stanza, p + "retention-full-type").filter(t -> t.equals("time")).isPresent()) {
                retention = Optional.empty();
            }
            out.add(new RepoSettings(n, file.get(stanza, p + "type").orElse("posix"), retention,
                    file.get(stanza, p + "cipher-type").orElse("none")));
        }
        return out;
    }

    private static Optional<Integer> number(String s) {
        try {
            return Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
