import Foundation
import TollgateCore
import TollgateHistory

/// Writes a report's four files: `report.json` (schema `tollgate-report/1`, docs/schemas/), `report.sarif`
/// (SARIF 2.1.0), `report.html` (one self-contained page) and `report.md` (a summary to paste).
enum ReportWriter {
    static let schema = "tollgate-report/1"

    /// Throws a `Problem` naming the directory or file that could not be written and why.
    static func write(_ report: Report, context: PolicyContext, to directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw Problem(path: directory, reason: "exists and is not a directory")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Problem(path: directory, error: error)
        }
        func save(_ name: String, _ text: String) throws {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw Problem(path: path, error: error)
            }
        }
        try writeJSON(report, to: (directory as NSString).appendingPathComponent("report.json"))
        try save(
            "report.sarif",
            JSONWriter().string(
                SARIFLog.log(
                    report.judged.filter(\.hasFindings), context: context,
                    toolVersion: TollgateVersion.string)) + "\n")
        try save("report.html", ReportHTML.page(report))
        try save("report.md", markdown(report))
    }

    static func summaryLine(_ report: Report, output: String) -> String {
        var line = "\(output)/report.html: \(report.judged.count) package(s): " + Decision.summary(report.totals)
        if report.previous != nil {
            let c = report.changes
            line +=
                "; since the previous run: \(c.new.count) new, \(c.removed.count) removed, \(c.scoreUp.count) riskier, "
                + "\(c.scoreDown.count) less risky, \(c.decisionChanged.count) decision(s) changed"
        } else {
            line += report.runID == nil ? "; not recorded (no history)" : "; recorded, no earlier run to compare with"
        }
        return line + "\n"
    }

    // MARK: JSON

    static func entry(_ e: HistoryStore.InventoryEntry) -> FactValue {
        .map([
            ("ecosystem", .string(e.ecosystem)), ("kind", .string(e.kind)), ("name", .string(e.name)),
            ("version", .string(e.version)), ("format", .string(e.format)), ("score", .int(Int64(e.score))),
            ("decision", .string(e.decision)),
        ])
    }

    static func change(_ pair: (before: HistoryStore.InventoryEntry, after: HistoryStore.InventoryEntry)) -> FactValue {
        .map([("before", entry(pair.before)), ("after", entry(pair.after))])
    }

    /// One package of `report.json`'s `packages`.
    static func package(_ facts: JudgedPackage) -> FactValue {
        let verdict = facts.verdict
        var fields: [(key: String, value: FactValue)] = [
            ("ecosystem", .string(facts.ecosystem.rawValue)), ("kind", .string(facts.kind.rawValue)),
            ("name", .string(facts.name)), ("version", .string(facts.version)),
            ("artifact", .string(facts.artifact)), ("score", .int(Int64(verdict.score))),
            ("decision", .string(verdict.decision.rawValue)),
        ]
        if facts.hasFindings, case .map(let entries) = verdict.factValue {
            for (key, value) in entries where ["reason", "findings", "waived"].contains(key) {
                fields.append((key, value))
            }
        }
        return .map(fields)
    }

    /// `report.json` without its `packages`.
    static func head(_ report: Report) -> FactValue {
        func time(_ date: Date) -> FactValue { .string(RFC3339.string(from: date)) }
        let totals = report.totals
        var run: [(key: String, value: FactValue)] = [
            ("started_at", time(report.generated)), ("profile", .string(report.profile)),
            ("sources", .list(report.sources.map(FactValue.string))), ("packages", .int(Int64(report.judged.count))),
            (
                "totals",
                .map(Decision.allCases.map { (key: $0.rawValue, value: FactValue.int(Int64(totals[$0] ?? 0))) })
            ),
            (
                "thresholds",
                .map([("warn", .int(Int64(report.thresholds.warn))), ("deny", .int(Int64(report.thresholds.deny)))])
            ),
            ("since", time(report.since)),
        ]
        if let id = report.runID { run.insert(("id", .int(id)), at: 0) }
        let c = report.changes
        let changes: FactValue = .map([
            ("new", .list(c.new.map(entry))), ("removed", .list(c.removed.map(entry))),
            ("score_up", .list(c.scoreUp.map(change))), ("score_down", .list(c.scoreDown.map(change))),
            ("decision_changed", .list(c.decisionChanged.map(change))),
        ])
        let events: [FactValue] = report.events.map { e in
            .map([
                ("time", time(e.time)), ("ecosystem", .string(e.ecosystem)), ("name", .string(e.name)),
                ("version", .string(e.version)), ("kind", .string(e.kind)), ("detail", .string(e.detail)),
            ])
        }
        let trend: [FactValue] = report.trend.map { r in
            .map([
                ("run", .int(r.id)), ("started_at", time(r.time)), ("profile", .string(r.profile)),
                ("packages", .int(Int64(r.packages))), ("allow", .int(Int64(r.allow))), ("warn", .int(Int64(r.warn))),
                ("deny", .int(Int64(r.deny))), ("mean_score", .double((r.meanScore * 100).rounded() / 100)),
            ])
        }
        let previous: FactValue =
            report.previous.map { .map([("id", .int($0.id)), ("started_at", time($0.time))]) } ?? .null
        let problems: [FactValue] = report.problems.map {
            .map([("path", .string($0.path)), ("reason", .string($0.reason))])
        }
        var document: [(key: String, value: FactValue)] = []
        document.append(("schema", .string(schema)))
        document.append(("tollgate", .string(TollgateVersion.string)))
        document.append(("run", .map(run)))
        document.append(("previous_run", previous))
        document.append(("changes", changes))
        document.append(("events", .list(events)))
        document.append(("trend", .list(trend)))
        document.append(("problems", .list(problems)))
        return .map(document)
    }

    /// The `packages` of `report.json`, each as an element of that list (a comma and new line before all but the
    /// first): most of the file, rendered apart from the head so that it can be done while the run is recorded.
    static func packagesJSON(_ judged: [JudgedPackage]) -> [UInt8] {
        let writer = JSONWriter()
        var out: [UInt8] = []
        out.reserveCapacity(judged.count * 320)
        for (i, facts) in judged.enumerated() {
            out += i == 0 ? "\n    ".utf8 : ",\n    ".utf8
            if facts.hasFindings {
                writer.write(package(facts), into: &out, level: 2)
            } else {
                writePlainPackage(facts, into: &out)
            }
        }
        return out
    }

    /// A package with nothing found, as `JSONWriter` writes `package(_:)` of it at the list's level, without
    /// building the value first (a whole archive's packages are mostly such).
    static func writePlainPackage(_ facts: JudgedPackage, into out: inout [UInt8]) {
        func field(_ key: String, first: Bool = false) {
            out += first ? "{\n      \"".utf8 : ",\n      \"".utf8
            out += key.utf8
            out += "\": ".utf8
        }
        field("ecosystem", first: true)
        JSONWriter.quote(facts.ecosystem.rawValue, into: &out)
        field("kind")
        JSONWriter.quote(facts.kind.rawValue, into: &out)
        field("name")
        JSONWriter.quote(facts.name, into: &out)
        field("version")
        JSONWriter.quote(facts.version, into: &out)
        field("artifact")
        JSONWriter.quote(facts.artifact, into: &out)
        field("score")
        out += String(facts.verdict.score).utf8
        field("decision")
        JSONWriter.quote(facts.verdict.decision.rawValue, into: &out)
        out += "\n    }".utf8
    }

    /// Writes `report.json` beside its final path and renames it there, as the other files are written: a reader
    /// (a dashboard, a web server) sees the previous report or the whole new one, never a truncated file.
    static func writeJSON(_ report: Report, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let partial = (directory as NSString).appendingPathComponent(".\(name).\(getpid()).partial")
        do {
            try writeJSON(report, toNew: partial)
        } catch {
            unlink(partial)
            throw Problem(path: path, reason: Problem(path: partial, error: error).reason)
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw Problem(path: path, reason: reason)
        }
    }

    /// Writes `report.json` to a new file: the head, then the packages (rendered by `packagesJSON`, on another
    /// thread when the report was made with `Report.renderingPackages()`).
    private static func writeJSON(_ report: Report, toNew path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Problem(path: path, reason: String(cString: strerror(errno))) }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let writer = JSONWriter()
        var out: [UInt8] = []
        writer.write(head(report), into: &out, level: 0)
        // Reopen the head's object to append the packages as its last member.
        while let last = out.last, last != UInt8(ascii: "}") { out.removeLast() }
        out.removeLast()
        while let last = out.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") { out.removeLast() }
        out += Array(",\n  \"packages\": [".utf8)
        try file.write(contentsOf: out)
        try file.write(contentsOf: try report.renderedPackages?.value() ?? packagesJSON(report.judged))
        try file.write(contentsOf: Array((report.judged.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8))
    }

    // MARK: Markdown

    static func markdown(_ report: Report) -> String {
        let totals = report.totals
        var lines = [
            "# Tollgate risk report — \(RFC3339.day(from: report.generated))", "",
            "Profile `\(report.profile)`; \(report.judged.count) package(s) from \(report.sources.map { Markdown.code($0) }.joined(separator: ", ")).",
            "", "| decision | packages |", "|---|---:|",
        ]
        for d in Decision.allCases.reversed() { lines.append("| \(d.rawValue) | \(totals[d] ?? 0) |") }
        lines.append("")
        if let previous = report.previous {
            let c = report.changes
            lines += [
                "## Since the previous run (\(RFC3339.day(from: previous.time)))", "",
                "\(c.new.count) new, \(c.removed.count) removed, \(c.scoreUp.count) riskier, \(c.scoreDown.count) less risky, "
                    + "\(c.decisionChanged.count) decision(s) changed.", "",
            ]
            for pair in c.decisionChanged.prefix(20) {
                lines.append(
                    "- \(Markdown.code(pair.after.name)) \(Markdown.code(pair.after.version)): "
                        + "\(Markdown.text(pair.before.decision)) → **\(Markdown.text(pair.after.decision))** "
                        + "(score \(pair.before.score) → \(pair.after.score))")
            }
            if !c.decisionChanged.isEmpty { lines.append("") }
        } else {
            lines += ["## Since the previous run", "", report.noPreviousRun, ""]
        }
        let risky = report.riskiest.filter { $0.verdict.decision != .allow }
        lines += ["## Riskiest packages", ""]
        if risky.isEmpty {
            lines += ["No package is warned about or denied.", ""]
        } else {
            lines += ["| package | version | from | score | decision | findings |", "|---|---|---|---:|---|---|"]
            for facts in risky.prefix(25) {
                let verdict = facts.verdict
                let findings = verdict.findings.prefix(3).map { Markdown.code($0.ruleID, inTable: true) }
                    .joined(separator: ", ")
                lines.append(
                    "| \(Markdown.text(facts.name)) | \(Markdown.code(facts.version, inTable: true)) | "
                        + "\(markdownOrigin(facts)) | "
                        + "\(verdict.score) | \(verdict.decision.rawValue) | \(findings) |")
            }
            if risky.count > 25 { lines += ["", "…and \(risky.count - 25) more in report.html."] }
            lines.append("")
        }
        lines += ["## Signer and maintainer changes since \(RFC3339.day(from: report.since))", ""]
        if report.events.isEmpty {
            lines += ["None recorded.", ""]
        } else {
            for e in report.events.prefix(30) {
                lines.append(
                    "- \(RFC3339.day(from: e.time)) \(Markdown.code(e.name)) \(Markdown.code(e.version)): "
                        + "\(Markdown.text(e.kind)) — \(Markdown.text(e.detail))"
                )
            }
            if report.events.count > 30 { lines.append("- …and \(report.events.count - 30) more in report.html.") }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Where a package came from, for a table row: its artefact format, and for an artefact that is a file of its
    /// own (not an index entry) the file's name too, since one version often comes in several files (architectures,
    /// a damaged copy, compressions).
    static func markdownOrigin(_ package: JudgedPackage) -> String {
        let indexed = Artifact.indexEntryFormats.contains(package.format)
        let file = package.artifact.split(separator: "/").last.map(String.init) ?? package.artifact
        return indexed || file.isEmpty
            ? Markdown.text(package.format) : "\(Markdown.text(package.format)): \(Markdown.code(file, inTable: true))"
    }
}
