package io.maprace.cli;

import io.maprace.jfr.ReaderKind;
import picocli.CommandLine;

import java.util.Locale;

/** {@code --reader lean|jdk}, in any case. */
public final class ReaderKindConverter implements CommandLine.ITypeConverter<ReaderKind> {

    @Override
    public ReaderKind convert(String value) {
        try {
            return ReaderKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a parser (lean or jdk)");
        }
    }
}
