import TollgateCore

/// `tollgate drift`'s text output: what differs, what is unknown, what looks like hidden code, and the verdict.
enum DriftReport {
    static func text(_ facts: PackageFacts, verdict: Verdict?) -> String {
        guard let integrity = facts.integrity else { return "" }
        var out: [String] = []
        let against = integrity.reference.map { "against \($0)" } ?? "(no git side given: nothing compared)"
        out.append("\(facts.name) \(facts.version): \(integrity.tarballs.joined(separator: ", ")) \(against)")
        if integrity.compared {
            out.append(
                "  files: \(integrity.tarballFiles) in the tarball, \(integrity.gitFiles) in git; "
                    + "\(integrity.onlyInTarball.count) only in the tarball, \(integrity.onlyInGit.count) only in git, "
                    + "\(integrity.modified.count) modified")
            out.append("  CATEGORY        ONLY-TARBALL  ONLY-GIT  MODIFIED       BYTES")
            for c in integrity.categories {
                out.append(
                    "  " + c.category.padding(toLength: 16) + String(c.onlyInTarball).leftPadded(12)
                        + String(c.onlyInGit).leftPadded(10)
                        + String(c.modified).leftPadded(10) + String(c.bytes).leftPadded(12))
            }
            let source = (integrity.onlyInTarball + integrity.modified).filter { $0.category == "source" }
            for file in source.prefix(20) {
                out.append("  source \(file.gitBlob == nil ? "only in the tarball" : "differs from git"): \(file.path)")
            }
        } else {
            out.append("  files: \(integrity.tarballFiles) in the tarball")
        }
        for problem in integrity.archiveProblems {
            out.append("  archive: \(problem.kind): \(problem.path) — \(problem.detail)")
        }
        let unknown = integrity.m4.filter { $0.status != "known" }
        out.append(
            "  m4: \(integrity.m4.count) file(s), \(integrity.m4.count - unknown.count) known-good"
                + (integrity.m4Database.map { " (database: \($0))" } ?? ""))
        for m4 in unknown where m4.inGit != true || m4.modified || m4.indicators > 0 || m4.serialOutranksKnown {
            var notes = [m4.status]
            if let serial = m4.serial { notes.append("serial \(serial)") }
            if let highest = m4.highestKnownSerial { notes.append("highest known \(highest)") }
            if m4.inGit == false { notes.append("tarball-only") }
            if m4.modified { notes.append("differs from git") }
            if m4.indicators > 0 { notes.append("\(m4.indicators) indicator(s)") }
            out.append("    \(m4.path): \(notes.joined(separator: ", "))")
        }
        if !integrity.indicators.isEmpty {
            out.append("  build indicators:")
            for i in integrity.indicators.prefix(40) {
                var line = "    \(i.path):\(i.line): \(i.kind) [\(i.origin)] \(i.text)"
                if !i.matches.isEmpty { line += "  → \(i.matches.prefix(3).joined(separator: ", "))" }
                out.append(line)
            }
        }
        out.append("  test data: \(integrity.testDataFiles) file(s), \(integrity.opaqueTestFiles) opaque")
        for t in integrity.testFiles where !t.matchedBy.isEmpty || t.newInRelease == true {
            var notes = t.reasons
            if t.newInRelease == true { notes.append("new in this release") }
            if !t.referencedByTests { notes.append("named by no test") }
            if !t.matchedBy.isEmpty { notes.append("read by \(t.matchedBy.joined(separator: ", "))") }
            out.append("    \(t.path): \(notes.joined(separator: ", "))")
        }
        if let verdict {
            out.append("  score \(verdict.score)  \(verdict.decision.rawValue)")
            for finding in verdict.findings {
                out.append(
                    "    \(finding.ruleID) (\(finding.severity.rawValue), \(finding.weight)): \(finding.message)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
