/// A position in the expression text.
public struct CELSourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// Byte offset (UTF-8) from the start of the expression.
    public let offset: Int
    /// 1-based line number.
    public let line: Int
    /// 1-based column, counted in Unicode code points within the line.
    public let column: Int

    /// Creates a location.
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}

/// A failure while evaluating a compiled program.
public struct CELEvaluationError: Error, Sendable, CustomStringConvertible {
    /// Categories of evaluation failures.
    public enum Kind: Sendable, Hashable {
        /// No function overload accepts the runtime argument types.
        case noMatchingOverload
        /// A function that is not bound at runtime (dynamic mode only).
        case unboundFunction
        /// A variable without a value in the activation, or an unknown identifier in dynamic mode.
        case unboundVariable
        /// A map lookup or map field selection of an absent key.
        case noSuchKey
        /// Selection of a field the message type does not declare.
        case noSuchField
        /// A list index outside the list.
        case indexOutOfRange
        /// Integer division or modulus by zero.
        case divisionByZero
        /// Integer, timestamp or duration arithmetic or conversion out of range.
        case overflow
        /// A malformed argument, e.g. an unparsable timestamp or an invalid map key.
        case invalidArgument
        /// The evaluation exceeded its cost budget.
        case costLimitExceeded
        /// An error thrown by a host function.
        case host
    }

    /// The category of the failure.
    public let kind: Kind
    /// A human-readable explanation.
    public let message: String
    /// Where in the expression the failure happened, when known.
    public internal(set) var location: CELSourceLocation?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, location: CELSourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// The message, prefixed with `line:column` when the location is known.
    public var description: String {
        guard let location else { return message }
        return "\(location): \(message)"
    }

    /// The same error with `location` filled in when it was unknown.
    @inline(never)
    func located(_ location: CELSourceLocation) -> CELEvaluationError {
        guard self.location == nil else { return self }
        var copy = self
        copy.location = location
        return copy
    }

    static func noOverload(_ function: String, _ args: CELValue...) -> CELEvaluationError {
        let types = args.map(\.typeName).joined(separator: ", ")
        return CELEvaluationError(
            .noMatchingOverload, "found no matching overload for '\(function)' applied to '(\(types))'")
    }

    static func overflow(_ what: String) -> CELEvaluationError {
        CELEvaluationError(.overflow, "\(what) overflow")
    }

    static let costExceeded = CELEvaluationError(.costLimitExceeded, "cost limit exceeded")
}

/// One problem found while compiling an expression.
public struct CELDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// Byte offset (UTF-8) in the expression.
    public let offset: Int
    /// 1-based line.
    public let line: Int
    /// 1-based column in code points.
    public let column: Int

    /// Creates a diagnostic.
    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `ERROR: <input>:line:column: message`.
    public var description: String { "ERROR: <input>:\(line):\(column): \(message)" }
}

/// Compilation failed: the expression does not parse or does not type-check.
public struct CELCompileError: Error, Sendable, CustomStringConvertible {
    /// All problems found, in source order.
    public let diagnostics: [CELDiagnostic]
    /// The expression text.
    public let source: String

    /// Creates a compile error.
    public init(diagnostics: [CELDiagnostic], source: String) {
        self.diagnostics = diagnostics
        self.source = source
    }

    /// The diagnostics, each followed by the offending line and a caret under the column.
    public var description: String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return diagnostics.map { diagnostic in
            var text = diagnostic.description
            if diagnostic.line - 1 < lines.count {
                let line = lines[diagnostic.line - 1]
                text += "\n | \(line)\n | " + String(repeating: ".", count: max(0, diagnostic.column - 1)) + "^"
            }
            return text
        }.joined(separator: "\n")
    }
}

/// Maps byte offsets of an expression to lines and columns.
struct SourceText: Sendable {
    let text: String
    let bytes: [UInt8]
    private let lineStarts: [Int]
    /// The column (in Unicode scalars, from 1) of every offset, the end included: the planner asks for the place of
    /// every call, and counting from the line's start each time made a long one-line condition quadratic to plan.
    private let columns: [Int32]

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        var starts = [0]
        var columns = [Int32](repeating: 1, count: bytes.count + 1)
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                starts.append(index + 1)
            } else {
                columns[index + 1] = columns[index] + (byte & 0xC0 != 0x80 ? 1 : 0)
            }
        }
        lineStarts = starts
        self.columns = columns
    }

    func location(_ offset: Int) -> CELSourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return CELSourceLocation(offset: clamped, line: low + 1, column: Int(columns[clamped]))
    }

    func diagnostic(_ message: String, at offset: Int) -> CELDiagnostic {
        let location = location(offset)
        return CELDiagnostic(message: message, offset: location.offset, line: location.line, column: location.column)
    }
}
