import Foundation
import TollgateCore
import TollgateHistory
import TollgatePolicy

/// Judges a report's packages on every core — history facts, verdict, signer and maintainer changes — and keeps
/// only what the report needs of each, so that an archive of 100,000 packages is never held as facts.
final class ReportJudge: @unchecked Sendable {
    private let batches: ParallelBatches<PackageFacts, ReportItem>

    struct ReportItem: Sendable {
        var package: JudgedPackage
        var events: [HistoryStore.RunEvent]
    }

    init(engine: PolicyEngine, snapshot: HistorySnapshot?, time: Date) {
        batches = ParallelBatches { batch in
            let evaluator = engine.evaluator()
            // The batch is this worker's own: history facts are added in place.
            return batch.indices.map { i in
                Commands.attachHistory(&batch[i], snapshot)
                let facts = batch[i]
                return ReportItem(
                    package: JudgedPackage(facts, evaluator.evaluate(facts)), events: Report.events(of: facts, at: time)
                )
            }
        }
    }

    func add(_ facts: PackageFacts) { batches.add(facts) }

    /// Every package added, in order, with the changes its history shows.
    func finish() -> (packages: [JudgedPackage], events: [HistoryStore.RunEvent]) {
        let items = batches.finish()
        return (items.map(\.package), items.flatMap(\.events))
    }
}
