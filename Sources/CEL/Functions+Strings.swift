import Foundation
import LinearRegex

/// String predicates, compared by code points (never normalized).
enum Strings {
    static func contains(_ frame: inout Frame, _ a: CELValue, _ b: CELValue) throws(CELEvaluationError) -> CELValue {
        guard case .string(let string) = a, case .string(let needle) = b else { throw .noOverload("contains", a, b) }
        try frame.charge(Cost.bytes(string.utf8.count) + Cost.bytes(needle.utf8.count))
        return .bool(stringContains(string, needle))
    }

    static func startsWith(
        _ frame: inout Frame, _ a: CELValue, _ b: CELValue
    ) throws(CELEvaluationError)
        -> CELValue
    {
        guard case .string(let string) = a, case .string(let prefix) = b else { throw .noOverload("startsWith", a, b) }
        try frame.charge(Cost.bytes(prefix.utf8.count))
        return .bool(stringHasPrefix(string, prefix))
    }

    static func endsWith(_ frame: inout Frame, _ a: CELValue, _ b: CELValue) throws(CELEvaluationError) -> CELValue {
        guard case .string(let string) = a, case .string(let suffix) = b else { throw .noOverload("endsWith", a, b) }
        try frame.charge(Cost.bytes(suffix.utf8.count))
        return .bool(stringHasSuffix(string, suffix))
    }

    /// `matches` with a pattern known only at runtime (compiled regexes are cached).
    static func matches(_ frame: inout Frame, _ a: CELValue, _ b: CELValue) throws(CELEvaluationError) -> CELValue {
        guard case .string(let string) = a, case .string(let pattern) = b else { throw .noOverload("matches", a, b) }
        try frame.charge(Cost.bytes(pattern.utf8.count))
        let regex = try RegexCache.shared.regex(pattern)
        return .bool(try Cost.match(regex, string, &frame))
    }
}

/// A bounded cache of compiled regular expressions for patterns computed at runtime.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private let lock = NSLock()
    private var entries: [ExactString: LinearRegex] = [:]
    private let capacity = 256

    func regex(_ pattern: String) throws(CELEvaluationError) -> LinearRegex {
        lock.lock()
        let cached = entries[ExactString(pattern)]
        lock.unlock()
        if let cached { return cached }
        let compiled: LinearRegex
        do {
            compiled = try LinearRegex(pattern)
        } catch {
            throw CELEvaluationError(.invalidArgument, "invalid regular expression '\(pattern)': \(error)")
        }
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[ExactString(pattern)] = compiled
        lock.unlock()
        return compiled
    }
}
