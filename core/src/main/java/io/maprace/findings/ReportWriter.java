package io.maprace.findings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A report as the JSON {@link ReportJson#mapper()} writes (the same properties, order and indentation), written
 * with jackson-core's generator from {@link RecordValues}' tree: the object mapper built its serializers for each
 * report, 0.13 s and about 600 classes on every command that writes JSON. The mapper still reads reports back.
 */
public final class ReportWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportWriter() {
    }

    /** The report's JSON, indented as {@code SerializationFeature.INDENT_OUTPUT} indents it. */
    public static String json(Report report) {
        StringWriter out = new StringWriter(16 * 1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, RecordValues.of(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).intValue());
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object e : l) {
                write(g, e);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("no JSON for " + v.getClass().getName());
        }
    }
}
