import Foundation

/// Everything Tollgate read about one package version: the root of the fact document that policies evaluate.
///
/// Readers fill what their format records and leave the rest unset; an unset field means "not known", never
/// "empty". The schema (``factFields``) is the documented contract; `docs/facts.md` is generated from it.
///
/// A value type with shared storage (copy-on-write): documents are passed around, boxed and evaluated many times,
/// and copying one costs a reference count, not its fifty fields.
public struct PackageFacts: Sendable {
    /// The version of the fact document's shape; bumped when a field changes meaning or type.
    public static let schemaVersion: Int64 = 1

    /// The fields; mutated only through a uniquely referenced storage.
    final class Storage: @unchecked Sendable {
        var ecosystem: Ecosystem
        var kind: PackageKind
        var name: String
        var version: String
        var epoch: Int64 = 0
        var upstreamVersion: String = ""
        var revision: String = ""
        var packager: Person? = nil
        var changedBy: Person? = nil
        var date: Date? = nil
        var buildHost: String? = nil
        var buildTime: Date? = nil
        var scripts: [Script]? = nil
        var files: [FileEntry]? = nil
        var signatures: [SignatureFacts] = []
        var changelog: [ChangelogEntry]? = nil
        var upstream: UpstreamFacts? = nil
        var artifact: Artifact
        var repository: RepositoryRef? = nil
        var rpm: RPMInfo? = nil
        // The two largest parts, set on some documents only, are held by reference: copying the storage (a
        // document changed after it was shared) then copies two pointers, not a kilobyte.
        var history: Boxed<HistoryFacts>? = nil
        var integrity: Boxed<IntegrityFacts>? = nil
        var upload: UploadFacts? = nil
        var source: (any PackageFactsSource)? = nil
        var ownWarnings: [String] = []
        var _architecture: Slot<String?> = .derived
        var _summary: Slot<String?> = .derived
        var _description: Slot<String?> = .derived
        var _homepage: Slot<String?> = .derived
        var _license: Slot<String?> = .derived
        var _section: Slot<String?> = .derived
        var _priority: Slot<String?> = .derived
        var _maintainer: Slot<Person?> = .derived
        var _uploaders: Slot<[Person]?> = .derived
        var _originalMaintainer: Slot<Person?> = .derived
        var _vendor: Slot<String?> = .derived
        var _installedSize: Slot<Int64?> = .derived
        var _size: Slot<Int64?> = .derived
        var _sourceName: Slot<String?> = .derived
        var _sourceVersion: Slot<String?> = .derived
        var _binaries: Slot<[String]?> = .derived
        var _dependencies: Slot<[Dependency]?> = .derived
        var _buildDependencies: Slot<[Dependency]?> = .derived
        var _sourceFiles: Slot<[SourceFile]?> = .derived
        var _vcsGit: Slot<String?> = .derived
        var _vcsBrowser: Slot<String?> = .derived
        var _debian: Slot<DebianInfo?> = .derived

        init(ecosystem: Ecosystem, kind: PackageKind, name: String, version: String, artifact: Artifact) {
            self.ecosystem = ecosystem
            self.kind = kind
            self.name = name
            self.version = version
            self.artifact = artifact
        }

        func copy() -> Storage {
            let c = Storage(ecosystem: ecosystem, kind: kind, name: name, version: version, artifact: artifact)
            c.epoch = epoch
            c.upstreamVersion = upstreamVersion
            c.revision = revision
            c.packager = packager
            c.changedBy = changedBy
            c.date = date
            c.buildHost = buildHost
            c.buildTime = buildTime
            c.scripts = scripts
            c.files = files
            c.signatures = signatures
            c.changelog = changelog
            c.upstream = upstream
            c.repository = repository
            c.rpm = rpm
            c.history = history
            c.integrity = integrity
            c.upload = upload
            c.source = source
            c.ownWarnings = ownWarnings
            c._architecture = _architecture
            c._summary = _summary
            c._description = _description
            c._homepage = _homepage
            c._license = _license
            c._section = _section
            c._priority = _priority
            c._maintainer = _maintainer
            c._uploaders = _uploaders
            c._originalMaintainer = _originalMaintainer
            c._vendor = _vendor
            c._installedSize = _installedSize
            c._size = _size
            c._sourceName = _sourceName
            c._sourceVersion = _sourceVersion
            c._binaries = _binaries
            c._dependencies = _dependencies
            c._buildDependencies = _buildDependencies
            c._sourceFiles = _sourceFiles
            c._vcsGit = _vcsGit
            c._vcsBrowser = _vcsBrowser
            c._debian = _debian
            return c
        }
    }

    private var storage: Storage

    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    /// Creates a fact document with its identity; readers fill the rest.
    public init(ecosystem: Ecosystem, kind: PackageKind, name: String, version: String, artifact: Artifact) {
        storage = Storage(ecosystem: ecosystem, kind: kind, name: name, version: version, artifact: artifact)
    }

    public var ecosystem: Ecosystem {
        get { storage.ecosystem }
        set { unique.ecosystem = newValue }
    }
    public var kind: PackageKind {
        get { storage.kind }
        set { unique.kind = newValue }
    }
    public var name: String {
        get { storage.name }
        set { unique.name = newValue }
    }
    public var version: String {
        get { storage.version }
        set { unique.version = newValue }
    }
    public var epoch: Int64 {
        get { storage.epoch }
        set { unique.epoch = newValue }
    }
    public var upstreamVersion: String {
        get { storage.upstreamVersion }
        set { unique.upstreamVersion = newValue }
    }
    public var revision: String {
        get { storage.revision }
        set { unique.revision = newValue }
    }
    public var packager: Person? {
        get { storage.packager }
        set { unique.packager = newValue }
    }
    public var changedBy: Person? {
        get { storage.changedBy }
        set { unique.changedBy = newValue }
    }
    public var date: Date? {
        get { storage.date }
        set { unique.date = newValue }
    }
    public var buildHost: String? {
        get { storage.buildHost }
        set { unique.buildHost = newValue }
    }
    public var buildTime: Date? {
        get { storage.buildTime }
        set { unique.buildTime = newValue }
    }
    public var scripts: [Script]? {
        get { storage.scripts }
        set { unique.scripts = newValue }
    }
    public var files: [FileEntry]? {
        get { storage.files }
        set { unique.files = newValue }
    }
    public var signatures: [SignatureFacts] {
        get { storage.signatures }
        set { unique.signatures = newValue }
    }
    public var changelog: [ChangelogEntry]? {
        get { storage.changelog }
        set { unique.changelog = newValue }
    }
    public var upstream: UpstreamFacts? {
        get { storage.upstream }
        set { unique.upstream = newValue }
    }
    public var artifact: Artifact {
        get { storage.artifact }
        set { unique.artifact = newValue }
    }
    public var repository: RepositoryRef? {
        get { storage.repository }
        set { unique.repository = newValue }
    }
    public var rpm: RPMInfo? {
        get { storage.rpm }
        set { unique.rpm = newValue }
    }
    /// Calls `body` with the bytes of a Debian control field as written: read in place from the record the facts
    /// are derived from when there is one (no other field is derived), else from `debian`; nil when the field is
    /// absent.
    public func withControlField<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        if case .derived = storage._debian, let source = storage.source { return source.withField(name, body) }
        guard var value = debian?.field(name) else { return nil }
        return value.withUTF8(body)
    }

    /// What `tollgate gate` checked of a `.changes` (see ``UploadFacts``).
    public var upload: UploadFacts? {
        get { storage.upload }
        set { unique.upload = newValue }
    }
    /// The upstream tarball against its git tree, m4 macros, build indicators and test data (see ``IntegrityFacts``).
    public var integrity: IntegrityFacts? {
        get { storage.integrity?.value }
        set { unique.integrity = newValue.map(Boxed.init) }
    }
    /// The release against its own history, when a history database was consulted (see ``HistoryFacts``).
    public var history: HistoryFacts? {
        get { storage.history?.value }
        set { unique.history = newValue.map(Boxed.init) }
    }
    /// The history facts as the object holding them, which other documents may share (a report gives every package
    /// with nothing earlier the same one).
    public var sharedHistory: Boxed<HistoryFacts>? {
        get { storage.history }
        set { unique.history = newValue }
    }

    /// The history and integrity facts are held by reference.
    public func factFieldHolder(at index: Int, named name: String) -> AnyObject? {
        switch name {
        case "history": storage.history
        case "integrity": storage.integrity
        default: nil
        }
    }
    /// The metadata record the derived fields are read from on first use (a Debian control stanza), if any.
    ///
    /// Index readers hand out documents backed by their stanza, so that reading a 60 000-package index costs little
    /// more than apt's own scan, and each field is parsed only when a policy or an output needs it. A field set
    /// explicitly overrides its derived value.
    public var source: (any PackageFactsSource)? {
        get { storage.source }
        set { unique.source = newValue }
    }

    /// Things the reader noticed that are not fatal (a listed file missing, a malformed changelog line): those
    /// found while deriving fields from the source record first, then the reader's own.
    public var warnings: [String] {
        get {
            guard let derived = storage.source?.warnings, !derived.isEmpty else { return storage.ownWarnings }
            return derived + storage.ownWarnings
        }
        set {
            let derived = storage.source?.warnings ?? []
            unique.ownWarnings = newValue.starts(with: derived) ? Array(newValue.dropFirst(derived.count)) : newValue
        }
    }

    /// Records a problem the reader noticed, without deriving anything.
    public mutating func warn(_ message: String) { unique.ownWarnings.append(message) }

    public var architecture: String? {
        get {
            if case .set(let value) = storage._architecture { return value }
            return storage.source?.architecture
        }
        set { unique._architecture = .set(newValue) }
    }
    public var summary: String? {
        get {
            if case .set(let value) = storage._summary { return value }
            return storage.source?.summary
        }
        set { unique._summary = .set(newValue) }
    }
    public var description: String? {
        get {
            if case .set(let value) = storage._description { return value }
            return storage.source?.description
        }
        set { unique._description = .set(newValue) }
    }
    public var homepage: String? {
        get {
            if case .set(let value) = storage._homepage { return value }
            return storage.source?.homepage
        }
        set { unique._homepage = .set(newValue) }
    }
    public var license: String? {
        get {
            if case .set(let value) = storage._license { return value }
            return storage.source?.license
        }
        set { unique._license = .set(newValue) }
    }
    public var section: String? {
        get {
            if case .set(let value) = storage._section { return value }
            return storage.source?.section
        }
        set { unique._section = .set(newValue) }
    }
    public var priority: String? {
        get {
            if case .set(let value) = storage._priority { return value }
            return storage.source?.priority
        }
        set { unique._priority = .set(newValue) }
    }
    public var maintainer: Person? {
        get {
            if case .set(let value) = storage._maintainer { return value }
            return storage.source?.maintainer
        }
        set { unique._maintainer = .set(newValue) }
    }
    public var uploaders: [Person]? {
        get {
            if case .set(let value) = storage._uploaders { return value }
            return storage.source?.uploaders
        }
        set { unique._uploaders = .set(newValue) }
    }
    public var originalMaintainer: Person? {
        get {
            if case .set(let value) = storage._originalMaintainer { return value }
            return storage.source?.originalMaintainer
        }
        set { unique._originalMaintainer = .set(newValue) }
    }
    public var vendor: String? {
        get {
            if case .set(let value) = storage._vendor { return value }
            return storage.source?.vendor
        }
        set { unique._vendor = .set(newValue) }
    }
    public var installedSize: Int64? {
        get {
            if case .set(let value) = storage._installedSize { return value }
            return storage.source?.installedSize
        }
        set { unique._installedSize = .set(newValue) }
    }
    public var size: Int64? {
        get {
            if case .set(let value) = storage._size { return value }
            return storage.source?.size
        }
        set { unique._size = .set(newValue) }
    }
    public var sourceName: String? {
        get {
            if case .set(let value) = storage._sourceName { return value }
            return storage.source?.sourceName
        }
        set { unique._sourceName = .set(newValue) }
    }
    public var sourceVersion: String? {
        get {
            if case .set(let value) = storage._sourceVersion { return value }
            return storage.source?.sourceVersion
        }
        set { unique._sourceVersion = .set(newValue) }
    }
    public var binaries: [String]? {
        get {
            if case .set(let value) = storage._binaries { return value }
            return storage.source?.binaries
        }
        set { unique._binaries = .set(newValue) }
    }
    public var dependencies: [Dependency]? {
        get {
            if case .set(let value) = storage._dependencies { return value }
            return storage.source?.dependencies
        }
        set { unique._dependencies = .set(newValue) }
    }
    public var buildDependencies: [Dependency]? {
        get {
            if case .set(let value) = storage._buildDependencies { return value }
            return storage.source?.buildDependencies
        }
        set { unique._buildDependencies = .set(newValue) }
    }
    public var sourceFiles: [SourceFile]? {
        get {
            if case .set(let value) = storage._sourceFiles { return value }
            return storage.source?.sourceFiles
        }
        set { unique._sourceFiles = .set(newValue) }
    }
    public var vcsGit: String? {
        get {
            if case .set(let value) = storage._vcsGit { return value }
            return storage.source?.vcsGit
        }
        set { unique._vcsGit = .set(newValue) }
    }
    public var vcsBrowser: String? {
        get {
            if case .set(let value) = storage._vcsBrowser { return value }
            return storage.source?.vcsBrowser
        }
        set { unique._vcsBrowser = .set(newValue) }
    }
    public var debian: DebianInfo? {
        get {
            if case .set(let value) = storage._debian { return value }
            return storage.source?.debian
        }
        set { unique._debian = .set(newValue) }
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

/// An immutable value held by reference (see `PackageFacts.Storage`), which documents may share: documents whose
/// field is held by the same object read the same (see `FactObject.factFieldHolder(at:named:)`).
public final class Boxed<Value: Sendable>: Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
