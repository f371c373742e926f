package io.maprace.jfr.chunk;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.ThreadRef;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk's constant pools: where each pooled value starts, found by walking the chunk's checkpoints once, and the
 * values the analysis needs (threads, stack traces, classes, strings), decoded from there on first use and kept.
 * A stack trace shared by thousands of samples is decoded once; one no wanted event refers to never is.
 *
 * <p>Values resolve as the JDK's consumer API resolves them: key 0 or a missing key is null, a class name has
 * '/' replaced by '.', a thread is named by its Java name or else its OS name.
 */
final class ConstantPools implements Strings.Pool {

    private static final long CHECKPOINT_TYPE = 1;

    private final ChunkInput in;
    private final ChunkMetadata metadata;
    /** Per pooled type id: key -> position of the value. */
    private final LongMap<PoolIndex> positions = new LongMap<>();
    private final JfrType stringType;
    /** Per pooled type of strings or symbols, its values. */
    private final LongMap<Cache<String>> stringPools = new LongMap<>();
    private final Cache<CallStack> stacks = new Cache<>(this::decodeStack);
    private final Cache<ThreadRef> threads = new Cache<>(this::decodeThread);
    private final Cache<String> classNames = new Cache<>(this::decodeClassName);
    private final Cache<Frame> frameMethods = new Cache<>(this::decodeMethod);

    private final InternedValues interned;
    private final PoolIndex.Spares spares;

    private ConstantPools(ChunkInput in, ChunkMetadata metadata, InternedValues interned, PoolIndex.Spares spares) {
        this.spares = spares;
        this.in = in;
        this.metadata = metadata;
        this.interned = interned;
        this.stringType = metadata.type("java.lang.String");
    }

    /**
     * Indexes the pools of the checkpoints chained back from {@code lastCheckpoint} (the header's constant-pool
     * offset), in the JDK's order: a key met again replaces the value seen first.
     */
    static ConstantPools index(ChunkInput in, ChunkMetadata metadata, long lastCheckpoint, InternedValues interned,
                               PoolIndex.Spares spares) throws ChunkFormatException {
        spares.reset();
        ConstantPools pools = new ConstantPools(in, metadata, interned, spares);
        long at = lastCheckpoint;
        // Each checkpoint lies before the previous one: at most one per byte of the chunk.
        for (int guard = 0; guard <= in.size(); guard++) {
            in.position(at);
            long size = in.readLong();
            if (in.readLong() != CHECKPOINT_TYPE) {
                throw new ChunkFormatException("no checkpoint at " + at);
            }
            in.readLong(); // start time
            in.readLong(); // duration
            long delta = in.readLong();
            in.u1(); // checkpoint type
            int poolCount = in.readCount();
            for (int p = 0; p < poolCount; p++) {
                pools.indexPool();
            }
            if (in.position() != at + size) {
                throw new ChunkFormatException("checkpoint at " + at + " does not end where its size says");
            }
            if (delta == 0) {
                return pools;
            }
            if (delta > 0 || at + delta < 0) {
                throw new ChunkFormatException("checkpoint at " + at + " links to " + (at + delta));
            }
            at += delta;
        }
        throw new ChunkFormatException("checkpoints form a loop");
    }

    private void indexPool() throws ChunkFormatException {
        long typeId = in.readLong();
        JfrType type = metadata.type(typeId);
        if (type == null) {
            throw new ChunkFormatException("constant pool of undefined type " + typeId);
        }
        int count = in.readCount();
        PoolIndex pool = positions.get(typeId);
        if (pool == null) {
            pool = spares.next();
            positions.put(typeId, pool);
        }
        pool.expect(count);
        for (int i = 0; i < count; i++) {
            long key = in.readLong();
            pool.add(key, in.position());
            Values.skipValue(in, type, 0);
        }
    }

    /** The position of the pooled value, or -1 when it is null or missing. */
    private int find(long typeId, long key) {
        if (key == 0) {
            return -1;
        }
        PoolIndex pool = positions.get(typeId);
        return pool == null ? -1 : pool.find(key);
    }

    @Override
    public String string(long key) throws ChunkFormatException {
        if (stringType == null) {
            return null;
        }
        return pooledString(stringType, key);
    }

    /** A pooled string, or a pooled struct holding one string (a symbol). */
    private String pooledString(JfrType type, long key) throws ChunkFormatException {
        if (key == 0) {
            return null;
        }
        Cache<String> pool = stringPools.get(type.id);
        if (pool == null) {
            pool = new Cache<>(this::decodeString);
            stringPools.put(type.id, pool);
        }
        return pool.get(type.id, key);
    }

    /** A pooled string, or a struct holding one string (a symbol), at the input's position. */
    private String decodeString(JfrType type) throws ChunkFormatException {
        if (type.kind == JfrType.Kind.STRING) {
            return Strings.read(in, this);
        }
        if (type.fieldArray.length == 1 && type.fieldTypes[0].kind == JfrType.Kind.STRING) {
            return stringField(type, 0);
        }
        throw new ChunkFormatException("type " + type.name + " is not a string");
    }

    /** The string in the owner's field at the input's position: inline, or a key to a pooled string. */
    String stringField(JfrType owner, int field) throws ChunkFormatException {
        if (owner.fieldArray[field].constantPool()) {
            return pooledString(owner.fieldTypes[field], in.readLong());
        }
        if (owner.fieldTypes[field].kind != JfrType.Kind.STRING) {
            throw new ChunkFormatException("field " + owner.name + "." + owner.fieldArray[field].name()
                    + " is not a string");
        }
        return Strings.read(in, this);
    }

    /** Decodes a pooled value of the given type at the input's position. */
    @FunctionalInterface
    private interface Decoder<T> {
        T decode(JfrType type) throws ChunkFormatException;
    }

    /**
     * The pooled values of one kind (threads, class names, stacks, methods, strings of one type), decoded once
     * per key and kept: a hit is a look in the map, a miss finds the value in the pools and decodes it.
     */
    private final class Cache<T> {
        private final LongMap<T> values = new LongMap<>();
        private final Decoder<T> decoder;
        /* The last key asked for and its value: events of one thread, or of one class, come in runs. */
        private long lastKey;
        private T lastValue;

        Cache(Decoder<T> decoder) {
            this.decoder = decoder;
        }

        T get(long typeId, long key) throws ChunkFormatException {
            if (key == lastKey && lastValue != null) {
                return lastValue;
            }
            T v = values.get(key);
            if (v == null) {
                v = load(typeId, key);
            }
            lastKey = key;
            lastValue = v;
            return v;
        }

        /** The pooled value decoded and kept; null when the key is 0 or missing. */
        private T load(long typeId, long key) throws ChunkFormatException {
            int at = find(typeId, key);
            if (at < 0) {
                return null;
            }
            int back = in.position();
            in.position(at);
            T value = decoder.decode(metadata.type(typeId));
            in.position(back);
            values.put(key, value);
            return value;
        }
    }

    ThreadRef thread(long typeId, long key) throws ChunkFormatException {
        return threads.get(typeId, key);
    }

    private ThreadRef decodeThread(JfrType type) throws ChunkFormatException {
        String osName = null;
        String javaName = null;
        long osId = -1;
        long javaId = -1;
        for (int i = 0; i < type.fieldArray.length; i++) {
            switch (type.fieldNames[i]) {
                case JfrType.OS_NAME: osName = stringField(type, i); break;
                case JfrType.JAVA_NAME: javaName = stringField(type, i); break;
                case JfrType.OS_THREAD_ID: osId = Values.readNumber(in, type, i); break;
                case JfrType.JAVA_THREAD_ID: javaId = Values.readNumber(in, type, i); break;
                case JfrType.NO_NAME: throw type.unnamed(i);
                default: Values.skipField(in, type, i);
            }
        }
        return interned.thread(new ThreadRef(javaId > 0 ? javaId : -osId, javaName != null ? javaName : osName));
    }

    String className(long typeId, long key) throws ChunkFormatException {
        return classNames.get(typeId, key);
    }

    private String decodeClassName(JfrType type) throws ChunkFormatException {
        for (int i = 0; i < type.fieldArray.length; i++) {
            if (type.fieldNames[i] == JfrType.NO_NAME) {
                throw type.unnamed(i);
            }
            if (type.fieldNames[i] == JfrType.NAME) {
                String name = stringField(type, i);
                if (name == null) {
                    break;
                }
                return name.replace('/', '.');
            }
            Values.skipField(in, type, i);
        }
        throw new ChunkFormatException("a class has no name");
    }

    CallStack stack(long typeId, long key) throws ChunkFormatException {
        return stacks.get(typeId, key);
    }

    private CallStack decodeStack(JfrType type) throws ChunkFormatException {
        boolean truncated = false;
        List<Frame> frames = List.of();
        for (int i = 0; i < type.fieldArray.length; i++) {
            JfrType.Field f = type.fieldArray[i];
            if (type.fieldNames[i] == JfrType.NO_NAME) {
                throw type.unnamed(i);
            } else if (type.fieldNames[i] == JfrType.TRUNCATED) {
                truncated = Values.readNumber(in, type, i) != 0;
            } else if (type.fieldNames[i] == JfrType.FRAMES && f.array() && !f.constantPool()) {
                frames = frames(type.fieldTypes[i]);
            } else {
                Values.skipField(in, type, i);
            }
        }
        return interned.stack(new CallStack(frames, truncated));
    }

    private List<Frame> frames(JfrType frameType) throws ChunkFormatException {
        int n = in.readCount();
        List<Frame> frames = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Frame method = null;
            int line = -1;
            boolean javaFrame = true;
            for (int i = 0; i < frameType.fieldArray.length; i++) {
                switch (frameType.fieldNames[i]) {
                    case JfrType.METHOD:
                        method = method(frameType.fieldTypes[i].id, Values.readNumber(in, frameType, i));
                        break;
                    case JfrType.LINE_NUMBER:
                        line = (int) Values.readNumber(in, frameType, i);
                        break;
                    case JfrType.NO_NAME:
                        throw frameType.unnamed(i);
                    case JfrType.JAVA_FRAME:
                        javaFrame = Values.readNumber(in, frameType, i) != 0;
                        break;
                    default:
                        Values.skipField(in, frameType, i);
                }
            }
            if (!javaFrame) {
                continue;
            }
            if (method == null) {
                throw new ChunkFormatException("stack frame without a method");
            }
            frames.add(interned.frame(new Frame(method.className(), method.method(), line,
                    method.synchronizedMethod())));
        }
        return frames;
    }

    /** A method as a frame at line -1: the line is per frame, the rest per method. */
    private Frame method(long typeId, long key) throws ChunkFormatException {
        return frameMethods.get(typeId, key);
    }

    private Frame decodeMethod(JfrType type) throws ChunkFormatException {
        String cls = null;
        String name = null;
        int modifiers = 0;
        for (int i = 0; i < type.fieldArray.length; i++) {
            switch (type.fieldNames[i]) {
                case JfrType.TYPE: cls = className(type.fieldTypes[i].id, Values.readNumber(in, type, i)); break;
                case JfrType.NAME: name = stringField(type, i); break;
                case JfrType.NO_NAME: throw type.unnamed(i);
                case JfrType.MODIFIERS: modifiers = (int) Values.readNumber(in, type, i); break;
                default: Values.skipField(in, type, i);
            }
        }
        return new Frame(cls == null ? "?" : cls, name, -1, Modifier.isSynchronized(modifiers));
    }
}
