package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.Locale;
import java.util.function.Function;

/**
 * Pieces shared by the HTML reports: escaping, the page frame (inline CSS, a few lines of
 * script for the copy buttons; nothing fetched when the page opens), verdict blocks and fixes.
 */
final class Html {
    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return sb.toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
            main{max-width:1280px;margin:0 auto;padding:16px 24px 48px}
            h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d8dde3;padding-bottom:4px}
            h3{font-size:15px;margin:16px 0 6px}
            .result{display:inline-block;padding:3px 10px;border-radius:4px;font-weight:600;color:#fff}
            .result.fail{background:#c62828}.result.pass{background:#2e7d32}.result.warn{background:#b26a00}
            .muted{color:#5b6673}.small{font-size:12px}
            .verdict{background:#fff;border:1px solid #d8dde3;border-left:6px solid #2e7d32;border-radius:6px;padding:10px 16px;margin:12px 0}
            .verdict.problem{border-left-color:#c62828}.verdict.warning,.verdict.inconclusive{border-left-color:#b26a00}
            .verdict h3{margin:2px 0 6px}.status{font-weight:700}
            .fix{margin:6px 0 10px}.fix .where{font-weight:600}
            .fix pre{display:inline-block;margin:2px 0;padding:6px 8px;background:#f0f2f5;border-radius:4px;white-space:pre-wrap;word-break:break-all;max-width:1080px}
            .fix .why{color:#5b6673;font-size:12px;margin:0 0 0 4px}
            button.copy{font-size:12px;margin-left:6px;vertical-align:top;cursor:pointer}
            table{border-collapse:collapse;background:#fff;margin:6px 0}td,th{border:1px solid #d8dde3;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#eef1f4}td.num{text-align:right}
            ul.findings{margin:4px 0 4px 18px;padding:0}ul.findings li{margin:2px 0}
            .count{font-weight:600}.see a{font-size:12px}
            svg{background:#fff;border:1px solid #d8dde3;border-radius:6px;display:block;margin:8px 0;max-width:100%;height:auto}
            svg text{font:11px system-ui,sans-serif;fill:#1d232b}svg .head{font-weight:700;font-size:12px}
            svg .column{stroke:#8a96a3;stroke-width:1.5}svg .capture-box{fill:#eef1f4;stroke:none}
            svg .arrow line,svg .arrow path.shaft{stroke:#2e7d32;stroke-width:1.8;fill:none}
            svg .arrow.lost line,svg .arrow.lost path.shaft{stroke:#c62828}
            svg .arrow.icmp line{stroke:#6a1b9a;stroke-dasharray:5 3}
            svg .arrow.connection line{stroke:#5b6673}
            svg .x line{stroke:#c62828;stroke-width:3}
            svg .sent{fill:#2e7d32;fill-opacity:.55}svg .lost-mark line{stroke:#c62828;stroke-width:1.6}
            svg .mtu{stroke:#1565c0;stroke-width:2}svg .mtu-bound{stroke:#1565c0;stroke-width:1.5;stroke-dasharray:6 4}
            svg .bracket{fill:#1565c0;fill-opacity:.08}svg .need{stroke:#b26a00;stroke-width:1.2;stroke-dasharray:2 3}
            svg .axis{stroke:#5b6673}svg .grid{stroke:#e3e7eb}
            svg .crossed{fill:#2e7d32}svg .late{fill:#b26a00}
            """;

    static final String SCRIPT = """
            document.querySelectorAll('button.copy').forEach(function(b){b.addEventListener('click',function(){
              var t=b.getAttribute('data-copy');
              function done(){b.textContent='copied';setTimeout(function(){b.textContent='copy'},1500)}
              if(navigator.clipboard){navigator.clipboard.writeText(t).then(done,function(){})}
              else{var a=document.createElement('textarea');a.value=t;document.body.appendChild(a);a.select();
                document.execCommand('copy');a.remove();done()}
            })});
            """;

    static void open(StringBuilder sb, String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS).append("</style></head>\n<body><main>\n");
    }

    static void close(StringBuilder sb) {
        sb.append("</main><script>").append(SCRIPT).append("</script></body></html>\n");
    }

    static String statusClass(PathStatus s) {
        return s.isProblem() ? "problem" : s.isWarning() ? "warning" : s == PathStatus.INCONCLUSIVE ? "inconclusive" : "ok";
    }

    /** A verdict block: heading, MTU, paragraph, then {@code extra} (findings), fixes and warnings. */
    static void verdict(StringBuilder sb, PathVerdict v, Function<String, String> host, String extra) {
        Integer mtu = v.mtu().isExact() ? v.mtu().exact() : null;
        sb.append("<div class=\"verdict ").append(statusClass(v.status())).append("\" data-status=\"").append(v.status().name())
                .append("\" data-from=\"").append(esc(v.from())).append("\" data-to=\"").append(esc(v.to()))
                .append("\" data-mtu=\"").append(mtu == null ? "" : mtu).append("\">\n<h3>").append(esc(host.apply(v.from())))
                .append(" &rarr; ").append(esc(host.apply(v.to()))).append(": <span class=\"status\">")
                .append(esc(VerdictTextRenderer.headline(v.status()))).append("</span> <span class=\"muted small\">(confidence ")
                .append(v.confidence().name().toLowerCase(Locale.ROOT)).append(")</span></h3>\n<div><b>MTU:</b> ")
                .append(esc(v.mtu().describe())).append("</div>\n<p>")
                .append(esc(Fold.paragraph(v.summary(), VerdictTextRenderer.MAX_SENTENCES))).append("</p>\n");
        if (extra != null) {
            sb.append(extra);
        }
        if (!v.fixes().isEmpty()) {
            sb.append("<div class=\"fixes\"><b>Fix</b>\n");
            for (Fix f : v.fixes()) {
                sb.append("<div class=\"fix\" data-kind=\"").append(f.kind().name()).append("\"><span class=\"where\">on ")
                        .append(esc(f.where() == null ? "the sender" : f.where())).append(":</span><br><pre><code>")
                        .append(esc(f.command())).append("</code></pre><button class=\"copy\" type=\"button\" data-copy=\"")
                        .append(esc(f.command())).append("\">copy</button>");
                if (f.why() != null) {
                    sb.append("<div class=\"why\">").append(esc(f.why())).append("</div>");
                }
                sb.append("</div>\n");
            }
            sb.append("</div>\n");
        }
        for (String w : v.warnings()) {
            sb.append("<div class=\"warning small\">warning: ").append(esc(w)).append("</div>\n");
        }
        sb.append("</div>\n");
    }
}
