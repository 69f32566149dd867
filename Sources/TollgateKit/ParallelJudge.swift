import Foundation
import Synchronization
import TollgateCore
import TollgatePolicy

/// Judges packages on every core while the caller keeps reading (the engine is thread-safe); the verdicts come
/// back in the order the packages were added, and memory stays bounded however large the repository.
public final class ParallelJudge: @unchecked Sendable {
    private let batches: ParallelBatches<PackageFacts, Verdict>
    private let evaluationNanoseconds = Counter()

    /// Nanoseconds of evaluation, added from the worker threads.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Creates a judge; `workers` batches are evaluated at once (default: one per core).
    public init(engine: PolicyEngine, workers: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 256)
    {
        let nanoseconds = evaluationNanoseconds
        batches = ParallelBatches(workers: workers, batchSize: batchSize) { [nanoseconds] batch in
            let clock = ContinuousClock()
            let start = clock.now
            let evaluator = engine.evaluator()
            let verdicts = batch.map { evaluator.evaluate($0) }
            let elapsed = clock.now - start
            nanoseconds.value.add(
                Int(elapsed.components.seconds) * 1_000_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000),
                ordering: .relaxed)
            return verdicts
        }
    }

    /// Adds a package; it is judged in the background.
    public func add(_ facts: PackageFacts) { batches.add(facts) }

    /// Waits for every package added and returns the verdicts in the order the packages were added.
    public func finish() -> [Verdict] { batches.finish() }

    /// Time spent evaluating, summed over the worker threads.
    public var evaluationSeconds: Double { Double(evaluationNanoseconds.value.load(ordering: .relaxed)) / 1e9 }
}
