package io.maprace.corpus;

import io.maprace.samples.SampleOptions;
import io.maprace.samples.Workers;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.util.WeakIdentityHashMap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Shape 6, a {@code HashMap} inside a custom {@code Map}: Avro's fast reader caches record readers in
 * {@code FastReaderBuilder.readerCache}, a synchronized {@code WeakIdentityHashMap} whose values, one per reader
 * schema, are {@code WeakIdentityHashMap}s created by {@code computeIfAbsent} under that lock and then written
 * outside it ({@code computeIfAbsent(writerSchema, ...)}); a {@code WeakIdentityHashMap} keeps its entries in a
 * private plain {@code HashMap}, {@code backingStore} (AVRO-3751, "FastReaderBuilder in multithread lead to infinite
 * loop"; 1.12.0 backs {@code WeakIdentityHashMap} with a {@code ConcurrentHashMap}). The application enables the fast
 * reader and decodes messages whose writer schema it parses from each message, as a consumer without a schema cache
 * does: every message is a new writer-schema key, garbage once read, so the inner map is written and reaped all
 * the time.
 */
public final class AvroFastReader implements CorpusDriver {

    static final String NAME = "avro-fast-reader";
    private static final String SCHEMA_JSON = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"item\",\"type\":\"string\"}]}";
    static final Schema READER = new Schema.Parser().parse(SCHEMA_JSON);
    private static final byte[] MESSAGE = encode();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        GenericData.get().setFastReaderEnabled(true);
        GenericData.get().getFastReaderBuilder(); // built once here: its own lazy creation is not what is measured
        workers.writers("decode-worker", options.threads(), i -> AvroFastReader::decode);
    }

    /** One message: its writer schema parsed from the message (a new Schema object), then the record decoded. */
    private static void decode() {
        Schema writer = new Schema.Parser().parse(SCHEMA_JSON);
        try {
            new GenericDatumReader<GenericRecord>(writer, READER)
                    .read(null, DecoderFactory.get().binaryDecoder(MESSAGE, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode() {
        GenericRecord order = new GenericData.Record(READER);
        order.put("id", 42L);
        order.put("item", "book");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<GenericRecord>(READER).write(order, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public List<MapDamage.Result> check() {
        FastReaderBuilder builder = GenericData.get().getFastReaderBuilder();
        @SuppressWarnings("unchecked")
        Map<Schema, Map<Schema, ?>> cache = (Map<Schema, Map<Schema, ?>>) MapDamage.field(builder,
                FastReaderBuilder.class, "readerCache");
        Map<Schema, ?> perReader = cache.get(READER); // the outer map is synchronized: a safe call
        if (perReader == null) {
            return List.of();
        }
        return List.of(MapDamage.check("org.apache.avro.generic.GenericData.get().fastReaderBuilder.readerCache"
                        + "{READER}.backingStore",
                MapDamage.field(perReader, WeakIdentityHashMap.class, "backingStore")));
    }
}
