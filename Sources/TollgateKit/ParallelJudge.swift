import Foundation
import Synchronization
import TollgateCore
import TollgatePolicy

/// Judges packages on every core while the caller keeps reading (the engine is thread-safe); the verdicts come
/// back in the order the packages were added, and memory stays bounded however large the repository.
///
/// What a package needs before it is judged (signature checks, history facts) can run on the same cores, in
/// `prepare`: on a package the caller no longer holds, it changes the document without copying it.
public final class ParallelJudge: @unchecked Sendable {
    private let batches: ParallelBatches<PackageFacts, Judged>
    private let counters = Counters()

    /// A judged package: its verdict, and the prepared document when the judge keeps them.
    struct Judged: Sendable {
        var facts: PackageFacts?
        var verdict: Verdict
    }

    /// Added from the worker threads: nanoseconds of evaluation, rule conditions run.
    final class Counters: Sendable {
        let nanoseconds = Atomic<Int>(0)
        let rulesRun = Atomic<Int>(0)
    }

    /// Creates a judge; `workers` batches are evaluated at once (default: one per core). `prepare` runs on each
    /// package before it is judged, on the worker; with `keepsFacts` the prepared documents come back from
    /// `finishKeepingFacts()`.
    public init(
        engine: PolicyEngine, workers: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 256,
        keepsFacts: Bool = false, prepare: (@Sendable (inout PackageFacts) -> Void)? = nil
    ) {
        let counters = counters
        batches = ParallelBatches(workers: workers, batchSize: batchSize) { [counters] batch in
            if let prepare { for i in batch.indices { prepare(&batch[i]) } }
            let clock = ContinuousClock()
            let start = clock.now
            let evaluator = engine.evaluator()
            let judged = batch.map { Judged(facts: keepsFacts ? $0 : nil, verdict: evaluator.evaluate($0)) }
            let elapsed = clock.now - start
            counters.nanoseconds.add(
                Int(elapsed.components.seconds) * 1_000_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000),
                ordering: .relaxed)
            counters.rulesRun.add(evaluator.rulesRun, ordering: .relaxed)
            return judged
        }
    }

    /// Adds a package; it is prepared and judged in the background.
    public func add(_ facts: PackageFacts) { batches.add(facts) }

    /// Waits for every package added and returns the verdicts in the order the packages were added.
    public func finish() -> [Verdict] { batches.finish().map(\.verdict) }

    /// Waits for every package added and returns the prepared documents with their verdicts, in the order the
    /// packages were added (for a judge that keeps them).
    public func finishKeepingFacts() -> [(facts: PackageFacts, verdict: Verdict)] {
        batches.finish().compactMap { judged in judged.facts.map { ($0, judged.verdict) } }
    }

    /// Time spent evaluating, summed over the worker threads.
    public var evaluationSeconds: Double { Double(counters.nanoseconds.load(ordering: .relaxed)) / 1e9 }

    /// Rule conditions run so far (rules that a package's deciding fields spared are not run).
    public var rulesRun: Int { counters.rulesRun.load(ordering: .relaxed) }
}
