package io.gossippreflight.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts "on"/"off" (and true/false) to a boolean. */
final class OnOff implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "on":
            case "true":
                return true;
            case "off":
            case "false":
                return false;
            default:
                throw new TypeConversionException("'" + value + "' is not on or off");
        }
    }
}
