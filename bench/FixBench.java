import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Target of bench/fix.sh: one map of --entries N entries, read by --threads T threads (a get, and a put of an
 * existing key every 16th operation: no structural change, so the unguarded map stays intact while measured),
 * through a field declared Map (--field map: fix wraps it) or HashMap (--field concrete: fix moves it into a
 * synchronized subclass). Prints "ready", then "progress t=S opsPerSec=N" every second.
 */
public class FixBench {

    static Map<Integer, Integer> map;
    static HashMap<Integer, Integer> concrete;
    static final LongAdder OPS = new LongAdder();

    static int viaMap(int k, boolean write) {
        if (write) {
            map.put(k, k);
        }
        Integer v = map.get(k);
        return v == null ? 0 : v;
    }

    static int viaConcrete(int k, boolean write) {
        if (write) {
            concrete.put(k, k);
        }
        Integer v = concrete.get(k);
        return v == null ? 0 : v;
    }

    public static void main(String[] args) throws Exception {
        int entries = 10_000;
        int threads = 2;
        boolean useMap = true;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--entries" -> entries = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--field" -> useMap = args[i + 1].equals("map");
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        HashMap<Integer, Integer> filled = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            filled.put(i, i);
        }
        if (useMap) {
            map = filled;
        } else {
            concrete = filled;
        }
        int n = entries;
        boolean m = useMap;
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                long sink = 0;
                while (true) {
                    for (int i = 0; i < 1024; i++) {
                        int k = r.nextInt(n);
                        sink += m ? viaMap(k, (i & 15) == 0) : viaConcrete(k, (i & 15) == 0);
                    }
                    OPS.add(1024 + (sink & 0));
                }
            }, "bench-" + t);
            w.setDaemon(true);
            w.start();
        }
        System.out.println("ready");
        long last = 0;
        for (int s = 1; s <= 600; s++) {
            Thread.sleep(1000);
            long now = OPS.sum();
            System.out.println("progress t=" + s + " opsPerSec=" + (now - last));
            last = now;
        }
    }
}
