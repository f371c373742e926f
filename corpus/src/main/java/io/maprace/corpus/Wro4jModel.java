package io.maprace.corpus;

import io.maprace.samples.SampleOptions;
import io.maprace.samples.Workers;
import ro.isdc.wro.model.factory.XmlModelFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shape 5, per-call state in a shared object: wro4j's {@code XmlModelFactory} detects recursive group references
 * with a {@code HashSet} field, {@code processingGroups} (add before parsing a group, remove after), and keeps
 * {@code allGroupElements} in a {@code HashMap}; in 1.4.1 {@code create()} is not synchronized, and concurrent
 * requests report "Infinite Recursion detected" for groups that have none (wro4j issue 306; 1.4.6 makes the
 * class {@code create()} synchronized, and 1.4.8 documents the class as thread-safe). The application shares one factory (a static field);
 * workers build the model from a wro.xml whose groups reference each other.
 */
public final class Wro4jModel implements CorpusDriver {

    static final String NAME = "wro4j-model";
    private static final int GROUPS = 8;
    private static final byte[] MODEL = model();
    static final XmlModelFactory FACTORY = new XmlModelFactory() {
        @Override
        protected InputStream getModelResourceAsStream() {
            return new ByteArrayInputStream(MODEL);
        }
    };
    private final LongAdder spuriousRecursion = new LongAdder();
    private final LongAdder otherErrors = new LongAdder();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(SampleOptions options, Workers workers) {
        workers.writers("model-worker", options.threads(), i -> this::work);
    }

    private void work() {
        try {
            FACTORY.create();
        } catch (RuntimeException e) {
            // the model has no cycle: every recursion error is the race's
            if (String.valueOf(e.getMessage()).contains("Recursion")
                    || e.getClass().getSimpleName().startsWith("Recursive")) {
                spuriousRecursion.increment();
            } else {
                otherErrors.increment();
            }
        }
    }

    /** Groups g0..g7; each holds a stylesheet and references every later group. */
    private static byte[] model() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<groups xmlns=\"http://www.isdc.ro/wro\">\n");
        for (int g = 0; g < GROUPS; g++) {
            xml.append("  <group name=\"g").append(g).append("\">\n    <css>/static/g").append(g)
                    .append(".css</css>\n");
            for (int ref = g + 1; ref < GROUPS; ref++) {
                xml.append("    <group-ref>g").append(ref).append("</group-ref>\n");
            }
            xml.append("  </group>\n");
        }
        return xml.append("</groups>\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public List<MapDamage.Result> check() {
        return List.of(
                MapDamage.check("io.maprace.corpus.Wro4jModel.FACTORY.processingGroups", processing()),
                MapDamage.check("io.maprace.corpus.Wro4jModel.FACTORY.allGroupElements",
                        MapDamage.field(FACTORY, XmlModelFactory.class, "allGroupElements")));
    }

    private static Collection<?> processing() {
        return (Collection<?>) MapDamage.field(FACTORY, XmlModelFactory.class, "processingGroups");
    }

    @Override
    public String symptoms() {
        // nothing is being processed once the workers stopped: what the set still holds was left by the race
        MapDamage.Result set = MapDamage.check("processingGroups", processing());
        return "spuriousRecursion=" + spuriousRecursion.sum() + " otherErrors=" + otherErrors.sum()
                + " leftInProgress=" + set.reachable();
    }

}
