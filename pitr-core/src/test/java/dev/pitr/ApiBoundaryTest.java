package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.fixture.InternalTypes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is the packages pitr-core's module exports, and nothing below {@code dev.pitr.internal}
 * is part of it: not exported, and never named by a public signature of an API type (nor is commons-exec
 * or Jackson, so both stay replaceable).
 */
class ApiBoundaryTest {
    private static final Path CLASSES = ApiSignatures.classesDirectory(PgBackRest.class);

    @Test
    void theModuleExportsEveryApiPackageAndNoInternalOne() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> api = ApiSignatures.packages(CLASSES).stream().filter(p -> !ApiSignatures.isInternal(p))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(exported.stream().noneMatch(ApiSignatures::isInternal), "internal packages exported: " + exported);
        assertEquals(api, exported, "every API package is exported, and only those");
        assertTrue(module.opens().isEmpty(), "no package is opened for reflection: " + module.opens());
    }

    @Test
    void noPublicSignatureOfAnApiPackageNamesAnInternalType() throws IOException {
        List<Class<?>> api = ApiSignatures.apiClasses(CLASSES);
        assertTrue(api.contains(PgBackRest.class) && api.contains(dev.pitr.restore.RecoveryTarget.Time.class), api.toString());
        List<String> violations = api.stream().flatMap(c -> ApiSignatures.violations(c).stream()).toList();
        assertEquals(List.of(), violations);
    }

    @Test
    void theCheckCatchesAnInternalTypeInEveryKindOfSignature() {
        List<String> found = ApiSignatures.violations(LeakyApi.class);
        for (String member : List.of("field leakedField", "method leakedReturn", "method leakedParameter",
                "method leakedInGeneric", "constructor", "method leakedException", "supertype")) {
            assertTrue(found.stream().anyMatch(v -> v.contains(member)), member + " not reported in " + found);
        }
        assertFalse(found.stream().anyMatch(v -> v.contains("privateIsFine")), found.toString());
    }

    @Test
    void everyApiPackageHasADescription() throws IOException {
        try (Stream<String> packages = ApiSignatures.packages(CLASSES).stream()) {
            List<String> undocumented = packages.filter(p -> !ApiSignatures.isInternal(p))
                    .filter(p -> !Files.exists(CLASSES.resolve(p.replace('.', '/')).resolve("package-info.class")))
                    .toList();
            assertEquals(List.of(), undocumented, "API packages without a package-info.java");
        }
    }

    /**
     * Data flows one way: the facade and its requests ({@code dev.pitr}) call the engine, never the reverse.
     * A class under {@code internal} that imports {@code PgBackRest}, {@code FluentConfiguration} or a request
     * builder (or names one in code) would tie the engine back to the API it serves.
     */
    @Test
    void noClassUnderInternalUsesTheFacadeOrARequest() throws IOException {
        Path internal = Path.of("src/main/java/dev/pitr/internal");
        List<String> upward;
        try (Stream<Path> files = Files.walk(internal)) {
            upward = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
                    return java.util.regex.Pattern.compile("\\bdev\\.pitr\\.([A-Z]\\w*)").matcher(code).results()
                            .map(m -> internal.relativize(f) + " uses dev.pitr." + m.group(1));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertTrue(Files.isDirectory(internal), internal.toAbsolutePath().toString());
        assertEquals(List.of(), upward);
    }

    /** A deliberately wrong API type: every way an internal type can leak into a public signature. */
    @SuppressWarnings("unused")
    public static class LeakyApi extends InternalTypes.Base {
        public InternalTypes.Value leakedField;
        private InternalTypes.Value privateIsFine;

        public LeakyApi(InternalTypes.Value value) {
        }

        public InternalTypes.Value leakedReturn() {
            return null;
        }

        public void leakedParameter(InternalTypes.Value value) {
        }

        public List<? extends InternalTypes.Value> leakedInGeneric() {
            return List.of();
        }

        public void leakedException() throws InternalTypes.Failure {
        }

        private void privateIsFineToo(InternalTypes.Value value) {
        }
    }
}
