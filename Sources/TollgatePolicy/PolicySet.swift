import Foundation
import TollgateCore

/// Every rule and profile of a policy directory, loaded and compiled as one: never half-loaded.
public struct PolicySet: Sendable {
    /// Rules by id order.
    public let rules: [Rule]
    /// Profiles by name.
    public let profiles: [String: Profile]
    /// The environment the rules were compiled in.
    public let environment: FactsEnvironment
    /// The directory read.
    public let directory: String
    private let index: [String: Int]

    init(rules: [Rule], profiles: [String: Profile], environment: FactsEnvironment, directory: String) {
        self.rules = rules.sorted { $0.id < $1.id }
        self.profiles = profiles
        self.environment = environment
        self.directory = directory
        var index: [String: Int] = [:]
        for (i, rule) in self.rules.enumerated() {
            index[rule.id] = i
            for alias in rule.aliases { index[alias] = i }
        }
        self.index = index
    }

    /// The rule with this id, or whose former id this is.
    public func rule(_ id: String) -> Rule? { index[id].map { rules[$0] } }

    /// The profile of that name.
    public func profile(_ name: String) -> Profile? { profiles[name] }
}

/// Why a policy directory (or a waiver file) was refused: every problem, each as `path:line:col: error: …`.
public struct PolicyLoadError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [SourceDiagnostic]

    public init(diagnostics: [SourceDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// What loading needs besides the files: the clock `now()` reads and the ecosystems' version comparison.
public struct PolicyOptions: Sendable {
    public var now: Date
    public var comparators: VersionComparators
    /// Cost budget of one rule evaluation.
    public var costLimit: Int

    /// Creates options.
    public init(now: Date = Date(), comparators: VersionComparators, costLimit: Int = 100_000) {
        self.now = now
        self.comparators = comparators
        self.costLimit = costLimit
    }
}
