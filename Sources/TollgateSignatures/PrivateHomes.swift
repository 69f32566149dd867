import Foundation
import Synchronization

/// The private GnuPG homes alive in this process, so that an interrupted run (Ctrl-C, a timer's stop) removes
/// them too: a keyring removes its home when released, which a signal never lets happen.
public enum PrivateHomes {
    private static let state = Mutex<(live: Set<String>, closing: Bool)>(([], false))

    /// Records a home just made; once the process is closing, removes it at once instead.
    static func add(_ path: String) {
        let closing = state.withLock { state in
            if !state.closing { state.live.insert(path) }
            return state.closing
        }
        if closing { try? FileManager.default.removeItem(atPath: path) }
    }

    static func remove(_ path: String) { _ = state.withLock { $0.live.remove(path) } }

    /// Removes every home still alive, and any made from now on; for a process about to end on a signal.
    public static func removeAll() {
        let live = state.withLock { state in
            state.closing = true
            return state.live
        }
        for path in live { try? FileManager.default.removeItem(atPath: path) }
    }
}
