import java.util.concurrent.CountDownLatch;

/**
 * A target with N threads parked a few frames deep, for the cost of a thread dump: run as
 * {@code java bench/ManyThreads.java N}; prints {@code ready pid=<pid>} once all are parked.
 */
public class ManyThreads {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> depth(8, started), "idle-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        System.out.println("ready pid=" + ProcessHandle.current().pid());
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void depth(int d, CountDownLatch started) {
        if (d > 0) {
            depth(d - 1, started);
            return;
        }
        started.countDown();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
