package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README and docs/ compiles against pitr as it is, so a renamed type or
 * method cannot leave a stale page behind. The convention (docs/README.md, "Code on these pages"):
 * <ul>
 *   <li>every block starts with its imports;</li>
 *   <li>a block that declares a top-level class, record, interface or enum is compiled as a source file;</li>
 *   <li>any other block is a fragment: its statements are compiled as the body of a method that may throw,
 *       in a class with a field {@code PgBackRest pgbr} (the loaded facade most pages start from); anything
 *       else it uses, it declares;</li>
 *   <li>what is not Java to compile (output, signatures, shell) uses another fence ({@code text}, {@code bash}).</li>
 * </ul>
 * All blocks are compiled in one javac run, each in a package of its own.
 */
class DocsCompileTest {
    /** Surefire runs in pitr-core; the pages are the project's, next to it. */
    static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern BLOCK = Pattern.compile("^```java\\n(.*?)^```", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile(
            "^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

    @TempDir
    Path classes;

    /** One block: where it is, and its text. */
    record Snippet(String page, int line, String code) {
        String where() {
            return page + ":" + line;
        }
    }

    static List<Snippet> snippets() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(PROJECT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Snippet> out = new ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                out.add(new Snippet(PROJECT.relativize(page).toString(), line, m.group(1)));
            }
        }
        return out;
    }

    @Test
    void theDocsHaveJavaBlocksToCompile() throws IOException {
        assertTrue(snippets().size() >= 20, "found only " + snippets().size() + " ```java blocks");
    }

    @Test
    void everyJavaBlockStartsWithItsImports() throws IOException {
        List<String> without = snippets().stream().filter(s -> !s.code().strip().startsWith("import "))
                .map(Snippet::where).toList();
        assertEquals(List.of(), without, "java blocks that do not start with their imports");
    }

    @Test
    void everyJavaBlockCompiles() throws IOException {
        Map<String, Snippet> byUnit = new LinkedHashMap<>();
        List<JavaFileObject> units = new ArrayList<>();
        List<Snippet> snippets = snippets();
        for (int i = 0; i < snippets.size(); i++) {
            Snippet s = snippets.get(i);
            String pkg = "docs.s" + i;
            Matcher type = TYPE.matcher(s.code());
            String unit;
            String name;
            if (type.find()) {
                name = type.group(1);
                unit = "package " + pkg + ";\n" + s.code();
            } else {
                name = "Fragment";
                unit = fragment(pkg, s.code());
            }
            URI uri = URI.create("string:///" + pkg.replace('.', '/') + "/" + name + ".java");
            byUnit.put(uri.toString(), s);
            units.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return unit;
                }
            });
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean ok = javac.getTask(null, null, diagnostics, List.of("-classpath", classpath, "-d", classes.toString(),
                "-proc:none", "-nowarn", "--release", "17"), null, units).call();
        List<String> errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> byUnit.get(d.getSource().toUri().toString()).where() + ": " + d.getMessage(Locale.ROOT)
                        + " (block line " + blockLine(d, byUnit.get(d.getSource().toUri().toString())) + ")")
                .toList();
        assertEquals(List.of(), errors);
        assertTrue(ok);
    }

    /** The statements of a fragment as a method body; its imports stay imports. */
    private static String fragment(String pkg, String code) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : code.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return "package " + pkg + ";\n" + imports + "class Fragment { dev.pitr.PgBackRest pgbr; void run() throws Exception {\n"
                + body + "}}\n";
    }

    /** The line of the block a diagnostic's unit line came from (fragments move their imports up). */
    private static long blockLine(Diagnostic<? extends JavaFileObject> d, Snippet s) {
        long unitLine = d.getLineNumber();
        if (TYPE.matcher(s.code()).find()) {
            return unitLine - 1;
        }
        List<Integer> importLines = new ArrayList<>();
        List<Integer> bodyLines = new ArrayList<>();
        String[] lines = s.code().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            (lines[i].startsWith("import ") ? importLines : bodyLines).add(i + 1);
        }
        long index = unitLine - 2; // after the package line
        if (index < importLines.size()) {
            return index < 0 ? 0 : importLines.get((int) index);
        }
        index -= importLines.size() + 1; // the class line
        return index >= 0 && index < bodyLines.size() ? bodyLines.get((int) index) : 0;
    }

}
