/// How bad a finding is, in the words rule authors and readers share.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What a gate does with a package.
public enum Decision: String, Sendable, CaseIterable, Comparable {
    case allow, warn, deny

    private var rank: Int { Decision.allCases.firstIndex(of: self)! }

    public static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.rank < rhs.rank }
}
