import Foundation
import TollgateCore
import TollgateHistory
import TollgatePolicy

/// Judges a report's packages on every core — history facts, verdict, signer and maintainer changes — and keeps
/// only what the report needs of each, so that an archive of 100,000 packages is never held as facts.
///
/// The history is loaded on a thread of its own while the first packages are read: until it is there, packages
/// wait in a buffer of at most `waitingLimit` (then the reading waits too).
final class ReportJudge: @unchecked Sendable {
    // `waiting` is touched only by the adding thread.
    private let batches: ParallelBatches<PackageFacts, ReportItem>
    private let snapshot: Background<HistorySnapshot?>
    private var waiting: [PackageFacts]? = []
    private let waitingLimit: Int

    struct ReportItem: Sendable {
        var package: JudgedPackage
        var events: [HistoryStore.RunEvent]
    }

    init(engine: PolicyEngine, snapshot: Background<HistorySnapshot?>, time: Date, waitingLimit: Int = 16_384) {
        self.snapshot = snapshot
        self.waitingLimit = waitingLimit
        batches = ParallelBatches { batch in
            // Batches are handed over only once the history is there; a history that failed to load is reported
            // by `finish`.
            let history = (try? snapshot.value()) ?? nil
            let evaluator = engine.evaluator()
            // The batch is this worker's own: history facts are added in place.
            return batch.indices.map { i in
                Commands.attachHistory(&batch[i], history)
                let facts = batch[i]
                return ReportItem(
                    package: JudgedPackage(facts, evaluator.evaluate(facts)), events: Report.events(of: facts, at: time)
                )
            }
        }
    }

    func add(_ facts: PackageFacts) {
        guard waiting != nil else { return batches.add(facts) }
        waiting!.append(facts)
        if snapshot.isReady || waiting!.count >= waitingLimit { handOverWaiting() }
    }

    private func handOverWaiting() {
        guard let held = waiting else { return }
        waiting = nil
        _ = try? snapshot.value()
        for facts in held { batches.add(facts) }
    }

    /// Every package added, in order, with the changes its history shows; throws when the history could not be
    /// loaded.
    func finish() throws -> (packages: [JudgedPackage], events: [HistoryStore.RunEvent]) {
        handOverWaiting()
        let items = batches.finish()
        readFailure = try snapshot.value()?.readFailure
        snapshot.discardInBackground()
        return (items.map(\.package), items.flatMap(\.events))
    }

    /// Set by `finish` when the rows of a release could not be read (see `HistorySnapshot.readFailure`).
    private(set) var readFailure: HistoryError?
}
