package io.maprace.jfr.chunk;

import io.maprace.events.AllocationSample;
import io.maprace.rules.MapAllocations;
import io.maprace.events.CallStack;
import io.maprace.events.LockWait;
import io.maprace.events.ObservedEvent;
import io.maprace.events.StackSample;
import io.maprace.events.ThreadDumpText;
import io.maprace.events.ThreadRef;
import io.maprace.events.ThrownException;
import io.maprace.jfr.events.JfrEventNames;
import io.maprace.jfr.input.ChunkInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one chunk of a recording straight from its bytes: the metadata, an index of the constant pools, then
 * every record by its size, decoding only the events the analysis reads into the same events
 * {@link io.maprace.jfr.events.JfrTranslator} makes of the JDK's {@code RecordedEvent}s. A chunk is
 * self-contained, so chunks can be decoded on several threads at once.
 *
 * <p>Every read is bounded by the chunk's size and every record must move forward, so damaged bytes end the
 * chunk with a {@link ChunkFormatException}, never a loop.
 */
public final class ChunkDecoder {

    private static final long CHECKPOINT_TYPE = 1;
    /** The checkpoint-type bit of a flush: the JDK's stream ends a segment there. */
    private static final int FLUSH_CHECKPOINT = 1;
    private static final ThreadRef UNKNOWN_THREAD = new ThreadRef(-1, "<unknown>");
    /**
     * Chunks are read onto the heap, one buffer per decoding thread, so at most this large: the JVM's default
     * chunks are 12 MB at most. A file with a larger chunk is left to the JDK's parser.
     */
    public static final long MAX_CHUNK = Math.min(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory() / 8);
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[0]);
    /** A thread decodes one chunk at a time: the pool indexes of its last chunk serve the next. */
    private static final ThreadLocal<PoolIndex.Spares> POOL_INDEXES = ThreadLocal.withInitial(PoolIndex.Spares::new);

    private final ChunkInfo chunk;
    private final ChunkInput in;
    private final MetadataCache metadataCache;
    private final InternedValues interned;
    private final List<Object> items;
    /** The current flush segment's plain allocations. */
    private PlainAllocations plain = new PlainAllocations();
    private Map<Long, String> eventTypes = Map.of();
    /** The JDK 17 consumer's conversion: nanoseconds = start + (ticks - start ticks) / (ticks per second / 1e9). */
    private final double ticksPerNano;
    private ConstantPools pools;
    /**
     * The id of {@code jdk.ExecutionSample} in this chunk, or -1: the analysis reads only its settings (the sampling
     * period); the other settings, hundreds per chunk, are counted without reading their names and values.
     */
    private long executionSampleType = -1;

    static {
        // The C1 compiler makes an allocation of a class not yet initialized a call into the VM, for good. A chunk
        // may begin with hundreds of allocation samples, so the sample path can be compiled before the first
        // execution sample made a StackSample (or an allocation sample the rules read, its Instant): initialized
        // here, they are allocated inline.
        initialize(Instant.class, StackSample.class, AllocationSample.class, Duration.class, LockWait.class,
                ThrownException.class, DecodedChunk.Setting.class);
    }

    private static void initialize(Class<?>... classes) {
        for (Class<?> c : classes) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private ChunkDecoder(ChunkInfo chunk, byte[] bytes, MetadataCache metadataCache, InternedValues interned) {
        this.metadataCache = metadataCache;
        this.interned = interned;
        this.chunk = chunk;
        this.in = new ChunkInput(bytes, (int) chunk.declaredSize(), chunk.compressedIntegers());
        this.ticksPerNano = chunk.ticksPerSecond() / 1_000_000_000.0;
        // About one wanted event per hundred bytes in a profiling recording: the list rarely grows.
        this.items = new ArrayList<>((int) Math.min(chunk.declaredSize() / 128, 1 << 20) + 16);
    }

    /**
     * Decodes the chunk; a failure is returned with the items read before it, not thrown.
     *
     * @param metadataCache metadata already read from other chunks of the file, shared by the decoding threads
     * @param interned      the threads, frames and stacks of the chunks decoded before, shared likewise
     */
    public static DecodedChunk decode(FileChannel file, ChunkInfo chunk, MetadataCache metadataCache,
                                      InternedValues interned) {
        ChunkDecoder decoder;
        try {
            decoder = new ChunkDecoder(chunk, load(file, chunk), metadataCache, interned);
        } catch (IOException | RuntimeException e) {
            return new DecodedChunk(Map.of(), List.of(), e);
        }
        Throwable failure = null;
        try {
            decoder.run();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            failure = e;
        }
        if (failure != null) {
            // what was read of the segment the failure cut
            decoder.plainAllocations();
        }
        return new DecodedChunk(decoder.eventTypes, decoder.items, failure);
    }

    private static byte[] load(FileChannel file, ChunkInfo chunk) throws IOException {
        long size = chunk.declaredSize();
        if (size < ChunkInfo.HEADER_SIZE || chunk.offset() + size > file.size() || size > MAX_CHUNK) {
            throw new ChunkFormatException("chunk " + chunk.index() + " of " + size + " bytes does not fit the file");
        }
        byte[] buffer = BUFFERS.get();
        if (buffer.length < size + 1) {
            // one byte more than the chunk: the record loop reads a type byte before checking the size
            buffer = new byte[(int) size + 1];
            BUFFERS.set(buffer);
        }
        ByteBuffer bb = ByteBuffer.wrap(buffer, 0, (int) size);
        long at = chunk.offset();
        while (bb.hasRemaining()) {
            if (file.read(bb, at + bb.position()) < 0) {
                throw new ChunkFormatException("file ends inside chunk " + chunk.index());
            }
        }
        return buffer;
    }

    private void run() throws ChunkFormatException {
        if (chunk.metadataOffset() < ChunkInfo.HEADER_SIZE || chunk.metadataOffset() >= in.size()) {
            throw new ChunkFormatException("no metadata at " + chunk.metadataOffset());
        }
        ChunkMetadata metadata = metadataCache.read(in, (int) chunk.metadataOffset());
        eventTypes = metadata.eventTypeNames();
        JfrType executionSample = metadata.type(JfrEventNames.EXECUTION_SAMPLE);
        executionSampleType = executionSample == null ? -1 : executionSample.id;
        pools = ConstantPools.index(in, metadata, chunk.constantPoolOffset(), interned, POOL_INDEXES.get());
        EventLayout[] byId = metadata.layouts();
        byte[] bytes = in.bytes();
        boolean compressed = in.compressed();
        int end = in.size();
        int at = ChunkInfo.HEADER_SIZE;
        int lastStart = at;
        while (at < end) {
            // Most records of a profiling recording are events no rule reads (GC phases are two in three), and
            // nearly all have a size and a type of one byte each: those are skipped here with two reads and a
            // lookup. The buffer has a byte past the chunk, so the type is read before the size is checked; a
            // size that runs past the chunk ends the loop and is reported below.
            int size = bytes[at];
            if (size > 1 && compressed) {
                int oneByteType = bytes[at + 1];
                if (oneByteType > CHECKPOINT_TYPE && byId[oneByteType] == null) {
                    lastStart = at;
                    at += size;
                    continue;
                }
            }
            in.position(at);
            long longSize = in.readLong();
            if (longSize <= 0 || longSize > end - at) {
                throw new ChunkFormatException("record at " + at + " has size " + longSize);
            }
            size = (int) longSize;
            long typeId = in.readLong();
            EventLayout layout = typeId >= 0 && typeId < byId.length ? byId[(int) typeId] : metadata.layout(typeId);
            if (layout != null) {
                if (layout.plainSample) {
                    sample(layout);
                } else {
                    event(layout);
                }
            } else if (typeId == CHECKPOINT_TYPE) {
                in.readLong(); // start time
                in.readLong(); // duration
                in.readLong(); // delta
                if ((in.u1() & FLUSH_CHECKPOINT) != 0) {
                    flush();
                }
            }
            lastStart = at;
            at += size;
        }
        if (at > end) {
            throw new ChunkFormatException("record at " + lastStart + " has size " + (at - lastStart));
        }
        flush();
    }

    private void flush() {
        plainAllocations();
        items.add(DecodedChunk.FLUSH);
    }

    private void plainAllocations() {
        if (plain.size() > 0) {
            items.add(plain);
            // the next segment has about as many: room made once rather than by doubling
            plain = new PlainAllocations(plain.size() + plain.size() / 4);
        }
    }

    /**
     * An execution or allocation sample, nine events in ten that are decoded, whose layout is plain (see
     * {@link EventLayout#plainSample}): its fields are read straight as the longs they are, apart from the rarer
     * events with strings and durations.
     */
    private void sample(EventLayout layout) throws ChunkFormatException {
        long startTicks = in.readLong();
        long thread = 0;
        long stack = 0;
        long cls = 0;
        if (layout.directSample) {
            thread = in.readLong();
            stack = in.readLong();
            if (layout.kind == EventLayout.ALLOCATION) {
                cls = in.readLong();
            }
        } else {
            JfrType type = layout.type;
            if (layout.hasDuration) {
                in.readLong();
            }
            int[] roles = layout.roles;
            for (int i = layout.hasDuration ? 2 : 1; i <= layout.lastNeeded; i++) {
                switch (roles[i]) {
                    case EventLayout.THREAD: thread = in.readLong(); break;
                    case EventLayout.STACK: stack = in.readLong(); break;
                    case EventLayout.CLASS: cls = in.readLong(); break;
                    default: Values.skipField(in, type, i);
                }
            }
        }
        if (layout.kind == EventLayout.EXECUTION) {
            items.add(StackSample.atNanos(nanos(startTicks), thread(layout.threadType, thread),
                    stack(layout.stackType, stack)));
        } else {
            allocation(startTicks, thread, stack, cls, layout);
        }
    }

    /*
     * What the last allocated classes of this chunk are to the rules, by pool key: a recording samples allocations
     * of a few classes in turn, so most samples are told apart by their key alone, without the class's name.
     */
    private enum ClassVerdict { NO_CLASS, PLAIN, READ }

    private final LongMap<ClassVerdict> classVerdicts = new LongMap<>();

    private void allocation(long startTicks, long thread, long stack, long cls, EventLayout layout)
            throws ChunkFormatException {
        if (layout.classType == null) {
            items.add(DecodedChunk.IGNORED);
            return;
        }
        ClassVerdict verdict = classVerdicts.get(cls);
        if (verdict == null) {
            String c = pools.className(layout.classType.id, cls);
            verdict = c == null ? ClassVerdict.NO_CLASS : allocatedClasses.isRead(c) ? ClassVerdict.READ
                    : ClassVerdict.PLAIN;
            classVerdicts.put(cls, verdict);
        }
        if (verdict == ClassVerdict.PLAIN) {
            plain.add(nanos(startTicks), thread(layout.threadType, thread));
        } else if (verdict == ClassVerdict.NO_CLASS) {
            items.add(DecodedChunk.IGNORED);
        } else {
            items.add(new AllocationSample(Instant.ofEpochSecond(0, nanos(startTicks)),
                    thread(layout.threadType, thread), pools.className(layout.classType.id, cls),
                    stack(layout.stackType, stack)));
        }
    }

    /** Any other wanted event. */
    private void event(EventLayout layout) throws ChunkFormatException {
        JfrType type = layout.type;
        long startTicks = Values.readNumber(in, type, 0);
        long durationTicks = layout.hasDuration ? Values.readNumber(in, type, 1) : 0;
        long thread = 0;
        long stack = 0;
        long cls = 0;
        long holder = 0;
        long address = 0;
        long settingId = 0;
        String text = null;
        String settingName = null;
        for (int i = layout.hasDuration ? 2 : 1; i <= layout.lastNeeded; i++) {
            switch (layout.roles[i]) {
                case EventLayout.THREAD: thread = ref(type, i); break;
                case EventLayout.STACK: stack = ref(type, i); break;
                case EventLayout.CLASS: cls = ref(type, i); break;
                case EventLayout.HOLDER: holder = ref(type, i); break;
                case EventLayout.ADDRESS: address = Values.readNumber(in, type, i); break;
                case EventLayout.SETTING_ID:
                    settingId = Values.readNumber(in, type, i);
                    if (layout.kind == EventLayout.SETTING && settingId != executionSampleType) {
                        items.add(DecodedChunk.IGNORED);
                        return;
                    }
                    break;
                case EventLayout.SETTING_NAME: settingName = pools.stringField(type, i); break;
                case EventLayout.TEXT: text = pools.stringField(type, i); break;
                default: Values.skipField(in, type, i);
            }
        }
        long startNanos = nanos(startTicks);
        Instant time = Instant.ofEpochSecond(0, startNanos);
        switch (layout.kind) {
            case EventLayout.EXECUTION:
                items.add(StackSample.atNanos(startNanos, thread(layout.threadType, thread),
                        stack(layout.stackType, stack)));
                return;
            case EventLayout.LOCK: {
                ThreadRef previous = layout.hasHolder ? pooledThread(layout.holderType, holder) : null;
                String lockClass = layout.classType == null ? null : pools.className(layout.classType.id, cls);
                Duration duration = Duration.ofNanos(nanos(startTicks + durationTicks) - startNanos);
                items.add(new LockWait(layout.lockKind, time, duration, thread(layout.threadType, thread), previous,
                        lockClass == null ? "?" : lockClass, address, stack(layout.stackType, stack)));
                return;
            }
            case EventLayout.THROW: {
                String thrown = layout.classType == null ? null : pools.className(layout.classType.id, cls);
                items.add(new ThrownException(time, thread(layout.threadType, thread), thrown == null ? "?" : thrown,
                        text, stack(layout.stackType, stack)));
                return;
            }
            case EventLayout.DUMP:
                items.add(new ThreadDumpText(time, text));
                return;
            case EventLayout.SETTING:
                items.add(new DecodedChunk.Setting(settingId, settingName, text));
                return;
            default: {
                // The allocation events.
                String c = layout.classType == null ? null : pools.className(layout.classType.id, cls);
                items.add(c == null ? DecodedChunk.IGNORED
                        : new AllocationSample(time, thread(layout.threadType, thread), c,
                                stack(layout.stackType, stack)));
            }
        }
    }

    /** A field that must hold a constant-pool key: every JDK pools threads, classes and stack traces. */
    private long ref(JfrType type, int field) throws ChunkFormatException {
        if (!type.fieldArray[field].constantPool()) {
            throw new ChunkFormatException("field " + type.name + "." + type.fieldArray[field].name()
                    + " is not a constant-pool reference");
        }
        return Values.readNumber(in, type, field);
    }

    private long nanos(long ticks) {
        if (ticksPerNano == 1.0) {
            // Ticks are nanoseconds (Linux): the same value as dividing by 1.0, without the division.
            return chunk.startNanos() + (long) (double) (ticks - chunk.startTicks());
        }
        return chunk.startNanos() + (long) ((ticks - chunk.startTicks()) / ticksPerNano);
    }

    private final MapAllocations.LastClass allocatedClasses = new MapAllocations.LastClass();

    private ThreadRef pooledThread(JfrType type, long key) throws ChunkFormatException {
        return type == null ? null : pools.thread(type.id, key);
    }

    private ThreadRef thread(JfrType type, long key) throws ChunkFormatException {
        ThreadRef t = pooledThread(type, key);
        return t == null ? UNKNOWN_THREAD : t;
    }

    private CallStack stack(JfrType type, long key) throws ChunkFormatException {
        CallStack s = type == null ? null : pools.stack(type.id, key);
        return s == null ? CallStack.EMPTY : s;
    }
}
