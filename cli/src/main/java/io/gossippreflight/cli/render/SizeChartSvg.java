package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.MtuEstimate;
import java.util.List;
import java.util.Locale;

/**
 * A chart of IP packet sizes: x is time (or probe order), y the IP size; delivered packets as
 * dots, lost ones as red crosses; the MTU as a line (exact) or a shaded bracket, and the sizes
 * of the messages the cluster needs as dotted lines. The plot's geometry is in data attributes
 * so a test can check that the MTU line sits at the reported value.
 */
final class SizeChartSvg {
    static final double W = 1000;
    static final double H = 280;
    static final double LEFT = 64;
    static final double RIGHT = 300;
    static final double TOP = 20;
    static final double PLOT_H = 220;

    /** One mark: {@code outcome} "sent", "lost" or "late"; {@code title} shown on hover. */
    record Mark(double x, int size, String outcome, String title) {
    }

    /** A message this cluster needs, as a size line. */
    record Need(String name, int ipSize, boolean crosses) {
    }

    static String render(String cls, String from, String to, List<Mark> marks, double xMin, double xMax, String xLabel,
            MtuEstimate mtu, List<Need> needs, java.util.function.DoubleFunction<String> xTick) {
        int maxSize = 0;
        for (Mark m : marks) {
            maxSize = Math.max(maxSize, m.size());
        }
        for (Need n : needs) {
            maxSize = Math.max(maxSize, n.ipSize());
        }
        Integer hi = mtu.upperBound();
        Integer lo = mtu.lowerBound();
        if (hi != null) {
            maxSize = Math.max(maxSize, hi);
        }
        if (lo != null) {
            maxSize = Math.max(maxSize, lo);
        }
        double step = niceStep(Math.max(100, maxSize * 1.08) / 4);
        double yMax = step * Math.ceil(Math.max(100, maxSize * 1.08) / step);
        double plotW = W - LEFT - RIGHT;
        double span = Math.max(1e-9, xMax - xMin);
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"").append(cls).append("\" width=\"").append(Html.num(W)).append("\" height=\"").append(Html.num(H))
                .append("\" viewBox=\"0 0 ").append(Html.num(W)).append(' ').append(Html.num(H)).append("\" data-from=\"")
                .append(Html.esc(from)).append("\" data-to=\"").append(Html.esc(to)).append("\" data-plot-top=\"").append(TOP)
                .append("\" data-plot-height=\"").append(PLOT_H).append("\" data-y-max=\"").append(Html.num(yMax))
                .append("\" role=\"img\" aria-label=\"IP packet sizes from ").append(Html.esc(from)).append(" to ")
                .append(Html.esc(to)).append("\">\n");
        // grid and axes
        for (double v = 0; v <= yMax + 1e-6; v += step) {
            double y = y(v, yMax);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(Html.num(y)).append("\" x2=\"")
                    .append(Html.num(LEFT + plotW)).append("\" y2=\"").append(Html.num(y)).append("\"></line>");
            sb.append("<text x=\"").append(Html.num(LEFT - 6)).append("\" y=\"").append(Html.num(y + 4))
                    .append("\" text-anchor=\"end\">").append(String.format(Locale.ROOT, "%,.0f", v)).append("</text>");
        }
        sb.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP + PLOT_H).append("\" x2=\"")
                .append(Html.num(LEFT + plotW)).append("\" y2=\"").append(TOP + PLOT_H).append("\"></line>");
        for (int i = 0; i <= 4; i++) {
            double xv = xMin + span * i / 4;
            sb.append("<text x=\"").append(Html.num(LEFT + plotW * i / 4)).append("\" y=\"").append(Html.num(TOP + PLOT_H + 16))
                    .append("\" text-anchor=\"middle\" class=\"muted\">").append(Html.esc(xTick.apply(xv))).append("</text>");
        }
        sb.append("<text x=\"").append(Html.num(LEFT + plotW / 2)).append("\" y=\"").append(Html.num(H - 4))
                .append("\" text-anchor=\"middle\" class=\"muted\">").append(Html.esc(xLabel)).append("</text>");
        sb.append("<text x=\"12\" y=\"").append(Html.num(TOP + PLOT_H / 2)).append("\" transform=\"rotate(-90 12 ")
                .append(Html.num(TOP + PLOT_H / 2)).append(")\" text-anchor=\"middle\" class=\"muted\">IP bytes</text>\n");
        // the MTU: a line when exact, else the bracket
        double xr = LEFT + plotW;
        if (mtu.isExact()) {
            double y = y(mtu.exact(), yMax);
            sb.append("<line class=\"mtu\" data-mtu=\"").append(mtu.exact()).append("\" x1=\"").append(LEFT).append("\" y1=\"")
                    .append(Html.num(y)).append("\" x2=\"").append(Html.num(xr)).append("\" y2=\"").append(Html.num(y))
                    .append("\"></line><text x=\"").append(Html.num(xr + 6)).append("\" y=\"").append(Html.num(y + 4))
                    .append("\">MTU ").append(Html.esc(mtu.describe())).append("</text>\n");
        } else if (lo != null && hi != null) {
            double y1 = y(hi, yMax);
            double y2 = y(lo, yMax);
            sb.append("<rect class=\"bracket\" x=\"").append(LEFT).append("\" y=\"").append(Html.num(y1)).append("\" width=\"")
                    .append(Html.num(plotW)).append("\" height=\"").append(Html.num(Math.max(1, y2 - y1))).append("\"></rect>");
            for (int v : new int[] {lo, hi}) {
                double y = y(v, yMax);
                sb.append("<line class=\"mtu-bound\" data-mtu=\"").append(v).append("\" x1=\"").append(LEFT).append("\" y1=\"")
                        .append(Html.num(y)).append("\" x2=\"").append(Html.num(xr)).append("\" y2=\"").append(Html.num(y))
                        .append("\"></line>");
            }
            sb.append("<text x=\"").append(Html.num(xr + 6)).append("\" y=\"").append(Html.num((y1 + y2) / 2 + 4))
                    .append("\">MTU ").append(Html.esc(mtu.describe())).append("</text>\n");
        } else if (lo != null) {
            double y = y(lo, yMax);
            sb.append("<line class=\"mtu-bound\" data-mtu=\"").append(lo).append("\" x1=\"").append(LEFT).append("\" y1=\"")
                    .append(Html.num(y)).append("\" x2=\"").append(Html.num(xr)).append("\" y2=\"").append(Html.num(y))
                    .append("\"></line><text x=\"").append(Html.num(xr + 6)).append("\" y=\"").append(Html.num(y + 4))
                    .append("\">MTU ").append(Html.esc(mtu.describe())).append("</text>\n");
        }
        int k = 0;
        for (Need n : needs) {
            double y = y(n.ipSize(), yMax);
            sb.append("<line class=\"need\" data-bytes=\"").append(n.ipSize()).append("\" x1=\"").append(LEFT).append("\" y1=\"")
                    .append(Html.num(y)).append("\" x2=\"").append(Html.num(xr)).append("\" y2=\"").append(Html.num(y))
                    .append("\"></line><text x=\"").append(Html.num(xr + 6)).append("\" y=\"").append(Html.num(y + 4 + 12 * (k++ % 2)))
                    .append("\" class=\"muted\">").append(Html.esc(n.name())).append(n.crosses() ? "" : " (lost)")
                    .append("</text>\n");
        }
        for (Mark m : marks) {
            double x = LEFT + plotW * (m.x() - xMin) / span;
            double y = y(m.size(), yMax);
            String title = "<title>" + Html.esc(m.title()) + "</title>";
            if (m.outcome().equals("lost")) {
                sb.append("<g class=\"lost-mark\">").append(title).append("<line x1=\"").append(Html.num(x - 4)).append("\" y1=\"")
                        .append(Html.num(y - 4)).append("\" x2=\"").append(Html.num(x + 4)).append("\" y2=\"").append(Html.num(y + 4))
                        .append("\"></line><line x1=\"").append(Html.num(x - 4)).append("\" y1=\"").append(Html.num(y + 4))
                        .append("\" x2=\"").append(Html.num(x + 4)).append("\" y2=\"").append(Html.num(y - 4)).append("\"></line></g>");
            } else {
                sb.append("<circle class=\"").append(m.outcome().equals("late") ? "late" : "sent").append("\" cx=\"")
                        .append(Html.num(x)).append("\" cy=\"").append(Html.num(y)).append("\" r=\"2.6\">").append(title)
                        .append("</circle>");
            }
        }
        sb.append("\n</svg>\n");
        return sb.toString();
    }

    /** The y of a size: the test recomputes it from data-plot-top, data-plot-height and data-y-max. */
    static double y(double size, double yMax) {
        return TOP + PLOT_H - PLOT_H * size / yMax;
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code v}: round tick steps. */
    static double niceStep(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
