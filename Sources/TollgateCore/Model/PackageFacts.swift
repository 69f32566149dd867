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
    public var packager: Person?
    public var changedBy: Person?
    public var date: Date?
    public var buildHost: String?
    public var buildTime: Date?
    public var scripts: [Script]?
    public var files: [FileEntry]?
    public var signatures: [SignatureFacts] = []
    public var changelog: [ChangelogEntry]?
    public var upstream: UpstreamFacts?
    public var artifact: Artifact
    public var repository: RepositoryRef?
    public var rpm: RPMInfo?

    /// The metadata record the fields below are derived from on first use (a Debian control stanza), if any.
    ///
    /// Index readers hand out documents backed by their stanza, so that reading a 60 000-package index costs little
    /// more than apt's own scan, and each field is parsed only when a policy or an output needs it. A field set
    /// explicitly overrides its derived value.
    public var source: (any PackageFactsSource)?

    /// Things the reader noticed that are not fatal (a listed file missing, a malformed changelog line): those
    /// found while deriving fields from the source record first, then the reader's own.
    public var warnings: [String] {
        get {
            guard let derived = source?.warnings, !derived.isEmpty else { return ownWarnings }
            return derived + ownWarnings
        }
        set {
            let derived = source?.warnings ?? []
            ownWarnings = newValue.starts(with: derived) ? Array(newValue.dropFirst(derived.count)) : newValue
        }
    }

    /// Records a problem the reader noticed, without deriving anything.
    public mutating func warn(_ message: String) { ownWarnings.append(message) }

    private var ownWarnings: [String] = []

    private var _architecture: Slot<String?> = .derived
    private var _summary: Slot<String?> = .derived
    private var _description: Slot<String?> = .derived
    private var _homepage: Slot<String?> = .derived
    private var _license: Slot<String?> = .derived
    private var _section: Slot<String?> = .derived
    private var _priority: Slot<String?> = .derived
    private var _maintainer: Slot<Person?> = .derived
    private var _uploaders: Slot<[Person]?> = .derived
    private var _originalMaintainer: Slot<Person?> = .derived
    private var _vendor: Slot<String?> = .derived
    private var _installedSize: Slot<Int64?> = .derived
    private var _size: Slot<Int64?> = .derived
    private var _sourceName: Slot<String?> = .derived
    private var _sourceVersion: Slot<String?> = .derived
    private var _binaries: Slot<[String]?> = .derived
    private var _dependencies: Slot<[Dependency]?> = .derived
    private var _buildDependencies: Slot<[Dependency]?> = .derived
    private var _sourceFiles: Slot<[SourceFile]?> = .derived
    private var _vcsGit: Slot<String?> = .derived
    private var _vcsBrowser: Slot<String?> = .derived
    private var _debian: Slot<DebianInfo?> = .derived

    public var architecture: String? {
        get { if case .set(let value) = _architecture { return value } else { return source?.architecture } }
        set { _architecture = .set(newValue) }
    }
    public var summary: String? {
        get { if case .set(let value) = _summary { return value } else { return source?.summary } }
        set { _summary = .set(newValue) }
    }
    public var description: String? {
        get { if case .set(let value) = _description { return value } else { return source?.description } }
        set { _description = .set(newValue) }
    }
    public var homepage: String? {
        get { if case .set(let value) = _homepage { return value } else { return source?.homepage } }
        set { _homepage = .set(newValue) }
    }
    public var license: String? {
        get { if case .set(let value) = _license { return value } else { return source?.license } }
        set { _license = .set(newValue) }
    }
    public var section: String? {
        get { if case .set(let value) = _section { return value } else { return source?.section } }
        set { _section = .set(newValue) }
    }
    public var priority: String? {
        get { if case .set(let value) = _priority { return value } else { return source?.priority } }
        set { _priority = .set(newValue) }
    }
    public var maintainer: Person? {
        get { if case .set(let value) = _maintainer { return value } else { return source?.maintainer } }
        set { _maintainer = .set(newValue) }
    }
    public var uploaders: [Person]? {
        get { if case .set(let value) = _uploaders { return value } else { return source?.uploaders } }
        set { _uploaders = .set(newValue) }
    }
    public var originalMaintainer: Person? {
        get {
            if case .set(let value) = _originalMaintainer { return value } else { return source?.originalMaintainer }
        }
        set { _originalMaintainer = .set(newValue) }
    }
    public var vendor: String? {
        get { if case .set(let value) = _vendor { return value } else { return source?.vendor } }
        set { _vendor = .set(newValue) }
    }
    public var installedSize: Int64? {
        get { if case .set(let value) = _installedSize { return value } else { return source?.installedSize } }
        set { _installedSize = .set(newValue) }
    }
    public var size: Int64? {
        get { if case .set(let value) = _size { return value } else { return source?.size } }
        set { _size = .set(newValue) }
    }
    public var sourceName: String? {
        get { if case .set(let value) = _sourceName { return value } else { return source?.sourceName } }
        set { _sourceName = .set(newValue) }
    }
    public var sourceVersion: String? {
        get { if case .set(let value) = _sourceVersion { return value } else { return source?.sourceVersion } }
        set { _sourceVersion = .set(newValue) }
    }
    public var binaries: [String]? {
        get { if case .set(let value) = _binaries { return value } else { return source?.binaries } }
        set { _binaries = .set(newValue) }
    }
    public var dependencies: [Dependency]? {
        get { if case .set(let value) = _dependencies { return value } else { return source?.dependencies } }
        set { _dependencies = .set(newValue) }
    }
    public var buildDependencies: [Dependency]? {
        get { if case .set(let value) = _buildDependencies { return value } else { return source?.buildDependencies } }
        set { _buildDependencies = .set(newValue) }
    }
    public var sourceFiles: [SourceFile]? {
        get { if case .set(let value) = _sourceFiles { return value } else { return source?.sourceFiles } }
        set { _sourceFiles = .set(newValue) }
    }
    public var vcsGit: String? {
        get { if case .set(let value) = _vcsGit { return value } else { return source?.vcsGit } }
        set { _vcsGit = .set(newValue) }
    }
    public var vcsBrowser: String? {
        get { if case .set(let value) = _vcsBrowser { return value } else { return source?.vcsBrowser } }
        set { _vcsBrowser = .set(newValue) }
    }
    public var debian: DebianInfo? {
        get { if case .set(let value) = _debian { return value } else { return source?.debian } }
        set { _debian = .set(newValue) }
    }

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
