import Foundation
import Synchronization

/// The private GnuPG homes alive in this process, so that an interrupted run (Ctrl-C, a timer's stop) removes
/// them too: a keyring removes its home when released, which a signal never lets happen.
public enum PrivateHomes {
    private static let live = Mutex<Set<String>>([])

    static func add(_ path: String) { _ = live.withLock { $0.insert(path) } }

    static func remove(_ path: String) { _ = live.withLock { $0.remove(path) } }

    /// Removes every home still alive; for a process about to end on a signal.
    public static func removeAll() {
        for path in live.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
