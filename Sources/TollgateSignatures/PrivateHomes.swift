import Foundation
import Synchronization

/// The private GnuPG homes alive in this process, so that an interrupted run (Ctrl-C, a timer's stop) removes
/// them too: a keyring removes its home when released, which a signal never lets happen.
///
/// A home is made, filled and recorded under one lock, the one an interruption takes to remove them all: a signal
/// landing while a home is being made finds it whole and recorded, or stops it from being made (the process ends as
/// soon as the homes are removed, so a home recorded after that would stay behind).
public enum PrivateHomes {
    private static let state = Mutex<(live: Set<String>, closing: Bool)>(([], false))

    /// Makes the home `path` (mode 0700) holding `files` (name, contents), and records it.
    static func make(_ path: String, files: [(name: String, data: [UInt8])]) throws(KeyringError) {
        let problem: String? = state.withLock { state in
            guard !state.closing else { return "the run is being interrupted" }
            let fm = FileManager.default
            do {
                try fm.createDirectory(
                    atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                return "cannot create a private GnuPG home: \(error)"
            }
            for (name, data) in files {
                guard fm.createFile(atPath: path + "/" + name, contents: Data(data)) else {
                    try? fm.removeItem(atPath: path)
                    return "cannot write \(name) in the private GnuPG home"
                }
            }
            state.live.insert(path)
            return nil
        }
        if let problem { throw KeyringError(file: path, reason: problem) }
    }

    /// Removes a home and forgets it.
    static func remove(_ path: String) {
        state.withLock { state in
            state.live.remove(path)
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Removes every home still alive, and stops any more from being made; for a process about to end on a signal.
    public static func removeAll() {
        state.withLock { state in
            state.closing = true
            for path in state.live { try? FileManager.default.removeItem(atPath: path) }
            state.live.removeAll()
        }
    }
}
