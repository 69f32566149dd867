import Dispatch
import Foundation
import Synchronization
import TollgateCore
import TollgatePolicy

/// Judges packages on every core while the caller keeps reading: packages are handed over in batches, evaluated
/// concurrently (the engine is thread-safe), and the verdicts come back in the order the packages were added.
/// At most a few batches are in flight, so memory stays bounded however large the repository.
public final class ParallelJudge: @unchecked Sendable {
    // Mutable state is touched only by the adding thread (`pending`, `next`) or under `results`' lock.
    private let engine: PolicyEngine
    private let queue = DispatchQueue(label: "tollgate.judge", attributes: .concurrent)
    private let group = DispatchGroup()
    private let inFlight: DispatchSemaphore
    private let results = Mutex<[Int: [Verdict]]>([:])
    private let evaluationNanoseconds = Atomic<Int>(0)
    private var pending: [PackageFacts] = []
    private var next = 0
    private let batchSize: Int

    /// Creates a judge; `workers` batches are evaluated at once (default: one per core).
    public init(engine: PolicyEngine, workers: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 256)
    {
        self.engine = engine
        self.inFlight = DispatchSemaphore(value: max(1, workers) + 1)
        self.batchSize = batchSize
    }

    /// Adds a package; it is judged in the background.
    public func add(_ facts: PackageFacts) {
        pending.append(facts)
        if pending.count >= batchSize { dispatch() }
    }

    private func dispatch() {
        guard !pending.isEmpty else { return }
        let batch = pending
        let index = next
        pending = []
        pending.reserveCapacity(batchSize)
        next += 1
        inFlight.wait()
        group.enter()
        queue.async { [self] in
            let clock = ContinuousClock()
            let start = clock.now
            let verdicts = batch.map { engine.evaluate($0) }
            let elapsed = clock.now - start
            evaluationNanoseconds.add(
                Int(elapsed.components.seconds) * 1_000_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000),
                ordering: .relaxed
            )
            results.withLock { $0[index] = verdicts }
            inFlight.signal()
            group.leave()
        }
    }

    /// Waits for every package added and returns the verdicts in the order the packages were added.
    public func finish() -> [Verdict] {
        dispatch()
        group.wait()
        return results.withLock { all in (0..<next).flatMap { all[$0] ?? [] } }
    }

    /// Time spent evaluating, summed over the worker threads.
    public var evaluationSeconds: Double { Double(evaluationNanoseconds.load(ordering: .relaxed)) / 1e9 }
}
