import Foundation
import TollgateCore

/// A signed-off exception: these rules do not count for these versions of this package until the waiver expires.
public struct Waiver: Sendable {
    public let rules: Set<String>
    public let package: String
    /// Restricts the waiver to one ecosystem; nil for both.
    public let ecosystem: Ecosystem?
    /// The version constraint as written (`>= 1.2, << 2.0`; `*` for every version).
    public let versions: String
    let constraint: VersionConstraint
    public let reason: String
    public let ticket: String
    public let approvedBy: String
    /// The last day the waiver applies (it expires at the end of that day, UTC).
    public let expires: Date
    public let expiresText: String
    public let position: SourcePosition

    /// Whether the waiver is past its expiry at `now`.
    public func isExpired(at now: Date) -> Bool { now >= expires }

    /// How a finding refers to this waiver.
    public var reference: WaiverReference {
        WaiverReference(
            position: position, reason: reason, ticket: ticket, approvedBy: approvedBy,
            expires: expiresText
        )
    }
}

/// A version constraint in the ecosystem's own syntax: comma-separated `OP VERSION` terms that must all hold;
/// `*` matches every version. Debian operators are `<<`, `<=`, `=`, `>=`, `>>`; RPM's `<`, `<=`, `=`, `>=`, `>`.
struct VersionConstraint: Sendable {
    struct Term: Sendable {
        let relation: String
        let version: String
    }
    let terms: [Term]

    /// Longest first: the first that prefixes a term is its relation.
    static let operators = ["<<", "<=", ">=", ">>", "==", "=", "<", ">"]

    /// Parses a constraint; nil with a reason when malformed.
    struct Failure: Error {
        let message: String
    }

    static func parse(_ text: String) -> Result<VersionConstraint, Failure> {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "*" { return .success(VersionConstraint(terms: [])) }
        // Only `*` waives every version: an empty constraint, or an empty term between commas, is a mistake that
        // would otherwise leave no term to satisfy.
        guard !trimmed.isEmpty else { return .failure(Failure(message: "is empty (say \"*\" for every version)")) }
        var terms: [Term] = []
        for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let p = part.trimmingWhitespace()
            guard !p.isEmpty else {
                return .failure(Failure(message: "'\(trimmed)' has an empty term (say \"*\" for every version)"))
            }
            guard let op = operators.first(where: { p.hasPrefix($0) }) else {
                return .failure(
                    Failure(message: "'\(p)' does not start with a relation (\(operators.joined(separator: " ")))"))
            }
            let version = p.dropFirst(op.count).trimmingWhitespace()
            guard !version.isEmpty, !version.contains(" ") else {
                return .failure(Failure(message: "'\(p)' has no single version"))
            }
            terms.append(Term(relation: op, version: version))
        }
        return .success(VersionConstraint(terms: terms))
    }

    /// Whether `version` satisfies every term, compared with the ecosystem's own rules.
    func matches(_ version: String, comparator: any VersionComparator) -> Bool {
        terms.allSatisfy { term in
            let c = comparator.compare(version, term.version)
            switch term.relation {
            case "<<", "<": return c < 0
            case "<=": return c <= 0
            case "=", "==": return c == 0
            case ">=": return c >= 0
            default: return c > 0
            }
        }
    }
}
