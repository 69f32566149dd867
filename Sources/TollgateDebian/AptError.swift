import CAptPkg

/// A failure reported by libapt-pkg or by a Debian reader, with the file it concerns.
public struct DebianReadError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be read.
    public let path: String
    /// Why, in words a person can act on.
    public let reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }

    /// The pending libapt-pkg messages of this thread as an error about `path` (the stack is cleared).
    static func fromApt(path: String, fallback: String) -> DebianReadError {
        DebianReadError(path: path, reason: AptErrors.take() ?? fallback)
    }
}

/// Access to libapt-pkg's per-thread error stack.
enum AptErrors {
    /// Pops every pending message, joined; nil when there are none.
    static func take() -> String? {
        guard let pointer = tg_apt_take_errors() else { return nil }
        defer { tg_apt_free(pointer) }
        let text = String(cString: pointer)
        // apt prefixes messages with "E:"/"W:" only when printing; strip a trailing period for our own formatting.
        return text.isEmpty ? nil : text
    }
}

extension tg_apt_str {
    /// The bytes as a Swift string (invalid UTF-8 repaired with U+FFFD, as Debian metadata is nominally UTF-8).
    var string: String {
        guard let data, length > 0 else { return "" }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
            String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
        }
    }
}
