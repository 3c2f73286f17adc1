package io.gossippreflight.probe.check;

/**
 * The path MTU per direction an earlier check of the same target pinned ({@code probe watch}):
 * a bisection tries it and the byte above it first, so an unchanged limit costs one round.
 *
 * @param outbound us → target, or null
 * @param inbound target → us, or null
 */
public record SearchHint(Integer outbound, Integer inbound) {
    public static final SearchHint NONE = new SearchHint(null, null);

    Integer of(io.gossippreflight.probe.Direction d) {
        return d == io.gossippreflight.probe.Direction.OUTBOUND ? outbound : inbound;
    }
}
