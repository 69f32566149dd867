import Foundation

/// Issue 7's benchmark: the whole Debian bookworm main archive (Packages and Sources, fetched by apt into a private
/// lists directory) as one `tollgate report`, beside python3-apt's bare iteration of the same files: a first run
/// into an empty history, then the next run (nothing changed), and a run without a history; peak RSS; the share of
/// packages per decision; and the packages the default profile denies, with why.
enum ReportBenchmark {
    static func run(_ args: [String]) throws {
        let runs = Bench.runs(args, default: 3)
        let (packages, sources) = try BookwormLists.files(args)
        let lists = (packages as NSString).deletingLastPathComponent
        let tollgate = URL(fileURLWithPath: Bench.selfPath).deletingLastPathComponent().appendingPathComponent(
            "tollgate"
        ).path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-report-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let policies = FileManager.default.currentDirectoryPath + "/policies"

        var bare: [Bench.Measurement] = []
        var first: [Bench.Measurement] = []
        var next: [Bench.Measurement] = []
        var none: [Bench.Measurement] = []
        for run in 0..<runs {
            let db = scratch.appendingPathComponent("h\(run).sqlite").path
            let out = scratch.appendingPathComponent("r\(run)").path
            bare.append(
                try Bench.measure(["/usr/bin/python3", "-c", ReadIndexesBenchmark.pythonBare, packages, sources]))
            first.append(
                try Bench.measure([tollgate, "report", lists, "--db", db, "--out", out, "--policies", policies]))
            next.append(
                try Bench.measure([
                    tollgate, "report", lists, "--db", db, "--out", out + "-next", "--policies", policies,
                ]))
            none.append(
                try Bench.measure([
                    tollgate, "report", lists, "--no-history", "--out", out + "-none", "--policies", policies,
                ]))
        }
        for (label, m) in [("first", first), ("next", next), ("no history", none)]
        where !m.allSatisfy({ $0.status == 0 }) {
            throw BenchError("a \(label) run failed:\n\(m.map(\.output).joined())")
        }
        let tBare = Bench.median(bare.map(\.seconds))
        func row(_ name: String, _ m: [Bench.Measurement]) {
            let t = Bench.median(m.map(\.seconds))
            print(
                name.padding(toLength: 52, withPad: " ", startingAt: 0)
                    + String(
                        format: "%7.3f s  %5.2fx  peak RSS %@", t, t / tBare,
                        Bench.megabytes(m.map(\.peakRSSBytes).max() ?? 0) as NSString))
        }
        print("input: \(packages)\n       \(sources)")
        print(
            "runs: \(runs), median wall time; ratios against python3-apt's bare iteration (target ≤ 3x, RSS ≤ 400 MB)")
        row("python3-apt TagFile: bare iteration of both", bare)
        row("tollgate report, first run into an empty history", first)
        row("tollgate report, next run (nothing changed)", next)
        row("tollgate report --no-history", none)

        let report = scratch.appendingPathComponent("r0-next/report.json")
        guard let data = FileManager.default.contents(atPath: report.path),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let all = json["packages"] as? [[String: Any]]
        else { throw BenchError("cannot read \(report.path)") }
        let total = Double(all.count)
        var line = "decisions of \(all.count) packages:"
        for decision in ["allow", "warn", "deny"] {
            let n = all.filter { $0["decision"] as? String == decision }.count
            line += String(format: " %@ %d (%.3f%%)", decision as NSString, n, Double(n) / total * 100)
        }
        print(line)
        let sourcePackages = all.filter { $0["kind"] as? String == "source" }
        let deniedSources = sourcePackages.filter { $0["decision"] as? String == "deny" }.count
        print(
            String(
                format: "denied source packages: %d of %d (%.3f%%; target ≤ 0.1%%)", deniedSources,
                sourcePackages.count,
                Double(deniedSources) / Double(max(1, sourcePackages.count)) * 100))
        for package in all where package["decision"] as? String != "allow" {
            let findings = (package["findings"] as? [[String: Any]] ?? []).map {
                "\($0["rule"] ?? "?"): \($0["message"] ?? "")"
            }
            print(
                "  \(package["decision"] ?? "") \(package["score"] ?? "") \(package["kind"] ?? "") \(package["name"] ?? "") \(package["version"] ?? ""): \(findings.joined(separator: "; "))"
            )
        }
    }
}
