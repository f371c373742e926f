package io.maprace.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of {@code maprace watch} that choose the evidence it goes by, and shape its flight recording. */
final class JfrWatchOptions {

    @Option(names = "--evidence", paramLabel = "KIND", converter = EvidenceChoice.Converter.class,
            description = "What the watch goes by: proven (breakpoints at the maps' write sites; the default on a JVM"
                    + " with a JDWP agent), sampled (a flight recording started with the Attach API; the default on a"
                    + " JVM without one), or both (a local JVM with a JDWP agent): the recording's samples show"
                    + " which maps several threads write, those are watched first, breakpoints prove it; the"
                    + " report marks each piece of evidence sampled or proven.")
    EvidenceChoice evidence;

    @Option(names = "--jfr",
            description = "Watch through a flight recording started with the Attach API, even if the JVM has a JDWP"
                    + " agent (the default for a JVM without one): execution samples show where threads are in map"
                    + " code together (candidates and likely findings, never proof). Same as --evidence sampled.")
    boolean jfr;

    @Option(names = "--keep", paramLabel = "FILE.jfr",
            description = "With a flight recording (--evidence sampled or both): the target writes its recording to"
                    + " FILE.jfr before it is stopped, for a later 'maprace analyze'. Without --evidence, implies"
                    + " --jfr.")
    Path keep;

    /**
     * What this watch goes by: as asked, else a recording where the target has no JDWP agent, else breakpoints.
     *
     * @return null when the options contradict each other (the caller says how)
     */
    EvidenceChoice choice(String target) {
        if (evidence != null) {
            return evidence == EvidenceChoice.PROVEN && (jfr || keep != null)
                    || evidence == EvidenceChoice.BOTH && jfr ? null : evidence;
        }
        return jfr || keep != null || JfrWatch.noJdwp(target) ? EvidenceChoice.SAMPLED : EvidenceChoice.PROVEN;
    }
}
