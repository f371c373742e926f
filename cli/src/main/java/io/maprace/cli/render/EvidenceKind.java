package io.maprace.cli.render;

import io.maprace.findings.Evidence;

/**
 * The evidence types strongest first, with their short names for tallies: the proof before what only points to
 * it, so that a capped list never hides it. {@link #of} is a visitor, so a new evidence type must be placed here.
 */
enum EvidenceKind {
    OVERLAP("overlap", "overlaps"),
    CORRUPTION("failed check", "failed checks"),
    EXCEPTION("exception", "exceptions"),
    SPINNING("spinning thread", "spinning threads"),
    SAMPLE_RUN("sample run", "sample runs"),
    THREAD_DUMP("thread dump", "thread dumps"),
    CO_SAMPLED("co-sampled pair", "co-sampled pairs"),
    WRITE("write", "writes"),
    SHARED_LOCK("shared lock", "shared locks"),
    TABLE_RESIZES("table resize site", "table resize sites"),
    WRITE_ACTIVITY("write activity", "write activities"),
    SITE_SAMPLES("site", "sites"),
    LOCK_WAITS("lock wait", "lock waits"),
    SHARING("sharing fact", "sharing facts");

    private final String singular;
    private final String plural;

    EvidenceKind(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    /** {@code 1 write}, {@code 12 writes}: used in "... and 12 more (12 writes)". */
    String count(long n) {
        return RenderSupport.count(n, singular, plural);
    }

    static EvidenceKind of(Evidence e) {
        return e.accept(KINDS);
    }

    private static final Evidence.Visitor<EvidenceKind> KINDS = new Evidence.Visitor<>() {
        @Override
        public EvidenceKind sampleRun(Evidence.SampleRun e) {
            return SAMPLE_RUN;
        }

        @Override
        public EvidenceKind coSampled(Evidence.CoSampled e) {
            return CO_SAMPLED;
        }

        @Override
        public EvidenceKind siteSamples(Evidence.SiteSamples e) {
            return SITE_SAMPLES;
        }

        @Override
        public EvidenceKind lockWaits(Evidence.LockWaits e) {
            return LOCK_WAITS;
        }

        @Override
        public EvidenceKind exceptionSeen(Evidence.ExceptionSeen e) {
            return EXCEPTION;
        }

        @Override
        public EvidenceKind threadDumpSeen(Evidence.ThreadDumpSeen e) {
            return THREAD_DUMP;
        }

        @Override
        public EvidenceKind spinningThread(Evidence.SpinningThread e) {
            return SPINNING;
        }

        @Override
        public EvidenceKind corruption(Evidence.Corruption e) {
            return CORRUPTION;
        }

        @Override
        public EvidenceKind sharing(Evidence.Sharing e) {
            return SHARING;
        }

        @Override
        public EvidenceKind sharedLockSeen(Evidence.SharedLockSeen e) {
            return SHARED_LOCK;
        }

        @Override
        public EvidenceKind observedWrite(Evidence.ObservedWrite e) {
            return WRITE;
        }

        @Override
        public EvidenceKind overlap(Evidence.Overlap e) {
            return OVERLAP;
        }
    
        @Override
        public EvidenceKind writeActivity(Evidence.WriteActivity e) {
            return WRITE_ACTIVITY;
        }

        @Override
        public EvidenceKind tableResizes(Evidence.TableResizes e) {
            return TABLE_RESIZES;
        }
    };
}
