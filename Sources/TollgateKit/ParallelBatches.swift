import Dispatch
import Foundation
import Synchronization

/// Maps items to results on every core while the caller keeps adding: items are handed over in batches, mapped
/// concurrently, and the results come back in the order the items were added. At most a few batches are in
/// flight, so memory stays bounded however many items there are.
///
/// A batch is handed over whole (its array is the worker's alone), so that a worker may change its items in place:
/// an item the caller no longer holds is then changed without a copy.
final class ParallelBatches<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    // Mutable state is touched only by the adding thread (`pending`, `next`) or under `results`' lock.
    private let transform: @Sendable (inout [Input]) -> [Output]
    private let queue = DispatchQueue(label: "tollgate.batches", attributes: .concurrent)
    private let group = DispatchGroup()
    private let inFlight: DispatchSemaphore
    private let results = Mutex<[Int: [Output]]>([:])
    private var pending: [Input] = []
    private var next = 0
    private let batchSize: Int

    /// `workers` batches are mapped at once (default: one per core).
    init(
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, batchSize: Int = 256,
        transform: @escaping @Sendable (inout [Input]) -> [Output]
    ) {
        self.transform = transform
        self.inFlight = DispatchSemaphore(value: max(1, workers) + 1)
        self.batchSize = batchSize
    }

    /// Adds an item; it is mapped in the background.
    func add(_ item: Input) {
        pending.append(item)
        if pending.count >= batchSize { dispatch() }
    }

    private func dispatch() {
        guard !pending.isEmpty else { return }
        let batch = Batch(pending)
        let index = next
        pending = []
        pending.reserveCapacity(batchSize)
        next += 1
        inFlight.wait()
        group.enter()
        queue.async { [self] in
            let mapped = transform(&batch.items)
            batch.items = []
            results.withLock { $0[index] = mapped }
            inFlight.signal()
            group.leave()
        }
    }

    /// The one owner of a batch's items while a worker maps them.
    private final class Batch: @unchecked Sendable {
        var items: [Input]
        init(_ items: [Input]) { self.items = items }
    }

    /// Waits for every item added and returns the results in the order the items were added.
    func finish() -> [Output] {
        dispatch()
        group.wait()
        return results.withLock { all in (0..<next).flatMap { all[$0] ?? [] } }
    }
}
