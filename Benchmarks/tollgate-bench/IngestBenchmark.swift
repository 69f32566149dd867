import Foundation

/// Issue 4's benchmark: the full bookworm main `Sources` index (index facts only) ingested by `tollgate history
/// ingest` into an empty history, then again unchanged, beside the bare read of the same index.
enum IngestBenchmark {
    static func run(_ args: [String]) throws {
        let runs = Bench.runs(args, default: 3)
        let sources = try BookwormLists.files(args).sources
        let tollgate = URL(fileURLWithPath: Bench.selfPath).deletingLastPathComponent().appendingPathComponent(
            "tollgate"
        ).path
        guard FileManager.default.isExecutableFile(atPath: tollgate) else {
            throw BenchError("\(tollgate) is missing: build it first (swift build -c release)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-ingest-bench-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        var bare: [Bench.Measurement] = []
        var python: [Bench.Measurement] = []
        var first: [Bench.Measurement] = []
        var again: [Bench.Measurement] = []
        var size: Int64 = 0
        for run in 0..<runs {
            let db = scratch.appendingPathComponent("history-\(run).sqlite").path
            bare.append(try Bench.measure([Bench.selfPath, "child-read-indexes", sources]))
            python.append(try Bench.measure(["/usr/bin/python3", "-c", ReadIndexesBenchmark.pythonBare, sources]))
            first.append(try Bench.measure([tollgate, "history", "ingest", "--db", db, sources]))
            again.append(try Bench.measure([tollgate, "history", "ingest", "--db", db, sources]))
            size = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? Int64) ?? 0
        }
        guard (bare + first + again).allSatisfy({ $0.status == 0 }) else {
            throw BenchError("a run failed:\n\((first + again).map(\.output).joined())")
        }
        let count = Int(bare[0].output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        guard first[0].output.contains(": \(count) release(s) added, 0 already known"),
            again[0].output.contains(": 0 release(s) added, \(count) already known")
        else {
            throw BenchError("unexpected ingest summaries:\n\(first[0].output)\(again[0].output)")
        }
        let tBare = Bench.median(bare.map(\.seconds))
        func row(_ name: String, _ m: [Bench.Measurement], target: String? = nil) {
            let t = Bench.median(m.map(\.seconds))
            var line =
                name.padding(toLength: 42, withPad: " ", startingAt: 0)
                + String(
                    format: "%7.3f s  %5.2fx  peak RSS %@", t, t / tBare,
                    Bench.megabytes(m.map(\.peakRSSBytes).max() ?? 0) as NSString)
            if let target { line += "   (target \(target))" }
            print(line)
        }
        print("input: \(sources)")
        print("source packages: \(count)  runs: \(runs), median wall time; ratios against the bare read")
        row("bare read into fact documents", bare)
        row("python3-apt TagFile: bare iteration", python)
        row("history ingest into an empty database", first, target: "≤ 5x")
        row("history ingest again, unchanged", again, target: "≤ 2x")
        print(
            "database after ingest: \(Bench.megabytes(size)) (\(count > 0 ? Int(size) / count : 0) bytes per release)")
    }
}
