package io.maprace.cli;

import picocli.CommandLine;

/** A budget as a percentage: {@code 5%}, {@code 5}, {@code 0.5%}; returned as a fraction (0.05). */
public final class BudgetConverter implements CommandLine.ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        String v = value.trim();
        if (v.endsWith("%")) {
            v = v.substring(0, v.length() - 1).trim();
        }
        double percent;
        try {
            percent = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a percentage (examples: 5%, 1%,"
                    + " 0.5%)");
        }
        if (!(percent > 0 && percent <= 100)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not between 0% and 100%");
        }
        return percent / 100;
    }
}
