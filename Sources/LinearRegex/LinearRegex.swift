/// A regular expression in RE2 syntax, matched in time linear in the text (O(pattern × text)).
///
/// The pattern is parsed, simplified and compiled once, into a Thompson NFA that a Pike VM runs
/// over the Unicode scalars of the text in a single pass, without backtracking. Matching is
/// leftmost-first, like RE2 and Perl: among matches starting at the leftmost position, the one a
/// backtracking engine would find first is reported.
///
/// Ranges returned by the matching methods are aligned to Unicode scalars, not necessarily to
/// `Character`s: use `text.unicodeScalars[range]` to extract exactly the matched scalars.
public struct LinearRegex: Sendable {
    /// The source pattern.
    public let pattern: String
    /// Names of the capture groups by index; index 0 is the whole match, unnamed groups are `nil`.
    public let captureNames: [String?]
    let program: Program

    /// Compiles `pattern`; throws `LinearRegexError` for invalid syntax or an oversized program.
    public init(_ pattern: String) throws {
        try self.init(pattern, maxProgramSize: Compiler.defaultInstructionLimit)
    }

    /// Compiles `pattern` with a custom limit on the number of NFA instructions (default 100 000).
    public init(_ pattern: String, maxProgramSize: Int) throws {
        var parser = Parser(pattern)
        var tree = [try parser.parse()]
        defer { Node.dismantle(&tree) }
        self.pattern = pattern
        self.captureNames = parser.captureNames
        self.program = try Compiler.compile(
            tree[0], groupCount: parser.captureNames.count - 1,
            instructionLimit: maxProgramSize)
    }

    /// The number of capture groups, not counting the whole match.
    public var captureGroupCount: Int {
        captureNames.count - 1
    }

    /// The index of the group named `name`, if any.
    public func captureIndex(named name: String) -> Int? {
        captureNames.firstIndex { $0 == name }
    }

    /// Whether any substring of `text` matches (unanchored search, as CEL's `matches()`).
    public func matches(_ text: String) -> Bool {
        search(text, mode: .anyMatch).slots != nil
    }

    /// Whether any substring of `text` matches and the steps that took (instructions visited: at most program
    /// size × (text length + 1)), or nil when it takes more than `stepLimit`: for a caller with a budget.
    public func matches(_ text: String, stepLimit: Int) -> (matched: Bool, steps: Int)? {
        let outcome = search(text, mode: .anyMatch, stepLimit: stepLimit)
        return outcome.exhausted ? nil : (outcome.slots != nil, outcome.steps)
    }

    /// Whether the whole of `text` matches the pattern.
    public func wholeMatch(_ text: String) -> Bool {
        search(text, mode: .fullMatch).slots != nil
    }

    /// The leftmost-first match in `text`, or `nil` if there is none.
    public func firstMatch(in text: String) -> Range<String.Index>? {
        guard let slots = search(text, mode: .firstMatch).slots else { return nil }
        return LinearRegex.range(slots, group: 0, in: text)
    }

    /// The leftmost-first match and its capture groups: element 0 is the whole match, element `i`
    /// the last text matched by group `i` (`nil` when the group did not participate).
    public func captures(in text: String) -> [Range<String.Index>?]? {
        guard let slots = search(text, mode: .firstMatch, slotLimit: program.slotCount).slots else { return nil }
        return (0..<captureNames.count).map { LinearRegex.range(slots, group: $0, in: text) }
    }

    /// Runs the Pike VM over the UTF-8 bytes of `text`.
    func search(_ text: String, mode: SearchMode, slotLimit: Int = 2, stepLimit: Int = .max) -> SearchOutcome {
        var text = text
        return text.withUTF8 { buffer in
            PikeVM(program: program, mode: mode, slotLimit: slotLimit, stepLimit: stepLimit).run(
                UTF8Text(bytes: buffer))
        }
    }

    /// Converts the byte offsets of a group's slots into string indices.
    private static func range(_ slots: [Int], group: Int, in text: String) -> Range<String.Index>? {
        guard 2 * group + 1 < slots.count else { return nil }
        let start = slots[2 * group]
        let end = slots[2 * group + 1]
        guard start >= 0, end >= start else { return nil }
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(lower, offsetBy: end - start)
        return lower..<upper
    }
}
