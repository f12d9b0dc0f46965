package dev.pitr.internal.timeline;

import dev.pitr.info.StanzaInfo;
import dev.pitr.info.WalArchive;
import dev.pitr.internal.Invoker;
import java.util.List;
import java.util.Optional;

/** The public view of a stanza's WAL archive: its recovery window in time and its timelines. */
public final class WalArchives {
    private WalArchives() {
    }

    public static WalArchive read(Invoker engine, StanzaInfo info) {
        ArchiveSnapshot archive = ArchiveReader.read(engine, info, Optional.empty());
        TimelineHistory h = archive.history();
        List<WalArchive.Timeline> timelines = h.timelines().stream().map(t -> {
            Optional<TimelineSwitch> fork = h.fork(t);
            return new WalArchive.Timeline(t, fork.map(TimelineSwitch::parent), fork.map(f -> Lsn.format(f.forkLsn())),
                    fork.map(TimelineSwitch::reason).orElse(""), h.createdAt(t));
        }).toList();
        return new WalArchive(WindowEnd.resolve(info, archive, Optional.empty()), timelines, archive.problems());
    }
}
