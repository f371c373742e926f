package io.maprace.cli;

import picocli.CommandLine;

import java.util.Locale;

/** What {@code watch --evidence} goes by: a flight recording's samples, breakpoints, or both at once. */
enum EvidenceChoice {
    /** A flight recording started through the Attach API: candidates and likely findings, never proof. */
    SAMPLED,
    /** Breakpoints at the maps' write sites, through the JVM's JDWP agent: proof. */
    PROVEN,
    /** Both: the recording says which maps several threads write, the breakpoints prove it. */
    BOTH;

    /** {@code --evidence sampled|proven|both}, in any case. */
    static final class Converter implements CommandLine.ITypeConverter<EvidenceChoice> {
        @Override
        public EvidenceChoice convert(String value) {
            try {
                return EvidenceChoice.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a kind of evidence (sampled,"
                        + " proven or both)");
            }
        }
    }
}
