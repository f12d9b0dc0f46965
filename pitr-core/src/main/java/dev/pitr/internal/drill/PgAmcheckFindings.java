package dev.pitr.internal.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The corruption {@code pg_amcheck} reported for one database, by relation. It prints one header per finding,
 * {@code btree index "db.schema.name":} or {@code heap table "db.schema.name", block 3, offset 2:}, followed by
 * indented lines ({@code ERROR:  item order invariant violated for index "t_pkey"}, {@code DETAIL: ...}).
 *
 * @param relations each corrupt relation ({@code schema.name}) with its kind and its first finding
 */
record PgAmcheckFindings(List<CorruptRelation> relations) {
    private static final Pattern HEADER = Pattern.compile("^(heap table|btree index) \"([^\"]*)\"(, [^:]*)?:$");

    PgAmcheckFindings {
        relations = List.copyOf(relations);
    }

    /** One corrupt relation: {@code heap table} or {@code btree index}, where, and what pg_amcheck said first. */
    record CorruptRelation(String kind, String name, String where, String finding, int findings) {
        String describe() {
            return kind + " " + name + where + " (" + finding + (findings > 1 ? "; " + findings + " findings" : "") + ")";
        }
    }

    boolean corrupt() {
        return !relations.isEmpty();
    }

    /** Parses pg_amcheck's standard output of a run over {@code database}. */
    static PgAmcheckFindings parse(String database, String stdout) {
        Map<String, CorruptRelation> byName = new LinkedHashMap<>();
        String current = null;
        for (String line : stdout.split("\n")) {
            Matcher m = HEADER.matcher(line.stripTrailing());
            if (m.matches()) {
                String name = withoutDatabase(database, m.group(2));
                String key = m.group(1) + " " + name;
                CorruptRelation seen = byName.get(key);
                byName.put(key, seen == null ? new CorruptRelation(m.group(1), name, m.group(3) == null ? "" : m.group(3),
                        "", 1) : new CorruptRelation(seen.kind(), seen.name(), seen.where(), seen.finding(),
                                seen.findings() + 1));
                current = key;
            } else if (current != null && line.startsWith("    ") && !line.isBlank()) {
                CorruptRelation r = byName.get(current);
                if (r.finding().isEmpty()) {
                    byName.put(current, new CorruptRelation(r.kind(), r.name(), r.where(),
                            line.strip().replaceAll("\\s+", " "), r.findings()));
                }
            }
        }
        return new PgAmcheckFindings(new ArrayList<>(byName.values()));
    }

    /** {@code nbms.public.t_pkey} is {@code public.t_pkey} of database nbms. */
    private static String withoutDatabase(String database, String qualified) {
        return qualified.startsWith(database + ".") ? qualified.substring(database.length() + 1) : qualified;
    }
}
