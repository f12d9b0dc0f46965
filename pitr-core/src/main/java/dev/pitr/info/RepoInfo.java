package dev.pitr.info;

/**
 * One repository of a stanza.
 *
 * @param key    the repository number (1 for repo1)
 * @param cipher {@code none} or {@code aes-256-cbc}
 * @param status the repository's own status
 */
public record RepoInfo(int key, String cipher, StanzaStatus status) {
    public boolean encrypted() {
        return !"none".equals(cipher);
    }
}
