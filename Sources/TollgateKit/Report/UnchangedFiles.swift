import Foundation
import Synchronization
import TollgateHistory

/// The input files a report's recording pass may pass over: those whose stamp is the one recorded when all their
/// releases were. Keeps each file's stamp as it was before the file was read, to record once the pass is done.
final class UnchangedFiles: Sendable {
    private let recorded: [String: HistoryStore.FileStamp]
    private let seen = Mutex<(stamps: [String: HistoryStore.FileStamp], passedOver: Set<String>)>(([:], []))

    init(recorded: [String: HistoryStore.FileStamp]) { self.recorded = recorded }

    /// Whether the file is unchanged since it was recorded (its stamp is taken either way).
    func passesOver(_ path: String) -> Bool {
        let stamp = HistoryStore.FileStamp(path: path)
        let unchanged = stamp != nil && recorded[path] == stamp
        seen.withLock {
            $0.stamps[path] = stamp
            if unchanged { $0.passedOver.insert(path) }
        }
        return unchanged
    }

    /// Whether the file was passed over.
    func passedOver(_ path: String) -> Bool {
        seen.withLock { $0.passedOver.contains((path as NSString).standardizingPath) }
    }

    /// The stamps, taken before reading, of files read without a problem.
    func stamps(of files: [String], except problems: Set<String>) -> [String: HistoryStore.FileStamp] {
        let problems = Set(problems.map { ($0 as NSString).standardizingPath })
        return seen.withLock { seen in
            var out: [String: HistoryStore.FileStamp] = [:]
            for file in files where !problems.contains(file) { out[file] = seen.stamps[file] }
            return out
        }
    }
}
