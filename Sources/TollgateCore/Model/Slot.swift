/// A field that is either set explicitly or derived on demand from a document's source record.
enum Slot<T: Sendable>: Sendable {
    case derived
    case set(T)
}

/// A metadata record that fact fields can be derived from on first use.
///
/// The Debian adapter implements it over a control stanza; every property defaults to "not recorded".
/// Implementations must be safe to read from several threads (policies evaluate documents in parallel).
public protocol PackageFactsSource: AnyObject, Sendable {
    var architecture: String? { get }
    var summary: String? { get }
    var description: String? { get }
    var homepage: String? { get }
    var license: String? { get }
    var section: String? { get }
    var priority: String? { get }
    var maintainer: Person? { get }
    var uploaders: [Person]? { get }
    var originalMaintainer: Person? { get }
    var vendor: String? { get }
    var installedSize: Int64? { get }
    var size: Int64? { get }
    var sourceName: String? { get }
    var sourceVersion: String? { get }
    var binaries: [String]? { get }
    var dependencies: [Dependency]? { get }
    var buildDependencies: [Dependency]? { get }
    var sourceFiles: [SourceFile]? { get }
    var vcsGit: String? { get }
    var vcsBrowser: String? { get }
    var debian: DebianInfo? { get }
    /// Problems found while deriving (a relationship field apt rejects).
    var warnings: [String] { get }
    /// One field of the record, as written (a Debian control field), without deriving anything else.
    func field(_ name: String) -> String?
    /// Calls `body` with the bytes of one field as written, without copying them; nil when the field is absent.
    func withField<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R?
}

extension PackageFactsSource {
    public func field(_ name: String) -> String? { nil }
    public func withField<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard var value = field(name) else { return nil }
        return value.withUTF8(body)
    }
    public var architecture: String? { nil }
    public var summary: String? { nil }
    public var description: String? { nil }
    public var homepage: String? { nil }
    public var license: String? { nil }
    public var section: String? { nil }
    public var priority: String? { nil }
    public var maintainer: Person? { nil }
    public var uploaders: [Person]? { nil }
    public var originalMaintainer: Person? { nil }
    public var vendor: String? { nil }
    public var installedSize: Int64? { nil }
    public var size: Int64? { nil }
    public var sourceName: String? { nil }
    public var sourceVersion: String? { nil }
    public var binaries: [String]? { nil }
    public var dependencies: [Dependency]? { nil }
    public var buildDependencies: [Dependency]? { nil }
    public var sourceFiles: [SourceFile]? { nil }
    public var vcsGit: String? { nil }
    public var vcsBrowser: String? { nil }
    public var debian: DebianInfo? { nil }
    public var warnings: [String] { [] }
}
