package io.gossippreflight.verdict;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one direction of a path, from {@code from} to {@code to}: status, MTU (exact
 * or bracketed), how sure, the evidence, and fixes ready to paste. Renderers read only this.
 *
 * @param from     sending host (address, optionally with a name: "198.18.1.2")
 * @param to       receiving host
 * @param summary  one or two sentences a person can act on
 */
public record PathVerdict(String from, String to, PathStatus status, MtuEstimate mtu, Confidence confidence,
        String summary, List<Evidence> evidence, List<Fix> fixes, List<String> warnings) {
    public PathVerdict {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(status, "status");
        mtu = mtu == null ? MtuEstimate.unknown() : mtu;
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** "198.18.1.2 -> 198.18.2.2". */
    public String direction() {
        return from + " -> " + to;
    }
}
