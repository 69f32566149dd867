import Foundation

/// Everything Tollgate read about one package version: the root of the fact document that policies evaluate.
///
/// Readers fill what their format records and leave the rest unset; an unset field means "not known", never
/// "empty". The schema (``factFields``) is the documented contract; `docs/facts.md` is generated from it.
public struct PackageFacts: Sendable {
    /// The version of the fact document's shape; bumped when a field changes meaning or type.
    public static let schemaVersion: Int64 = 1

    public var ecosystem: Ecosystem
    public var kind: PackageKind
    public var name: String
    public var version: String
    public var epoch: Int64 = 0
    public var upstreamVersion: String = ""
    public var revision: String = ""
    public var architecture: String?
    public var summary: String?
    public var description: String?
    public var homepage: String?
    public var license: String?
    public var section: String?
    public var priority: String?
    public var maintainer: Person?
    public var uploaders: [Person]?
    public var packager: Person?
    public var changedBy: Person?
    public var originalMaintainer: Person?
    public var vendor: String?
    public var date: Date?
    public var buildHost: String?
    public var buildTime: Date?
    public var sourceName: String?
    public var sourceVersion: String?
    public var binaries: [String]?
    public var installedSize: Int64?
    public var size: Int64?
    public var dependencies: [Dependency]?
    public var buildDependencies: [Dependency]?
    public var scripts: [Script]?
    public var files: [FileEntry]?
    public var sourceFiles: [SourceFile]?
    public var signatures: [SignatureFacts] = []
    public var changelog: [ChangelogEntry]?
    public var upstream: UpstreamFacts?
    public var vcsGit: String?
    public var vcsBrowser: String?
    public var artifact: Artifact
    public var repository: RepositoryRef?
    public var debian: DebianInfo?
    public var rpm: RPMInfo?
    /// Things the reader noticed that are not fatal (a listed file missing, a malformed changelog line).
    public var warnings: [String] = []

    /// Creates a fact document with its identity; readers fill the rest.
    public init(ecosystem: Ecosystem, kind: PackageKind, name: String, version: String, artifact: Artifact) {
        self.ecosystem = ecosystem
        self.kind = kind
        self.name = name
        self.version = version
        self.artifact = artifact
    }

    /// `name version` with the ecosystem's separator, for messages.
    public var label: String {
        switch ecosystem {
        case .debian: "\(name)_\(version)" + (kind == .binary ? "_\(architecture ?? "")" : "")
        case .rpm: "\(name)-\(version)" + (architecture.map { ".\($0)" } ?? "")
        case .upstream: "\(name)-\(version)"
        }
    }

    /// The person responsible for this version: the Debian maintainer, else the RPM packager.
    public var responsible: Person? { maintainer ?? packager }
}
