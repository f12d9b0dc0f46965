package dev.pitr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pgBackRest's version is read from the text every release prints and compared as numbers. */
class PgBackRestVersionTest {
    @Test
    void theVersionTextOfEveryReleaseParses() {
        assertEquals(Optional.of(new PgBackRestVersion(2, 45, 0)), PgBackRestVersion.find("pgBackRest 2.45\n"));
        assertEquals(Optional.of(new PgBackRestVersion(2, 54, 2)), PgBackRestVersion.find("pgBackRest 2.54.2"));
        assertEquals(Optional.of(new PgBackRestVersion(2, 55, 1)), PgBackRestVersion.find("noise\npgBackRest 2.55.1\n"));
        assertEquals(Optional.empty(), PgBackRestVersion.find("2059001"), "--output=num is not what pitr reads");
        assertEquals(new PgBackRestVersion(2, 59, 1), PgBackRestVersion.parse("2.59.1"));
        assertThrows(IllegalArgumentException.class, () -> PgBackRestVersion.parse("2"));
    }

    @Test
    void releasesCompareAsNumbersNotAsText() {
        assertTrue(PgBackRestVersion.parse("2.100").atLeast(PgBackRestVersion.parse("2.59.1")));
        assertTrue(PgBackRestVersion.parse("2.53").atLeast(PgBackRestVersion.TIME_UNITS));
        assertFalse(PgBackRestVersion.parse("2.52.1").atLeast(PgBackRestVersion.TIME_UNITS));
        assertTrue(PgBackRestVersion.parse("2.55.1").atLeast(2, 55));
        assertFalse(PgBackRestVersion.parse("2.45").atLeast(2, 48));
    }

    @Test
    void onlyAMinorReleaseAfterTheNewestTestedIsNewerThanTested() {
        assertFalse(PgBackRestVersion.parse("2.59.1").newerThanTested());
        assertFalse(PgBackRestVersion.parse("2.59.3").newerThanTested(), "a patch release of 2.59 is still 2.59");
        assertTrue(PgBackRestVersion.parse("2.60").newerThanTested());
        assertTrue(PgBackRestVersion.parse("3.0").newerThanTested());
        assertFalse(PgBackRestVersion.parse("2.45").newerThanTested());
    }

    @Test
    void printsLikePgBackRest() {
        assertEquals("2.45", PgBackRestVersion.parse("2.45").toString());
        assertEquals("2.55.1", PgBackRestVersion.parse("2.55.1").toString());
    }
}
