package io.maprace.events;

import java.util.Objects;

/**
 * One frame of a Java stack, translated out of JFR or JDI types. A value (equal by its four parts) with the
 * accessors of a record; a class so that it keeps its names once built: sources share one frame between the
 * many stacks that have it, and rules ask for its names at each of millions of samples.
 */
public final class Frame {

    private final String className;
    private final String method;
    private final int line;
    private final boolean synchronizedMethod;
    /* Built on first use; a race builds an equal string twice. */
    private String qualifiedMethod;
    private String site;

    /**
     * @param className binary class name ({@code java.util.HashMap$TreeNode})
     * @param method method name
     * @param line source line, or -1 when unknown
     * @param synchronizedMethod whether the method is declared {@code synchronized} (it holds a monitor)
     */
    public Frame(String className, String method, int line, boolean synchronizedMethod) {
        this.className = className;
        this.method = method;
        this.line = line;
        this.synchronizedMethod = synchronizedMethod;
    }

    public String className() {
        return className;
    }

    public String method() {
        return method;
    }

    public int line() {
        return line;
    }

    public boolean synchronizedMethod() {
        return synchronizedMethod;
    }

    /** {@code pkg.Class.method(File.java:line)}: the form sites take in reports. */
    public String site() {
        String s = site;
        if (s == null) {
            s = className + "." + method + "(" + fileName() + (line >= 0 ? ":" + line : "") + ")";
            site = s;
        }
        return s;
    }

    /** {@code pkg.Class.method}, without the line. */
    public String qualifiedMethod() {
        String q = qualifiedMethod;
        if (q == null) {
            q = className + "." + method;
            qualifiedMethod = q;
        }
        return q;
    }

    /**
     * JFR and JDI stacks do not always carry the source file: derive it from the top-level class, as javac names
     * it for all but the rare file holding several top-level classes.
     */
    public String fileName() {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int nested = simple.indexOf('$');
        return (nested > 0 ? simple.substring(0, nested) : simple) + ".java";
    }

    public String packageName() {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Frame f && f.line == line && f.synchronizedMethod == synchronizedMethod
                && Objects.equals(f.method, method) && Objects.equals(f.className, className);
    }

    @Override
    public int hashCode() {
        return ((Objects.hashCode(className) * 31 + Objects.hashCode(method)) * 31 + line) * 31
                + Boolean.hashCode(synchronizedMethod);
    }

    @Override
    public String toString() {
        return site();
    }
}
