package io.maprace.heap;

/**
 * A reference path from a root to an object, shared by all the paths that extend it (a linked list toward the
 * root). Rendered as {@code com.foo.Factory.DEFAULT.cache}, {@code com.foo.Registry.LIST[3]},
 * {@code com.foo.Registry.BY_NAME{value}.cache} (a value of a JDK map), or {@code Thread[worker-1].target.state}.
 *
 * @param owner for a field step, the class declaring the field; null for element steps
 * @param name the field name, or the element label ({@code {value}}, {@code {key}}); null for an index step
 * @param depth number of steps from the root
 * @param element for an index step {@code [digits]} (an element of an array or list), the index, else -1: kept as a
 *                number, not a label, as a million maps in one array each have their own step (the label's text
 *                would take 48 bytes each), and grouping them by path asks each whether it is an index step
 */
public record HeapPath(HeapPath parent, String owner, String name, int depth, int element) {

    public HeapPath(HeapPath parent, String owner, String name, int depth) {
        this(parent, owner, owner == null && isIndex(name) ? null : name, depth,
                owner == null && isIndex(name) ? Integer.parseInt(name.substring(1, name.length() - 1)) : -1);
    }

    /** The field name or the element label ({@code [3]} for an index step, made when asked). */
    @Override
    public String name() {
        return name != null ? name : "[" + element + "]";
    }

    /** An index step {@code [digits]}: an element of an array or list. */
    public boolean index() {
        return element >= 0;
    }

    /** {@code [digits]} (an index an int holds): an element of an array or list. */
    private static boolean isIndex(String step) {
        int n = step.length();
        if (n < 3 || n > 11 || step.charAt(0) != '[' || step.charAt(n - 1) != ']') {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = step.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A static field: the root of a path. */
    public static HeapPath ofStatic(String className, String field) {
        return new HeapPath(null, className, field, 0);
    }

    /** The fields of a live thread. */
    public static HeapPath ofThread(String threadName) {
        return new HeapPath(null, null, "Thread[" + threadName + "]", 0);
    }

    public HeapPath field(String declaringClass, String field) {
        return new HeapPath(this, declaringClass, field, depth + 1);
    }

    public HeapPath element(String label) {
        return new HeapPath(this, null, label, depth + 1);
    }

    /** The element at {@code index} of the array or list this path leads to. */
    public HeapPath element(int index) {
        return new HeapPath(this, null, null, depth + 1, index);
    }

    HeapPath root() {
        HeapPath p = this;
        while (p.parent != null) {
            p = p.parent;
        }
        return p;
    }

    /** The last field step (the field that holds the object, or the collection it is an element of). */
    HeapPath lastField() {
        HeapPath p = this;
        while (p != null && p.owner == null) {
            p = p.parent;
        }
        return p;
    }

    public String render() {
        if (parent == null) {
            // a root is rendered once for every map under it (a million maps in one static array): one copy
            return (owner == null ? name() : owner + "." + name).intern();
        }
        StringBuilder sb = new StringBuilder(64);
        appendTo(sb);
        return sb.toString();
    }

    /** Root first; a loop rather than a stack of steps, as render runs once per map found (a million maps). */
    private void appendTo(StringBuilder sb) {
        int n = 0;
        for (HeapPath p = this; p != null; p = p.parent) {
            n++;
        }
        HeapPath[] steps = new HeapPath[n];
        int i0 = 0;
        for (HeapPath p = this; p != null; p = p.parent) {
            steps[i0++] = p;
        }
        for (int i = n - 1; i >= 0; i--) {
            HeapPath p = steps[i];
            if (p.parent == null) {
                if (p.owner != null) {
                    sb.append(p.owner).append('.');
                }
                sb.append(p.name());
            } else if (p.owner == null) {
                if (p.name == null) {
                    sb.append('[').append(p.element).append(']');
                } else {
                    sb.append(p.name);
                }
            } else {
                sb.append('.').append(p.name);
            }
        }
    }

    @Override
    public String toString() {
        return render();
    }
}
