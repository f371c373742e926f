package io.maprace.events;

/**
 * One frame of a Java stack, translated out of JFR or JDI types.
 *
 * @param className binary class name ({@code java.util.HashMap$TreeNode})
 * @param method method name
 * @param line source line, or -1 when unknown
 * @param synchronizedMethod whether the method is declared {@code synchronized} (it holds a monitor)
 */
public record Frame(String className, String method, int line, boolean synchronizedMethod) {

    /** {@code pkg.Class.method(File.java:line)}: the form sites take in reports. */
    public String site() {
        return className + "." + method + "(" + fileName() + (line >= 0 ? ":" + line : "") + ")";
    }

    /** {@code pkg.Class.method}, without the line. */
    public String qualifiedMethod() {
        return className + "." + method;
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
    public String toString() {
        return site();
    }
}
