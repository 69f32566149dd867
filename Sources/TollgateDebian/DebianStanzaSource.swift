import Synchronization
import TollgateCore

/// Derives a fact document's fields from a Debian control stanza on first use, caching what is costly to parse.
///
/// Thread-safe: documents are shared across evaluation threads.
public final class DebianStanzaSource: PackageFactsSource {
    /// The stanza.
    public let stanza: Stanza
    /// What the stanza describes (binary stanzas have runtime relations, source stanzas build relations).
    public let kind: PackageKind

    private struct Cache {
        var description: (String?, String?)?
        var maintainer: Person??
        var uploaders: [Person]??
        var relations: (dependencies: [Dependency]?, build: [Dependency]?, warnings: [String])?
        var sourceFiles: [SourceFile]??
        var binaries: [String]??
    }
    private let cache = Mutex(Cache())

    /// Creates a source for a stanza.
    public init(stanza: Stanza, kind: PackageKind) {
        self.stanza = stanza
        self.kind = kind
    }

    private func cached<T: Sendable>(_ key: WritableKeyPath<Cache, T?> & Sendable, _ compute: () -> T) -> T {
        if let value = cache.withLock({ $0[keyPath: key] }) { return value }
        let value = compute()
        cache.withLock { $0[keyPath: key] = value }
        return value
    }

    public var architecture: String? { stanza.nonEmpty("Architecture") }
    public var homepage: String? { stanza.nonEmpty("Homepage") }
    public var section: String? { stanza.nonEmpty("Section") }
    public var priority: String? { stanza.nonEmpty("Priority") }
    public var vendor: String? { stanza.nonEmpty("Origin") }
    public var vcsGit: String? { stanza.nonEmpty("Vcs-Git") }
    public var vcsBrowser: String? { stanza.nonEmpty("Vcs-Browser") }
    public var size: Int64? { stanza["Size"].flatMap { Int64($0) } }
    public var installedSize: Int64? { stanza["Installed-Size"].flatMap { Int64($0) }.map { $0 * 1024 } }

    public var summary: String? { descriptionParts.0 }
    public var description: String? { descriptionParts.1 }

    private var descriptionParts: (String?, String?) {
        cached(\.description) {
            guard let text = stanza["Description"] else { return (nil, nil) }
            let (first, rest) = Self.splitDescription(text)
            return (first, rest)
        }
    }

    public var maintainer: Person? {
        cached(\.maintainer) { stanza.nonEmpty("Maintainer").map(Person.init(parsing:)) }
    }

    public var originalMaintainer: Person? {
        (stanza.nonEmpty("Original-Maintainer") ?? stanza.nonEmpty("XSBC-Original-Maintainer")).map(
            Person.init(parsing:))
    }

    /// A source package's co-maintainers: empty when its stanza names none. A `.changes` has no such field (the
    /// `.dsc` it carries says who they are): unset there unless it says.
    public var uploaders: [Person]? {
        guard kind != .binary else { return nil }
        if kind == .upload, stanza["Uploaders"] == nil { return nil }
        return cached(\.uploaders) { stanza["Uploaders"].map(Person.list(parsing:)) ?? [] }
    }

    public var binaries: [String]? {
        guard kind != .binary else { return nil }
        return cached(\.binaries) {
            guard let value = stanza["Binary"] else { return [] }
            // Source stanzas separate with commas, .changes with spaces.
            let separators: Set<Character> = kind == .upload ? [" ", "\n"] : [",", "\n"]
            return value.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingWhitespace() }
                .filter { !$0.isEmpty }
        }
    }

    public var sourceFiles: [SourceFile]? {
        guard kind != .binary else { return nil }
        return cached(\.sourceFiles) { SourceFileList.read(stanza, isChanges: kind == .upload) }
    }

    public var sourceName: String? {
        guard kind == .binary else { return nil }
        guard let source = stanza.nonEmpty("Source") else { return stanza.nonEmpty("Package") }
        if let open = source.firstIndex(of: "(") { return source[..<open].trimmingWhitespace() }
        return source
    }

    public var sourceVersion: String? {
        guard kind == .binary else { return nil }
        if let source = stanza.nonEmpty("Source"), let open = source.firstIndex(of: "("),
            let close = source.lastIndex(of: ")"), open < close
        {
            return source[source.index(after: open)..<close].trimmingWhitespace()
        }
        return stanza["Version"]
    }

    public var dependencies: [Dependency]? { kind == .binary ? relations.dependencies : nil }
    public var buildDependencies: [Dependency]? { kind == .source ? relations.build : nil }
    public var warnings: [String] { relations.warnings }

    private var relations: (dependencies: [Dependency]?, build: [Dependency]?, warnings: [String]) {
        cached(\.relations) {
            var group: Int64 = 0
            var warnings: [String] = []
            func parse(_ names: [(field: String, type: String)]) -> [Dependency] {
                var out: [Dependency] = []
                for (field, type) in names {
                    guard let value = stanza.nonEmpty(field) else { continue }
                    if let parsed = DependencyParser.parse(value, type: type, nextGroup: &group) {
                        out += parsed
                    } else {
                        warnings.append("\(field): libapt-pkg rejects the relationship syntax")
                    }
                }
                return out
            }
            switch kind {
            case .binary: return (parse(DependencyParser.runtimeFields), nil, warnings)
            case .source: return (nil, parse(RelationNames.buildFields), warnings)
            default: return (nil, nil, [])
            }
        }
    }

    public func field(_ name: String) -> String? { stanza[name] }

    public func withField<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        stanza.withValue(name, body)
    }

    public var debian: DebianInfo? {
        var info = DebianInfo()
        info.stanza = { [stanza] in stanza.fields }
        info.stanzaField = { [stanza] in stanza[$0] }
        info.standardsVersion = stanza.nonEmpty("Standards-Version")
        info.multiArch = stanza.nonEmpty("Multi-Arch")
        info.essential = stanza["Essential"]?.lowercased() == "yes"
        info.protected = stanza["Protected"]?.lowercased() == "yes"
        info.testsuite = stanza.nonEmpty("Testsuite")
        // A `.changes` file's `Format` is its own (1.8), not the source package's.
        if kind == .source { info.sourceFormat = stanza.nonEmpty("Format") }
        if kind == .upload {
            info.distribution = stanza.nonEmpty("Distribution")
            info.closes = stanza["Closes"]?.split(separator: " ").map(String.init) ?? []
        }
        return info
    }

    /// Splits a deb822 `Description` into its synopsis and its extended text (leading spaces and ` .` lines undone).
    static func splitDescription(_ text: String) -> (String, String?) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.isEmpty ? "" : lines.removeFirst().trimmingWhitespace()
        guard !lines.isEmpty else { return (first, nil) }
        let body = lines.map { line -> String in
            var l = line
            if l.first == " " { l = l.dropFirst() }
            return l == "." ? "" : String(l)
        }.joined(separator: "\n")
        return (first, body.isEmpty ? nil : body)
    }
}

extension PackageFacts {
    /// A document for a Debian control stanza: identity now, everything else derived from the stanza when used.
    init(debianStanza stanza: Stanza, kind: PackageKind, name: String, artifact: Artifact) {
        let version = stanza["Version"] ?? ""
        self.init(ecosystem: .debian, kind: kind, name: name, version: version, artifact: artifact)
        let parts = DebianVersion(version)
        epoch = parts.epoch
        upstreamVersion = parts.upstream
        revision = parts.revision
        source = DebianStanzaSource(stanza: stanza, kind: kind)
    }
}
