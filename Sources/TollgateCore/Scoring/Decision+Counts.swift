extension Decision {
    /// How many of `decisions` are each decision (every decision is a key, counted zero or more).
    public static func counts<S: Sequence>(_ decisions: S) -> [Decision: Int] where S.Element == Decision {
        var counts = Dictionary(uniqueKeysWithValues: allCases.map { ($0, 0) })
        for decision in decisions { counts[decision, default: 0] += 1 }
        return counts
    }

    /// Counts as a person reads them: `40 allow, 2 warn, 1 deny`.
    public static func summary(_ counts: [Decision: Int]) -> String {
        allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
    }
}
