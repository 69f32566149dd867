/// An error thrown when a pattern is not valid RE2 syntax or exceeds the engine's limits.
///
/// `offset` counts Unicode scalars from the start of the pattern and points at the start of the
/// offending fragment (for example the `(` of an unclosed group or the `\` of a bad escape).
public struct LinearRegexError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A human-readable explanation, in RE2's wording, usually followed by the offending fragment.
    public let message: String
    /// The Unicode-scalar offset in the pattern where the offending fragment starts.
    public let offset: Int
    /// The category of the error, for callers that want to branch on it.
    public let code: Code

    /// The categories of syntax and limit errors, mirroring RE2's error codes.
    public enum Code: String, Sendable, Equatable {
        /// An escape sequence that RE2 does not define, such as `\i` or `\1`.
        case invalidEscape = "invalid escape sequence"
        /// An unknown class name such as `\p{Foo}` or `[[:foo:]]`.
        case invalidCharClass = "invalid character class"
        /// A range whose end is below its start, such as `[z-a]`.
        case invalidCharRange = "invalid character class range"
        /// A `[` without its closing `]`.
        case missingBracket = "missing closing ]"
        /// A `(` without its closing `)`.
        case missingParen = "missing closing )"
        /// A `)` without an opening `(`.
        case unexpectedParen = "unexpected )"
        /// A pattern that ends in a lone backslash.
        case trailingBackslash = "trailing backslash at end of expression"
        /// A repetition operator with nothing to repeat, such as `*a`.
        case missingRepeatArgument = "missing argument to repetition operator"
        /// A repetition count above 1000, `{n,m}` with n > m, or nested counts whose product exceeds 1000.
        case invalidRepeatSize = "invalid repeat count"
        /// Stacked repetition operators such as `a**`, `a*+` or `a{2}{3}`.
        case invalidRepeatOperator = "bad repetition operator"
        /// Perl syntax RE2 does not support, such as lookarounds `(?=` or atomic groups `(?>`.
        case invalidPerlOperator = "invalid or unsupported Perl syntax"
        /// A malformed or duplicate group name.
        case invalidNamedCapture = "invalid named capture group"
        /// Parentheses nested more deeply than the engine allows.
        case nestingTooDeep = "expression nests too deeply"
        /// A pattern whose compiled program exceeds the instruction limit.
        case patternTooLarge = "pattern too large"
    }

    /// Creates an error from a code, the offending fragment and its scalar offset.
    init(_ code: Code, _ fragment: String, at offset: Int, note: String? = nil) {
        var text = code.rawValue
        if let note {
            text += " (\(note))"
        }
        if !fragment.isEmpty {
            text += ": `\(fragment)`"
        }
        self.message = text
        self.offset = offset
        self.code = code
    }

    /// The message together with the offset, e.g. "missing closing ): `(ab` at offset 0".
    public var description: String {
        "\(message) at offset \(offset)"
    }
}
