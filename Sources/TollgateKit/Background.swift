import Dispatch
import Synchronization

/// A value computed on a thread of its own while the caller goes on with other work; `value()` waits for it.
/// Used where a run would otherwise leave a core idle: loading the history while the indexes are read, recording
/// a report's run while its files are rendered.
final class Background<Value: Sendable>: Sendable {
    private let group = DispatchGroup()
    private let result = Mutex<Result<Value, any Error>?>(nil)

    /// Starts `work` at once.
    init(_ work: @escaping @Sendable () throws -> Value) {
        group.enter()
        DispatchQueue.global().async { [self] in
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            group.leave()
        }
    }

    /// Whether the value is there (`value()` would not wait).
    var isReady: Bool { result.withLock { $0 != nil } }

    /// The value, once computed, or the error computing it threw. Not after `discardInBackground()`.
    func value() throws -> Value {
        group.wait()
        guard let result = result.withLock({ $0 }) else {
            preconditionFailure("a background value was read after it was discarded")
        }
        return try result.get()
    }

    /// Waits for the value and frees it on a utility thread: freeing a large value (a history of a hundred thousand
    /// packages) takes time the caller need not wait for.
    func discardInBackground() {
        group.wait()
        let holder = Holder(result.withLock { $0.take() })
        DispatchQueue.global(qos: .utility).async { holder.value = nil }
    }

    private final class Holder: @unchecked Sendable {
        var value: Result<Value, any Error>?
        init(_ value: Result<Value, any Error>?) { self.value = value }
    }
}
