package dev.pitr.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.BackupLock;
import dev.pitr.info.DbInfo;
import dev.pitr.info.InfoResult;
import dev.pitr.info.LockProgress;
import dev.pitr.info.RepoInfo;
import dev.pitr.info.RepoLockProgress;
import dev.pitr.info.RestoreLock;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.operation.BackupType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps {@code pgbackrest info --output=json} onto the public records. Tolerant: every field but the
 * stanza name may be missing, unknown fields are ignored, and invalid JSON (pgBackRest prints raw bytes
 * when a repository cannot be decrypted) becomes a clear {@link PgBackRestException}, never a Jackson
 * stack trace.
 */
public final class InfoJsonParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public InfoResult parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw unreadable(json);
        }
        if (root == null || root.isMissingNode() || !root.isArray()) {
            throw unreadable(json);
        }
        List<StanzaInfo> stanzas = new ArrayList<>();
        for (JsonNode s : root) {
            StanzaInfo stanza = stanza(s);
            refuseUndecryptable(stanza);
            stanzas.add(stanza);
        }
        return new InfoResult(stanzas);
    }

    /**
     * A wrong cipher pass does not always garble the JSON: the repository's status is then 99 with pgBackRest's
     * crypto or format error as its message. That is a configuration error, not a state to report.
     */
    private static void refuseUndecryptable(StanzaInfo stanza) {
        for (RepoInfo repo : stanza.repos()) {
            String message = repo.status().message();
            if (repo.status().code() == StanzaStatus.OTHER && repo.encrypted()
                    && (message.contains("CryptoError") || message.contains("FormatError"))) {
                throw new PgBackRestException(ErrorCode.CRYPTO, "pgbackrest info could not decrypt repo" + repo.key()
                        + " of stanza '" + stanza.name() + "' (is repo" + repo.key() + "-cipher-pass the one the "
                        + "repository was created with?)");
            }
        }
    }

    private static PgBackRestException unreadable(String json) {
        String text = json == null ? "" : json;
        if (text.contains("\"code\":99") || text.contains("CryptoError") || text.contains("Salted__")
                || text.contains("FormatError")) {
            return new PgBackRestException(ErrorCode.CRYPTO, "pgbackrest info could not read the repository: its "
                    + "files cannot be decrypted or parsed (is the repository cipher pass, e.g. repo1-cipher-pass, "
                    + "the one the repository was created with?)");
        }
        return new PgBackRestException(ErrorCode.JSON_FORMAT, "pgbackrest info printed output that is not the "
                + "expected JSON array (" + text.length() + " characters; run 'pgbackrest info --output=json' by hand"
                + " to see it)");
    }

    private static StanzaInfo stanza(JsonNode s) {
        JsonNode statusNode = s.path("status");
        StanzaStatus status = status(statusNode);
        JsonNode lock = statusNode.path("lock");
        List<RepoInfo> repos = new ArrayList<>();
        for (JsonNode r : s.path("repo")) {
            repos.add(new RepoInfo(r.path("key").asInt(), r.path("cipher").asText("none"), status(r.path("status"))));
        }
        List<DbInfo> dbs = new ArrayList<>();
        for (JsonNode d : s.path("db")) {
            dbs.add(new DbInfo(d.path("id").asInt(), d.path("repo-key").asInt(1), unsignedLong(d.path("system-id")),
                    d.path("version").asText("")));
        }
        List<ArchiveInfo> archives = new ArrayList<>();
        for (JsonNode a : s.path("archive")) {
            archives.add(new ArchiveInfo(a.path("id").asText(""), a.path("database").path("id").asInt(),
                    a.path("database").path("repo-key").asInt(1), text(a.path("min")), text(a.path("max"))));
        }
        List<BackupInfo> backups = new ArrayList<>();
        for (JsonNode b : s.path("backup")) {
            backups.add(backup(b));
        }
        return new StanzaInfo(s.path("name").asText("[invalid]"), status, backupLock(lock.path("backup")),
                restoreLock(lock.path("restore")), text(s.path("cipher")), repos, dbs, archives, backups);
    }

    private static BackupLock backupLock(JsonNode backup) {
        List<RepoLockProgress> perRepo = new ArrayList<>();
        for (JsonNode r : backup.path("repo")) {
            progress(r).ifPresent(p -> perRepo.add(new RepoLockProgress(r.path("key").asInt(), p)));
        }
        return new BackupLock(backup.path("held").asBoolean(false), progress(backup), perRepo);
    }

    /** status.lock.restore exists from 2.56 on ({"held":false} in every output); absent before. */
    private static Optional<RestoreLock> restoreLock(JsonNode restore) {
        if (!restore.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new RestoreLock(restore.path("held").asBoolean(false), progress(restore)));
    }

    /** size and size-cplt (bytes), present only once the running command knows its size. */
    private static Optional<LockProgress> progress(JsonNode n) {
        if (!n.path("size").isNumber() || !n.path("size-cplt").isNumber()) {
            return Optional.empty();
        }
        return Optional.of(new LockProgress(n.path("size").asLong(), n.path("size-cplt").asLong()));
    }

    private static BackupInfo backup(JsonNode b) {
        List<String> refs = new ArrayList<>();
        for (JsonNode r : b.path("reference")) {
            refs.add(r.asText());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        b.path("annotation").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        JsonNode info = b.path("info");
        JsonNode repo = info.path("repository");
        Optional<Boolean> error = b.has("error") && !b.path("error").isNull()
                ? Optional.of(b.path("error").asBoolean()) : Optional.empty();
        return new BackupInfo(
                b.path("label").asText(),
                BackupType.parse(b.path("type").asText("full")),
                text(b.path("prior")),
                refs,
                Instant.ofEpochSecond(b.path("timestamp").path("start").asLong()),
                Instant.ofEpochSecond(b.path("timestamp").path("stop").asLong()),
                text(b.path("archive").path("start")),
                text(b.path("archive").path("stop")),
                text(b.path("lsn").path("start")),
                text(b.path("lsn").path("stop")),
                info.path("size").asLong(0),
                info.path("delta").asLong(0),
                repo.path("size").asLong(repo.path("size-map").asLong(0)),
                repo.path("delta").asLong(repo.path("delta-map").asLong(0)),
                error,
                annotations,
                b.path("database").path("repo-key").asInt(1),
                b.path("database").path("id").asInt(1),
                b.path("backrest").path("version").asText(""));
    }

    private static StanzaStatus status(JsonNode n) {
        return new StanzaStatus(n.path("code").asInt(StanzaStatus.OTHER), n.path("message").asText(""));
    }

    private static Optional<String> text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    /** system-id is an unsigned 64-bit integer; Jackson reads values above Long.MAX_VALUE as BigInteger. */
    private static long unsignedLong(JsonNode n) {
        if (n.isBigInteger()) {
            return n.bigIntegerValue().longValue();
        }
        if (n.isTextual()) {
            return Long.parseUnsignedLong(n.asText());
        }
        return n.asLong();
    }
}
