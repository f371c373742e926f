package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import io.maprace.events.ThreadRef;

import java.time.Instant;
import java.util.List;

/**
 * One typed piece of evidence behind a finding. The {@code type} property names the record in JSON.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Evidence.SampleRun.class, name = "sample-run"),
        @JsonSubTypes.Type(value = Evidence.CoSampled.class, name = "co-sampled"),
        @JsonSubTypes.Type(value = Evidence.SiteSamples.class, name = "site-samples"),
        @JsonSubTypes.Type(value = Evidence.LockWaits.class, name = "lock-waits"),
        @JsonSubTypes.Type(value = Evidence.ExceptionSeen.class, name = "exception"),
        @JsonSubTypes.Type(value = Evidence.ThreadDumpSeen.class, name = "thread-dump"),
        @JsonSubTypes.Type(value = Evidence.SpinningThread.class, name = "spinning-thread"),
        @JsonSubTypes.Type(value = Evidence.Corruption.class, name = "corruption"),
        @JsonSubTypes.Type(value = Evidence.Sharing.class, name = "sharing"),
        @JsonSubTypes.Type(value = Evidence.SharedLockSeen.class, name = "shared-lock"),
        @JsonSubTypes.Type(value = Evidence.ObservedWrite.class, name = "write"),
        @JsonSubTypes.Type(value = Evidence.Overlap.class, name = "overlap"),
        @JsonSubTypes.Type(value = Evidence.WriteActivity.class, name = "write-activity"),
        @JsonSubTypes.Type(value = Evidence.TableResizes.class, name = "table-resizes"),
})
public sealed interface Evidence {

    /**
     * Hands this evidence to the visitor's method for its type. Every renderer draws evidence through a
     * {@link Visitor}, so a new evidence type does not compile until each of them says how to draw it.
     */
    <R> R accept(Visitor<R> v);

    /**
     * Whether this evidence was sampled or caught in the act: the JSON's {@code basis}. Derived from the type
     * (read back, it is recomputed, not read).
     */
    @JsonProperty(value = "basis", access = JsonProperty.Access.READ_ONLY)
    default Basis basis() {
        return accept(Basis.OF);
    }

    /**
     * What kind of observation a piece of evidence is. A report that joins a flight recording with breakpoints
     * (a watch with {@code --evidence both}) says for each piece which it is.
     */
    enum Basis {
        /**
         * From a flight recording or thread dumps: where threads were seen (execution samples, events over a
         * threshold, dumps). It points to a race; a coincidence of samples could look the same.
         */
        SAMPLED,
        /**
         * Read directly in the target: a write caught at a breakpoint with its thread, locks and map instance, two
         * writers inside one map at once, a map whose structure is broken, the references that share it.
         */
        PROVEN;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        private static final Visitor<Basis> OF = new Visitor<>() {
            @Override
            public Basis sampleRun(SampleRun e) {
                return SAMPLED;
            }

            @Override
            public Basis coSampled(CoSampled e) {
                return SAMPLED;
            }

            @Override
            public Basis siteSamples(SiteSamples e) {
                return SAMPLED;
            }

            @Override
            public Basis lockWaits(LockWaits e) {
                return SAMPLED;
            }

            @Override
            public Basis exceptionSeen(ExceptionSeen e) {
                return SAMPLED;
            }

            @Override
            public Basis threadDumpSeen(ThreadDumpSeen e) {
                return SAMPLED;
            }

            @Override
            public Basis spinningThread(SpinningThread e) {
                return SAMPLED;
            }

            @Override
            public Basis corruption(Corruption e) {
                return PROVEN;
            }

            @Override
            public Basis sharing(Sharing e) {
                return PROVEN;
            }

            @Override
            public Basis sharedLockSeen(SharedLockSeen e) {
                return SAMPLED;
            }

            @Override
            public Basis observedWrite(ObservedWrite e) {
                return PROVEN;
            }

            @Override
            public Basis overlap(Overlap e) {
                return PROVEN;
            }

            @Override
            public Basis writeActivity(WriteActivity e) {
                return SAMPLED;
            }

            @Override
            public Basis tableResizes(TableResizes e) {
                return SAMPLED;
            }
        };
    }

    /** One method per evidence type: the exhaustive way to act on evidence (Java 17 has no pattern switch). */
    interface Visitor<R> {
        R sampleRun(SampleRun e);

        R coSampled(CoSampled e);

        R siteSamples(SiteSamples e);

        R lockWaits(LockWaits e);

        R exceptionSeen(ExceptionSeen e);

        R threadDumpSeen(ThreadDumpSeen e);

        R spinningThread(SpinningThread e);

        R corruption(Corruption e);

        R sharing(Sharing e);

        R sharedLockSeen(SharedLockSeen e);

        R observedWrite(ObservedWrite e);

        R overlap(Overlap e);

        R writeActivity(WriteActivity e);

        R tableResizes(TableResizes e);
    }

    /** Consecutive execution samples of one thread that all stayed inside map internals. */
    record SampleRun(ThreadRef thread, Instant from, Instant to, int samples, String site, List<String> mapFrames)
            implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.sampleRun(this);
        }
    }

    /**
     * Two threads sampled inside writes at the same site in the same sampling period: evidence that they wrote
     * at the same moment, not proof (a period's samples are taken one after another).
     */
    record CoSampled(String site, ThreadRef first, ThreadRef second, int periods, Instant firstSeen,
                     Instant lastSeen) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.coSampled(this);
        }
    }

    /** How often a site was sampled writing, by how many threads, through which map method. */
    record SiteSamples(String site, String mapMethod, int samples, int threads) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.siteSamples(this);
        }
    }

    /** A thread that waited for a lock held by another (holder null when the source does not know it). */
    record LockWaits(ThreadRef waiter, ThreadRef holder, String lockClass, String waitKind, int count,
                     long totalMillis, long maxMillis) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.lockWaits(this);
        }
    }

    /** An exception thrown from inside map code. */
    record ExceptionSeen(ThreadRef thread, Instant time, String exceptionClass, String message, List<String> stack)
            implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.exceptionSeen(this);
        }
    }

    /** A thread dump that showed a thread inside map internals. */
    record ThreadDumpSeen(Instant time, String thread, String state, List<String> frames) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.threadDumpSeen(this);
        }
    }

    /**
     * A thread found RUNNABLE inside the same map internals, called from the same application frames, in every
     * dump of a burst, and (when the dumps carry CPU times) using CPU between every two of them.
     *
     * @param firstSeen the first dump of the burst: the thread was stuck since at least then
     * @param cpuShare the share of one core the thread used over the burst, 1.0 = a whole core; null when the
     *                 dumps carry no CPU times
     * @param cpuSeconds the CPU time the thread had used since it started, at the last dump; null when unknown
     * @param threadAgeSeconds how long before the last dump the thread started; null when unknown
     * @param spinningUpToSeconds at its current share, how long its whole CPU time would have taken: it has
     *                            spun at most about that long; null when unknown
     * @param allocatedBytes bytes the thread allocated during the burst (a thread looping in a corrupted bin
     *                       allocates nothing); null when the dumps do not say
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SpinningThread(ThreadRef thread, String site, List<String> mapFrames, int dumps, Instant firstSeen,
                          Instant lastSeen, Double cpuShare, Double cpuSeconds, Double threadAgeSeconds,
                          Double spinningUpToSeconds, Long allocatedBytes) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.spinningThread(this);
        }
    }

    /** An integrity check of a map's internals that failed. */
    record Corruption(String check, String detail) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.corruption(this);
        }
    }

    /** Why a map is considered shared between threads (a static path, several threads referencing it). */
    record Sharing(String reason, List<String> threads) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.sharing(this);
        }
    }

    /**
     * A method seen taking or releasing a shared lock (a read lock) around its map calls, in samples inside the
     * lock's code or in waits for it: any number of threads hold it at once, so it orders no writes.
     */
    record SharedLockSeen(String method, String lockClass, int samples, int waits, List<ThreadRef> threads)
            implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.sharedLockSeen(this);
        }
    }

    /** One write observed live, with the locks the writing thread held. */
    record ObservedWrite(ThreadRef thread, Instant time, String operation, List<String> stack, List<HeldLock> locks)
            implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.observedWrite(this);
        }
    }

    /** Proof: a second thread entered a write of the same map while the first was held inside one. */
    record Overlap(ObservedWrite held, ObservedWrite entered, long heldMicros) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.overlap(this);
        }
    }

    /**
     * How the writers' samples fall in time, beyond same-period pairs: windows of a few sampling periods in
     * which two or more distinct threads were sampled writing, and the share of the writers' samples spent in
     * these writes (an uncontended write is too short to be sampled often).
     *
     * @param windowMillis  the window's length
     * @param windows       windows holding writes by two threads or more
     * @param mostThreads   the most distinct writers in one window
     * @param writeSamples  samples of the writers inside these writes
     * @param threadSamples all samples of the same threads
     */
    record WriteActivity(long windowMillis, int windows, int mostThreads, List<ThreadRef> threads, int writeSamples,
                         int threadSamples) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.writeActivity(this);
        }
    }

    /**
     * New bucket tables ({@code HashMap$Node[]}) allocated by {@code resize} at one site, from the allocation
     * samples: a shared map growing while several threads put into it.
     */
    record TableResizes(String site, int samples, List<ThreadRef> threads) implements Evidence {

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.tableResizes(this);
        }
    }
}
