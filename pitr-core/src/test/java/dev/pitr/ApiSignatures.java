package dev.pitr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the public signatures of compiled classes: which packages a directory of classes holds, and which
 * public or protected members, supertypes and type parameters name a type that is not part of the API.
 */
final class ApiSignatures {
    /** Types no public signature may name: pitr's engine, and the libraries it could swap. */
    private static final List<String> FORBIDDEN = List.of("dev.pitr.internal.", "org.apache.commons.exec.",
            "com.fasterxml.jackson.");

    private ApiSignatures() {
    }

    static Path classesDirectory(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isInternal(String packageName) {
        return packageName.equals("dev.pitr.internal") || packageName.startsWith("dev.pitr.internal.");
    }

    /** Every package with at least one class in the directory. */
    static Set<String> packages(Path classes) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
                    .forEach(f -> packages.add(classes.relativize(f.getParent()).toString().replace('/', '.')));
        }
        return packages;
    }

    /** The public top-level and nested classes of the API packages in the directory. */
    static List<Class<?>> apiClasses(Path classes) throws IOException {
        List<Class<?>> result = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                String pkg = name.substring(0, name.lastIndexOf('.'));
                if (isInternal(pkg)) {
                    continue;
                }
                Class<?> c = load(name);
                if (isVisible(c)) {
                    result.add(c);
                }
            }
        }
        return result;
    }

    /** What in the class's public surface names a forbidden type, one line per finding. */
    static List<String> violations(Class<?> c) {
        List<String> found = new ArrayList<>();
        check(found, c, "supertype", c.getGenericSuperclass());
        for (Type t : c.getGenericInterfaces()) {
            check(found, c, "supertype", t);
        }
        for (TypeVariable<?> v : c.getTypeParameters()) {
            for (Type bound : v.getBounds()) {
                check(found, c, "type parameter " + v.getName(), bound);
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                check(found, c, "field " + f.getName(), f.getGenericType());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !k.isSynthetic()) {
                executable(found, c, "constructor", k);
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                check(found, c, "method " + m.getName(), m.getGenericReturnType());
                executable(found, c, "method " + m.getName(), m);
            }
        }
        return found;
    }

    private static void executable(List<String> found, Class<?> c, String what, Executable e) {
        for (Type p : e.getGenericParameterTypes()) {
            check(found, c, what, p);
        }
        for (Type x : e.getGenericExceptionTypes()) {
            check(found, c, what, x);
        }
        for (TypeVariable<?> v : e.getTypeParameters()) {
            for (Type bound : v.getBounds()) {
                check(found, c, what, bound);
            }
        }
    }

    private static void check(List<String> found, Class<?> owner, String what, Type type) {
        for (String name : names(type)) {
            if (FORBIDDEN.stream().anyMatch(name::startsWith)) {
                found.add(owner.getName() + ": " + what + " names " + name);
            }
        }
    }

    private static List<String> names(Type type) {
        List<String> names = new ArrayList<>();
        if (type instanceof Class<?> k) {
            Class<?> base = k;
            while (base.isArray()) {
                base = base.getComponentType();
            }
            names.add(base.getName());
        } else if (type instanceof ParameterizedType p) {
            names.addAll(names(p.getRawType()));
            for (Type a : p.getActualTypeArguments()) {
                names.addAll(names(a));
            }
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                names.addAll(names(b));
            }
            for (Type b : w.getLowerBounds()) {
                names.addAll(names(b));
            }
        } else if (type instanceof GenericArrayType a) {
            names.addAll(names(a.getGenericComponentType()));
        }
        // A type variable names its bounds where it is declared; those are checked there.
        return names;
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!visible(k.getModifiers())) {
                return false;
            }
        }
        return !c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic();
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSignatures.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UncheckedIOException(new IOException("cannot load " + name, e));
        }
    }
}
