package io.maprace.jfr;

import io.maprace.jfr.chunk.ChunkDecoder;
import io.maprace.jfr.chunk.DecodedChunk;
import io.maprace.jfr.chunk.InternedValues;
import io.maprace.jfr.chunk.MetadataCache;
import io.maprace.jfr.input.ChunkIndex;
import io.maprace.jfr.input.ChunkInfo;
import io.maprace.jfr.input.OpenedRecording;
import io.maprace.jfr.input.RecordingInputException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Reads a recording file with maprace's own chunk reader ({@link ChunkDecoder}): chunks are decoded on as many
 * threads as there are cores to spare (or on the reading thread), a few ahead at most, and handed to the analysis
 * one after the other in file order, as the JDK's stream hands them. Reading stops at the first damaged chunk,
 * after the events read before the damage, as the JDK's stream stops at its first error.
 */
final class LeanFileReader {

    private final AnalysisFeed feed;
    private final int decoders;
    private final MetadataCache metadata = new MetadataCache();
    private final InternedValues interned = new InternedValues();

    private LeanFileReader(AnalysisFeed feed, int decoders) {
        this.feed = feed;
        this.decoders = decoders;
    }

    /**
     * @param decoders threads decoding chunks; 0 decodes on the reading thread itself
     */
    static ReadOutcome read(OpenedRecording rec, AnalysisPipe pipe, AnalysisProgress progress, Duration budget,
                            int decoders) throws RecordingInputException {
        // A repaired copy has chunks of its own; a sound file is read as its headers were listed.
        List<ChunkInfo> chunks = rec.repaired() ? ChunkIndex.read(rec.path()).chunks() : rec.layout().chunks();
        if (chunks.stream().anyMatch(c -> c.declaredSize() > ChunkDecoder.MAX_CHUNK)) {
            // Chunks are read whole onto the heap; one larger than a fraction of it goes to the streaming parser.
            return JdkFileReader.read(rec, pipe, progress, budget);
        }
        AnalysisFeed feed = new AnalysisFeed(pipe, progress);
        LeanFileReader reader = new LeanFileReader(feed, decoders);
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> failure[0] = reader.readAll(rec, chunks), "maprace-reader");
        worker.setDaemon(true);
        worker.start();
        boolean finished = join(worker, budget);
        feed.stop();
        if (!finished) {
            worker.interrupt();
        }
        return new ReadOutcome(finished, feed.events(), feed.lastEventTime(), finished ? failure[0] : null);
    }

    private static boolean join(Thread worker, Duration budget) {
        try {
            worker.join(Math.max(1, budget.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !worker.isAlive();
    }

    /** Reads every chunk into the feed; returns why reading stopped early, or null. */
    private Throwable readAll(OpenedRecording rec, List<ChunkInfo> chunks) {
        try (FileChannel file = FileChannel.open(rec.path(), StandardOpenOption.READ)) {
            if (decoders <= 0) {
                for (ChunkInfo c : chunks) {
                    Throwable t = replay(ChunkDecoder.decode(file, c, metadata, interned));
                    if (t != null || feed.stopped()) {
                        return t;
                    }
                }
                return null;
            }
            return readParallel(file, chunks);
        } catch (IOException e) {
            return e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private Throwable readParallel(FileChannel file, List<ChunkInfo> chunks) {
        ExecutorService pool = Executors.newFixedThreadPool(decoders, r -> {
            Thread t = new Thread(r, "maprace-chunk-decoder");
            t.setDaemon(true);
            return t;
        });
        try {
            // A few chunks ahead of the analysis at most, so memory stays flat in the file's size; enough that the
            // decoders need not wait while the analysis takes one of its slower chunks (the 500 MB benchmark
            // recording: 0.665 s with six ahead against 0.69 s with two).
            int most = Math.min(decoders + 5, 8);
            Deque<FutureTask<DecodedChunk>> ahead = new ArrayDeque<>();
            int next = 0;
            while (next < chunks.size() || !ahead.isEmpty()) {
                while (next < chunks.size() && ahead.size() < most) {
                    ChunkInfo c = chunks.get(next++);
                    FutureTask<DecodedChunk> task =
                            new FutureTask<>(() -> ChunkDecoder.decode(file, c, metadata, interned));
                    ahead.add(task);
                    pool.execute(task);
                }
                help(ahead);
                Throwable t = replay(ahead.removeFirst().get());
                if (t != null || feed.stopped()) {
                    return t;
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | CancellationException e) {
            return e.getCause() != null ? e.getCause() : e;
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * While the next chunk is still being decoded, the reading thread decodes one of those after it that no decoder
     * has started (the newest first: the decoders take the oldest), rather than wait for it (the 500 MB benchmark
     * recording: 865 ms of analysis against 955 ms). A task run here is not run again by its decoder (a
     * {@link FutureTask} runs once); at most as many threads as decoders + 1 decode at once, so the reading thread,
     * which all others wait for, never competes with an extra one.
     */
    private static void help(Deque<FutureTask<DecodedChunk>> ahead) {
        FutureTask<DecodedChunk> head = ahead.peekFirst();
        head.run(); // not started yet: decoded here, at once
        var newestFirst = ahead.descendingIterator();
        while (!head.isDone() && newestFirst.hasNext()) {
            FutureTask<DecodedChunk> t = newestFirst.next();
            if (t != head && !t.isDone()) {
                t.run(); // returns at once when a decoder has it
            }
        }
    }

    /** Hands a chunk's items to the feed, as the JDK's stream would deliver them; returns its failure. */
    private Throwable replay(DecodedChunk chunk) {
        feed.chunk(chunk);
        return chunk.failure();
    }
}
