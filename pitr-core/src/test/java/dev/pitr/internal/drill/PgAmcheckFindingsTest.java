package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pg_amcheck's report (as PostgreSQL 15 prints it) read back by relation; the drill's client environment. */
class PgAmcheckFindingsTest {
    @Test
    void eachCorruptRelationIsNamedWithoutItsDatabaseWithItsFirstFindingAndHowManyThereWere() {
        String stdout = """
                btree index "nbms.public.t_pkey":
                    ERROR:  item order invariant violated for index "t_pkey"
                    DETAIL:  Lower index tid=(1,10) (points to heap tid=(0,10)) higher index tid=(1,11) page lsn=0/19474A8.
                heap table "nbms.public.t", block 0, offset 3:
                    xmin 4294967295 precedes relation freeze threshold 0:731
                heap table "nbms.public.t", block 0, offset 4:
                    xmin 4294967295 precedes relation freeze threshold 0:731
                heap table "nbms.pg_toast.pg_toast_16384":
                    ERROR:  invalid page in block 0 of relation base/16385/16389
                """;
        PgAmcheckFindings f = PgAmcheckFindings.parse("nbms", stdout);
        assertEquals(List.of(
                new PgAmcheckFindings.CorruptRelation("btree index", "public.t_pkey", "",
                        "ERROR: item order invariant violated for index \"t_pkey\"", 1),
                new PgAmcheckFindings.CorruptRelation("heap table", "public.t", ", block 0, offset 3",
                        "xmin 4294967295 precedes relation freeze threshold 0:731", 2),
                new PgAmcheckFindings.CorruptRelation("heap table", "pg_toast.pg_toast_16384", "",
                        "ERROR: invalid page in block 0 of relation base/16385/16389", 1)), f.relations());
        assertEquals("heap table public.t, block 0, offset 3 (xmin 4294967295 precedes relation freeze threshold 0:731; "
                + "2 findings)", f.relations().get(1).describe());
    }

    @Test
    void aCleanRunAndWarningsAreNoCorruption() {
        assertFalse(PgAmcheckFindings.parse("postgres", "").corrupt());
        assertFalse(PgAmcheckFindings.parse("postgres", "pg_amcheck: warning: skipping database \"x\"\n").corrupt());
    }

    @Test
    void drillClientsLoseEveryInheritedLibpqVariableTheDrillDoesNotSetItself() {
        assertEquals(List.of("env", "-u", "PGBACKREST_REPO1_CIPHER_PASS", "-u", "PGHOSTADDR", "-u", "PGPASSWORD", "-u",
                "PGSERVICE"), DrillClientEnvironment.unsetPrefix(Map.of("PGHOSTADDR", "10.0.0.5", "PGSERVICE", "prod",
                        "PGPASSWORD", "s", "PGHOST", "prod-db", "PGBACKREST_REPO1_CIPHER_PASS", "x", "PATH", "/usr/bin")));
        assertEquals(List.of(), DrillClientEnvironment.unsetPrefix(Map.of("PGHOST", "prod-db", "HOME", "/root")));
    }

    @Test
    void aDatabaseNameReachesPgAmcheckAsAConninfoValueNeverAsAPattern() {
        assertEquals("'nbms'", AmcheckValidation.conninfoValue("nbms"));
        assertEquals("'it\\'s\\\\*'", AmcheckValidation.conninfoValue("it's\\*"));
    }
}
