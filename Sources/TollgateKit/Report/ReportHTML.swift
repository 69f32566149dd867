import Foundation
import TollgateCore
import TollgateHistory

/// The report as one self-contained HTML page: inline CSS, inline SVG charts, a few lines of inline JavaScript
/// for the filters; no network, no external assets.
enum ReportHTML {
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func page(_ report: Report) -> String {
        let totals = report.totals
        let risky = report.riskiest
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Tollgate risk report \(RFC3339.day(from: report.generated))</title>
            <style>\(css)</style></head><body>
            <header><h1>Tollgate risk report</h1>
            <p class="meta">\(escaped(RFC3339.string(from: report.generated))) · profile <code>\(escaped(report.profile))</code> ·
            \(report.judged.count) package(s) from \(report.sources.map { "<code>\(escaped($0))</code>" }.joined(separator: ", "))</p>
            <div class="totals">
            """
        for d in Decision.allCases.reversed() {
            html += "<div class=\"total \(d.rawValue)\"><span class=\"n\">\(totals[d] ?? 0)</span> \(d.rawValue)</div>"
        }
        html += "</div></header><main>"
        html += section("Score distribution", id: "distribution", distributionChart(report))
        html += section("Trend", id: "trend", trendChart(report.trend))
        html += section("Since the previous run", id: "changes", changes(report))
        html += section("Riskiest packages", id: "riskiest", riskiest(risky, report: report))
        html += section(
            "Signer and maintainer changes since \(RFC3339.day(from: report.since))", id: "timeline",
            timeline(report.events))
        if !report.problems.isEmpty {
            html += section(
                "Inputs that could not be read", id: "problems",
                "<ul>"
                    + report.problems.map { "<li><code>\(escaped($0.path))</code>: \(escaped($0.reason))</li>" }
                    .joined() + "</ul>")
        }
        html += """
            </main><footer>tollgate \(TollgateVersion.string) · report.json (schema \(ReportWriter.schema)), report.sarif and
            report.md beside this page hold the same run.</footer>
            <script>\(script)</script></body></html>

            """
        return html
    }

    static func section(_ title: String, id: String, _ body: String) -> String {
        "<section id=\"\(id)\"><h2>\(escaped(title))</h2>\(body)</section>"
    }

    static func distributionChart(_ report: Report) -> String {
        let bins = report.distribution
        let maxCount = max(1, bins.max() ?? 1)
        let width = 640, height = 200, barWidth = 56
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-label=\"Score distribution\" viewBox=\"0 0 \(width) \(height + 40)\">"
        for (i, count) in bins.enumerated() {
            // Bars are scaled by the square root so that a few risky packages stay visible beside thousands of zeros.
            let h = count == 0 ? 0 : max(2, Int((Double(count) / Double(maxCount)).squareRoot() * Double(height - 20)))
            let x = 8 + i * (barWidth + 8)
            let low = i * 10
            let color =
                low >= report.thresholds.deny ? "#c62828" : low + 9 >= report.thresholds.warn ? "#ef8f00" : "#2e7d32"
            svg +=
                "<rect x=\"\(x)\" y=\"\(height - h)\" width=\"\(barWidth)\" height=\"\(h)\" fill=\"\(color)\"><title>\(count) package(s) scored \(low)–\(i == 9 ? 100 : low + 9)</title></rect>"
            svg += "<text x=\"\(x + barWidth / 2)\" y=\"\(height - h - 4)\" text-anchor=\"middle\">\(count)</text>"
            svg +=
                "<text x=\"\(x + barWidth / 2)\" y=\"\(height + 16)\" text-anchor=\"middle\" class=\"axis\">\(low)–\(i == 9 ? 100 : low + 9)</text>"
        }
        svg +=
            "<text x=\"\(width / 2)\" y=\"\(height + 36)\" text-anchor=\"middle\" class=\"axis\">score (bar heights on a square-root scale)</text></svg>"
        return svg
    }

    static func trendChart(_ runs: [HistoryStore.RunSummary]) -> String {
        guard runs.count >= 2 else {
            return "<p class=\"note\">One run so far: the trend appears from the second run on.</p>"
                + (runs.first.map {
                    "<p>This run: \($0.warn) warn, \($0.deny) deny, mean score \(String(format: "%.2f", $0.meanScore)).</p>"
                } ?? "")
        }
        let width = 640, height = 180
        let maxValue = max(1, runs.map { max($0.warn, $0.deny) }.max() ?? 1)
        func points(_ value: (HistoryStore.RunSummary) -> Int) -> String {
            runs.enumerated().map { i, r in
                let x = 30 + i * (width - 60) / max(1, runs.count - 1)
                let y = height - 20 - value(r) * (height - 40) / maxValue
                return "\(x),\(y)"
            }.joined(separator: " ")
        }
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-label=\"Trend of warn and deny counts\" viewBox=\"0 0 \(width) \(height + 20)\">"
        svg += "<polyline fill=\"none\" stroke=\"#ef8f00\" stroke-width=\"2\" points=\"\(points { $0.warn })\"/>"
        svg += "<polyline fill=\"none\" stroke=\"#c62828\" stroke-width=\"2\" points=\"\(points { $0.deny })\"/>"
        for (i, r) in runs.enumerated() {
            let x = 30 + i * (width - 60) / max(1, runs.count - 1)
            svg +=
                "<text x=\"\(x)\" y=\"\(height + 12)\" text-anchor=\"middle\" class=\"axis\">\(RFC3339.day(from: r.time))</text>"
        }
        svg +=
            "<text x=\"30\" y=\"12\" class=\"legend warn\">warn</text><text x=\"80\" y=\"12\" class=\"legend deny\">deny</text></svg>"
        svg +=
            "<table class=\"small\"><tr><th>run</th><th>date</th><th>packages</th><th>warn</th><th>deny</th><th>mean score</th></tr>"
        for r in runs.reversed().prefix(10) {
            svg +=
                "<tr><td>\(r.id)</td><td>\(RFC3339.day(from: r.time))</td><td>\(r.packages)</td><td>\(r.warn)</td><td>\(r.deny)</td><td>\(String(format: "%.2f", r.meanScore))</td></tr>"
        }
        return svg + "</table>"
    }

    static func changes(_ report: Report) -> String {
        guard let previous = report.previous else {
            return "<p class=\"note\">\(escaped(report.noPreviousRun))</p>"
        }
        let c = report.changes
        var html =
            "<p>Against run \(previous.id) of \(RFC3339.day(from: previous.time)): <b>\(c.new.count)</b> new, <b>\(c.removed.count)</b> removed, "
            + "<b>\(c.scoreUp.count)</b> riskier, <b>\(c.scoreDown.count)</b> less risky, <b>\(c.decisionChanged.count)</b> decision(s) changed.</p>"
        func list(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            html +=
                "<details><summary>\(escaped(title)) (\(items.count))</summary><ul>"
                + items.prefix(200).map { "<li>\($0)</li>" }.joined() + (items.count > 200 ? "<li>…</li>" : "")
                + "</ul></details>"
        }
        func name(_ e: HistoryStore.InventoryEntry) -> String {
            "<code>\(escaped(e.name))</code> \(escaped(e.version)) (\(e.ecosystem) \(e.kind))"
        }
        list(
            "Decisions changed",
            c.decisionChanged.map { "\(name($0.after)): \($0.before.decision) → <b>\($0.after.decision)</b>" })
        list("Riskier", c.scoreUp.map { "\(name($0.after)): \($0.before.score) → \($0.after.score)" })
        list("Less risky", c.scoreDown.map { "\(name($0.after)): \($0.before.score) → \($0.after.score)" })
        list("New", c.new.map(name))
        list("Removed", c.removed.map(name))
        return html
    }

    static func riskiest(_ risky: [JudgedPackage], report: Report) -> String {
        guard !risky.isEmpty else { return "<p class=\"note\">No package has a finding.</p>" }
        let ecosystems = Array(Set(risky.map(\.ecosystem.rawValue))).sorted()
        var html = """
            <div class="filters">
            <label>ecosystem <select id="f-ecosystem"><option value="">all</option>\(ecosystems.map { "<option>\($0)</option>" }.joined())</select></label>
            <label>decision <select id="f-decision"><option value="">all</option><option>deny</option><option>warn</option><option>allow</option></select></label>
            <label>package <input id="f-text" type="search" placeholder="name"></label>
            <span id="f-count"></span></div>
            <table id="packages"><thead><tr><th>score</th><th>decision</th><th>package</th><th>findings and evidence</th></tr></thead><tbody>
            """
        for facts in risky.prefix(500) {
            let verdict = facts.verdict
            html +=
                "<tr data-ecosystem=\"\(facts.ecosystem.rawValue)\" data-decision=\"\(verdict.decision.rawValue)\" data-name=\"\(escaped(facts.name))\">"
            html +=
                "<td class=\"score\">\(verdict.score)</td><td><span class=\"badge \(verdict.decision.rawValue)\">\(verdict.decision.rawValue)</span></td>"
            html +=
                "<td><b>\(escaped(facts.name))</b> \(escaped(facts.version))<br><span class=\"meta\">\(facts.ecosystem.rawValue) \(facts.kind.rawValue) · \(escaped((facts.artifact as NSString).lastPathComponent))</span></td><td>"
            for finding in verdict.findings {
                html +=
                    "<details><summary><span class=\"sev \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> <code>\(escaped(finding.ruleID))</code> (\(finding.weight)) \(escaped(finding.message))</summary>"
                if !finding.evidence.isEmpty {
                    html +=
                        "<dl>"
                        + finding.evidence.map {
                            "<dt>\(escaped($0.label))</dt><dd><code>\(escaped($0.value))</code></dd>"
                        }.joined() + "</dl>"
                }
                html += "</details>"
            }
            for finding in verdict.waived {
                html +=
                    "<div class=\"waived\">waived: <code>\(escaped(finding.ruleID))</code> — \(escaped(finding.waiver?.reason ?? ""))</div>"
            }
            html += "</td></tr>"
        }
        html += "</tbody></table>"
        if risky.count > 500 { html += "<p class=\"note\">\(risky.count - 500) more in report.json.</p>" }
        return html
    }

    static func timeline(_ events: [HistoryStore.RunEvent]) -> String {
        guard !events.isEmpty else {
            return "<p class=\"note\">No signer or maintainer change recorded in the period.</p>"
        }
        var html = "<ol class=\"timeline\">"
        var lastDay = ""
        for e in events.prefix(300) {
            let d = RFC3339.day(from: e.time)
            if d != lastDay {
                html += "<li class=\"day\">\(d)</li>"
                lastDay = d
            }
            html +=
                "<li data-kind=\"\(e.kind)\"><span class=\"kind\">\(escaped(e.kind))</span> <b>\(escaped(e.name))</b> \(escaped(e.version)) (\(e.ecosystem)) — \(escaped(e.detail))</li>"
        }
        return html + "</ol>"
            + (events.count > 300 ? "<p class=\"note\">\(events.count - 300) more in report.json.</p>" : "")
    }

    static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
        header{background:#1d2433;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}
        .meta{color:#8a93a6;font-size:12px}header .meta{color:#c5cad6}code{font:12px ui-monospace,monospace}
        main{padding:8px 28px 28px;max-width:1200px}section{background:#fff;border:1px solid #dfe3ea;border-radius:6px;
        padding:12px 18px;margin:16px 0}h2{font-size:16px;margin:4px 0 10px}.totals{display:flex;gap:10px;margin-top:10px}
        .total{padding:6px 12px;border-radius:4px;background:#2b3447}.total .n{font-size:20px;font-weight:700;margin-right:4px}
        .total.deny .n{color:#ff6b6b}.total.warn .n{color:#ffb74d}.total.allow .n{color:#81c784}
        .chart{width:100%;max-width:680px;height:auto}.chart text{font-size:11px;fill:#1d2433}.axis{fill:#6b7385}
        .legend.warn{fill:#ef8f00}.legend.deny{fill:#c62828}table{border-collapse:collapse;width:100%}
        th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #eceff3}td.score{font-weight:700}
        table.small{width:auto;margin-top:8px}.badge{padding:1px 7px;border-radius:10px;font-size:12px;color:#fff}
        .badge.deny{background:#c62828}.badge.warn{background:#ef8f00}.badge.allow{background:#2e7d32}
        .sev{font-size:11px;padding:0 5px;border-radius:3px;background:#eceff3}.sev.critical,.sev.high{background:#fde0e0}
        .sev.medium{background:#fff0d6}details summary{cursor:pointer}dl{margin:4px 0 8px 16px}dt{font-weight:600}
        dd{margin:0 0 4px 12px;word-break:break-all}.waived{color:#6b7385;font-size:12px}.filters{display:flex;gap:14px;
        align-items:center;margin-bottom:8px}.note{color:#6b7385}.timeline{list-style:none;padding:0}.timeline li{padding:3px 0}
        .timeline li.day{font-weight:700;margin-top:8px;border-bottom:1px solid #eceff3}.timeline .kind{font-size:11px;
        background:#e8eefc;padding:0 5px;border-radius:3px}footer{padding:0 28px 24px;color:#6b7385;font-size:12px}
        """

    static let script = """
        (function(){var e=document.getElementById('f-ecosystem'),d=document.getElementById('f-decision'),
        t=document.getElementById('f-text'),c=document.getElementById('f-count');if(!e)return;
        function apply(){var rows=document.querySelectorAll('#packages tbody tr'),n=0;
        rows.forEach(function(r){var ok=(!e.value||r.dataset.ecosystem===e.value)&&(!d.value||r.dataset.decision===d.value)
        &&(!t.value||r.dataset.name.indexOf(t.value)>=0);r.style.display=ok?'':'none';if(ok)n++;});
        c.textContent=n+' of '+rows.length+' shown';}[e,d,t].forEach(function(x){x.addEventListener('input',apply);});apply();})();
        """
}
