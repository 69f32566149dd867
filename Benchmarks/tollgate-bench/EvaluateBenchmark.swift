import CEL
import Foundation
import TollgateCore
import TollgateDebian
import TollgateKit
import TollgatePolicy

/// Issue 3's benchmark: the default profile evaluated over the fact documents of bookworm main's Packages and
/// Sources, beside the bare read of the same indexes; and the cost of one simple field comparison.
enum EvaluateBenchmark {
    static func run(_ args: [String]) throws {
        let runs = Bench.runs(args, default: 3)
        let (packages, sources) = try BookwormLists.files(args)
        let files = [packages, sources]
        var bare: [Bench.Measurement] = []
        var judged: [Bench.Measurement] = []
        var absent: [Bench.Measurement] = []
        for _ in 0..<runs {
            bare.append(try Bench.measure([Bench.selfPath, "child-read-indexes"] + files))
            judged.append(try Bench.measure([Bench.selfPath, "child-evaluate"] + files))
            absent.append(try Bench.measure([Bench.selfPath, "child-evaluate", "--history-absent"] + files))
        }
        guard bare.allSatisfy({ $0.status == 0 }), (judged + absent).allSatisfy({ $0.status == 0 }) else {
            throw BenchError("a run failed:\n\((judged + absent).map(\.output).joined())")
        }
        let stats = judged.map { parse($0.output) }
        let count = stats[0]["packages"] ?? 0
        let tBare = Bench.median(bare.map(\.seconds))
        let tTotal = Bench.median(judged.map(\.seconds))
        let tEval = Bench.median(stats.map { $0["evaluation_seconds"] ?? 0 })
        print("documents: \(Int(count)) (bookworm main Packages + Sources), runs: \(runs), median wall time")
        print(String(format: "bare read into fact documents:        %7.3f s", tBare))
        print(
            String(
                format: "read + evaluate default profile:      %7.3f s  (%.0f packages/s end to end, peak RSS %@)",
                tTotal, count / tTotal, Bench.megabytes(judged.map(\.peakRSSBytes).max() ?? 0) as NSString))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            String(
                format:
                    "evaluation CPU time (all %d cores):   %7.3f s  (%.2f µs per package; %.0f%% of end-to-end CPU)",
                cores, tEval, tEval / count * 1e6, tEval / (tTotal * Double(cores)) * 100))
        print(
            String(
                format: "wall time evaluation adds: %.3f s = %.2fx the bare read (target < 1.0x)",
                tTotal - tBare, (tTotal - tBare) / tBare))
        // As `tollgate scan` judges without a history database: every document says its history is absent, so the
        // rules about the history are read rather than spared.
        let tAbsent = Bench.median(absent.map(\.seconds))
        let tAbsentEval = Bench.median(absent.map { parse($0.output)["evaluation_seconds"] ?? 0 })
        print(
            String(
                format:
                    "with history marked absent (as scan without --db): %.3f s, %.2f µs per package, adds %.2fx the bare read",
                tAbsent, tAbsentEval / count * 1e6, (tAbsent - tBare) / tBare))
        let decisions = ["allow", "warn", "deny"].map { "\(Int(stats[0][$0] ?? 0)) \($0)" }.joined(separator: ", ")
        let perPackage = { (stats: [String: Double]) in (stats["rules_run"] ?? 0) / max(1, stats["packages"] ?? 1) }
        print(
            String(
                format: "decisions: %@; rules enabled: %d, run per package: %.2f (%.2f with history marked absent)",
                decisions as NSString, Int(stats[0]["rules"] ?? 0), perPackage(stats[0]),
                perPackage(parse(absent[0].output))))
        let single = try simpleComparison()
        print(
            String(
                format: "one compiled `name == 'hello'` on a document: %.0f ns per evaluation (target well under 1 µs)",
                single))
    }

    static func parse(_ output: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=")
            if parts.count == 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
        }
        return out
    }

    static func engine() throws -> PolicyEngine {
        try PolicyContext.load(PolicyContext.Options()).engine
    }

    /// Child mode: read every document and judge it on all cores while reading goes on (as `tollgate scan` does);
    /// report counts and the time spent inside evaluation, summed over threads.
    static func child(_ arguments: [String]) throws {
        let historyAbsent = arguments.contains("--history-absent")
        let files = arguments.filter { $0 != "--history-absent" }
        let engine = try engine()
        // As `tollgate scan` prepares documents: on the workers, before judging them.
        let markAbsent: @Sendable (inout PackageFacts) -> Void = { $0.history = HistoryFacts(available: false) }
        let judge = ParallelJudge(engine: engine, prepare: historyAbsent ? markAbsent : nil)
        var packages = 0
        for file in files {
            let body: (PackageFacts) -> Void = { facts in
                packages += 1
                judge.add(facts)
            }
            if file.contains("Sources") {
                try DebianIndexReader.readSources(path: file, body)
            } else {
                try DebianIndexReader.readPackages(path: file, body)
            }
        }
        let verdicts = judge.finish()
        precondition(verdicts.count == packages)
        print("packages=\(packages)")
        print("evaluation_seconds=\(judge.evaluationSeconds)")
        print("rules=\(engine.policy.rules.filter(engine.profile.isEnabled).count)")
        print("rules_run=\(judge.rulesRun)")
        // Counted in one pass (grouping the verdicts would copy them all, after the time that matters).
        var counts: [Decision: Int] = [:]
        for verdict in verdicts { counts[verdict.decision, default: 0] += 1 }
        for (decision, count) in counts { print("\(decision.rawValue)=\(count)") }
    }

    /// Nanoseconds per evaluation of a compiled field comparison, bound to one document.
    static func simpleComparison() throws -> Double {
        let environment = FactsEnvironment(comparators: .native, now: Date())
        let program = try environment.cel.compile("name == 'hello'", expecting: .bool)
        var facts = PackageFacts(
            ecosystem: .debian, kind: .binary, name: "hello", version: "1.0-1",
            artifact: Artifact(path: "x", format: "deb")
        )
        facts.maintainer = Person(parsing: "A <a@x.example>")
        var activation = environment.cel.activation()
        activation.bind("name", .string(facts.name))
        let iterations = 2_000_000
        var hits = 0
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations where (try? program.evaluate(activation)) == .bool(true) { hits += 1 }
        let elapsed = clock.now - start
        precondition(hits == iterations)
        return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9)
            / Double(iterations)
    }
}
