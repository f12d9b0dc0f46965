package dev.pitr.info;

import java.util.List;
import java.util.Optional;

/**
 * What {@code pgbackrest info --output=json} reported: one entry per stanza.
 *
 * @param stanzas the stanzas, sorted by name as pgBackRest prints them
 */
public record InfoResult(List<StanzaInfo> stanzas) {
    public InfoResult {
        stanzas = List.copyOf(stanzas);
    }

    /** The stanza with this name, if pgBackRest reported it. */
    public Optional<StanzaInfo> stanza(String name) {
        return stanzas.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
