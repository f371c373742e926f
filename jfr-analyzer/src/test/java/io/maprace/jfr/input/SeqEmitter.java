package io.maprace.jfr.input;

/**
 * Main class of the child JVMs the tests record: emits {@link SeqEvent}s 0, 1, 2... from one thread
 * until it is killed, or for at most a minute so that it never outlives a failed test.
 */
public final class SeqEmitter {
    private SeqEmitter() {
    }

    public static void main(String[] args) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long seq = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 20; i++) {
                SeqEvent.emit(seq++);
            }
            Thread.sleep(5);
        }
    }
}
