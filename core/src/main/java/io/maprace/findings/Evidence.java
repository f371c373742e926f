package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
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
        @JsonSubTypes.Type(value = Evidence.Corruption.class, name = "corruption"),
        @JsonSubTypes.Type(value = Evidence.Sharing.class, name = "sharing"),
        @JsonSubTypes.Type(value = Evidence.SharedLockSeen.class, name = "shared-lock"),
        @JsonSubTypes.Type(value = Evidence.ObservedWrite.class, name = "write"),
        @JsonSubTypes.Type(value = Evidence.Overlap.class, name = "overlap"),
})
public sealed interface Evidence {

    /**
     * Hands this evidence to the visitor's method for its type. Every renderer draws evidence through a
     * {@link Visitor}, so a new evidence type does not compile until each of them says how to draw it.
     */
    <R> R accept(Visitor<R> v);

    /** One method per evidence type: the exhaustive way to act on evidence (Java 17 has no pattern switch). */
    interface Visitor<R> {
        R sampleRun(SampleRun e);

        R coSampled(CoSampled e);

        R siteSamples(SiteSamples e);

        R lockWaits(LockWaits e);

        R exceptionSeen(ExceptionSeen e);

        R threadDumpSeen(ThreadDumpSeen e);

        R corruption(Corruption e);

        R sharing(Sharing e);

        R sharedLockSeen(SharedLockSeen e);

        R observedWrite(ObservedWrite e);

        R overlap(Overlap e);
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
     * A method sampled taking or releasing a shared lock (a read lock) around its map calls: any number of
     * threads hold it at once, so it orders no writes.
     */
    record SharedLockSeen(String method, String lockClass, int samples, List<ThreadRef> threads)
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
}
