package io.maprace.probe.testapp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A target whose classes are what a real JVM has besides ordinary ones, each writing the watched map
 * {@link #SHARED}: a hidden class ({@code Lookup.defineHiddenClass}), lambdas, a class of a loader that is dropped
 * and unloaded on {@code unload}, and a class loaded but not prepared until {@code prepare}. A background thread
 * keeps defining and dropping hidden classes and lambdas (as lambda forms and proxies do) and writing the map.
 *
 * <p>Prints {@code ready pid=<pid>} when every class is in place; answers {@code unload} with {@code unloaded}
 * once the class is gone, {@code prepare} with {@code prepared}; exits when stdin closes.
 */
public final class ClassChurnTarget {

    /** Public: the unloadable and lazy classes are in other loaders, so in other runtime packages. */
    public static final Map<String, Integer> SHARED = new HashMap<>();
    static final String UNLOADABLE = ClassChurnTarget.class.getName() + "$Unloadable";
    static final String LAZY = ClassChurnTarget.class.getName() + "$Lazy";

    private ClassChurnTarget() {
    }

    static synchronized void write(String key) {
        SHARED.merge(key, 1, Integer::sum);
        if (SHARED.size() > 1000) {
            SHARED.clear();
        }
    }

    /** Defined as a hidden class from its own bytes: its name ends in {@code /0x...}. */
    public static final class HiddenWriter implements Runnable {
        @Override
        public void run() {
            synchronized (ClassChurnTarget.class) {
                SHARED.put("hidden", 1);
            }
        }
    }

    /** Loaded by a loader of its own, which is dropped: the class is unloaded. */
    public static final class Unloadable implements Runnable {
        @Override
        public void run() {
            synchronized (ClassChurnTarget.class) {
                SHARED.put("unloadable", 1);
            }
        }
    }

    /** Loaded without being linked: JDI lists it, not prepared, until {@code prepare} runs it. */
    public static final class Lazy implements Runnable {
        @Override
        public void run() {
            synchronized (ClassChurnTarget.class) {
                SHARED.put("lazy", 1);
            }
        }
    }

    /** Defines one class (child first) from this class path's bytes; everything else comes from the parent. */
    static final class OwnLoader extends ClassLoader {
        private final String name;

        OwnLoader(String name) {
            super(ClassChurnTarget.class.getClassLoader());
            this.name = name;
        }

        @Override
        protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (!n.equals(name)) {
                return super.loadClass(n, resolve);
            }
            synchronized (getClassLoadingLock(n)) {
                Class<?> c = findLoadedClass(n);
                if (c == null) {
                    byte[] b = bytes(n);
                    c = defineClass(n, b, 0, b.length);
                }
                return c;
            }
        }
    }

    static byte[] bytes(String className) {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = ClassChurnTarget.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Runnable hidden() throws ReflectiveOperationException {
        Class<?> c = MethodHandles.lookup().defineHiddenClass(bytes(HiddenWriter.class.getName()), true)
                .lookupClass();
        return (Runnable) c.getDeclaredConstructor().newInstance();
    }

    public static void main(String[] args) throws Exception {
        // A hidden class kept alive, and one lambda kept: both listed by JDI when the watch scans.
        Runnable keptHidden = hidden();
        keptHidden.run();
        Supplier<Runnable> lambda = () -> () -> write("lambda");
        Runnable keptLambda = lambda.get();
        keptLambda.run();
        OwnLoader unloadLoader = new OwnLoader(UNLOADABLE);
        Runnable unloadable = (Runnable) unloadLoader.loadClass(UNLOADABLE).getDeclaredConstructor().newInstance();
        unloadable.run();
        WeakReference<ClassLoader> unloadRef = new WeakReference<>(unloadLoader);
        OwnLoader lazyLoader = new OwnLoader(LAZY);
        lazyLoader.loadClass(LAZY); // loaded, not linked: no instance, no reflection on it yet
        Thread churn = new Thread(() -> {
            int i = 0;
            while (true) {
                try {
                    // Hidden classes defined and dropped, lambdas made anew: classes come and go.
                    hidden().run();
                    int n = i++;
                    Runnable r = () -> {
                        synchronized (ClassChurnTarget.class) {
                            SHARED.put("churn" + (n % 50), n);
                        }
                    };
                    r.run();
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "churn");
        churn.setDaemon(true);
        churn.start();
        System.out.println("ready pid=" + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("unload")) {
                unloadable = null;
                unloadLoader = null;
                for (int i = 0; i < 50 && unloadRef.get() != null; i++) {
                    System.gc();
                    Thread.sleep(20);
                }
                System.out.println(unloadRef.get() == null ? "unloaded" : "still-loaded");
            } else if (line.equals("prepare")) {
                ((Runnable) Class.forName(LAZY, true, lazyLoader).getDeclaredConstructor().newInstance()).run();
                System.out.println("prepared");
            }
        }
        keptHidden.run();
        keptLambda.run();
    }
}
