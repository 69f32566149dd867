import TollgateCore

extension PackageFacts {
    /// Creates a document from a Debian control stanza (`Packages`, `Sources`, `.dsc`, `.changes`, a .deb `control`),
    /// filling every field the stanza records.
    init(debianStanza stanza: Stanza, kind: PackageKind, name: String, artifact: Artifact) {
        let version = stanza["Version"] ?? ""
        self.init(ecosystem: .debian, kind: kind, name: name, version: version, artifact: artifact)
        let parts = DebianVersion(version)
        epoch = parts.epoch
        upstreamVersion = parts.upstream
        revision = parts.revision
        architecture = stanza.nonEmpty("Architecture")
        if let text = stanza["Description"] {
            let (first, rest) = Self.splitDescription(text)
            summary = first
            description = rest
        }
        homepage = stanza.nonEmpty("Homepage")
        section = stanza.nonEmpty("Section")
        priority = stanza.nonEmpty("Priority")
        maintainer = stanza.nonEmpty("Maintainer").map(Person.init(parsing:))
        originalMaintainer = (stanza.nonEmpty("Original-Maintainer") ?? stanza.nonEmpty("XSBC-Original-Maintainer"))
            .map(Person.init(parsing:))
        vendor = stanza.nonEmpty("Origin")
        if let size = stanza["Installed-Size"].flatMap({ Int64($0) }) { installedSize = size * 1024 }
        size = stanza["Size"].flatMap { Int64($0) }
        vcsGit = stanza.nonEmpty("Vcs-Git")
        vcsBrowser = stanza.nonEmpty("Vcs-Browser")
        if kind == .binary, let source = stanza.nonEmpty("Source") {
            // `Source: name (version)` when the source version differs from the binary's.
            if let open = source.firstIndex(of: "("), let close = source.lastIndex(of: ")"), open < close {
                sourceName = source[..<open].trimmingWhitespace()
                sourceVersion = source[source.index(after: open)..<close].trimmingWhitespace()
            } else {
                sourceName = source
                sourceVersion = version
            }
        } else if kind == .binary {
            sourceName = name
            sourceVersion = version
        }

        var info = DebianInfo()
        info.fields = stanza.fields
        info.standardsVersion = stanza.nonEmpty("Standards-Version")
        info.multiArch = stanza.nonEmpty("Multi-Arch")
        info.essential = stanza["Essential"]?.lowercased() == "yes"
        info.protected = stanza["Protected"]?.lowercased() == "yes"
        info.testsuite = stanza.nonEmpty("Testsuite")
        debian = info

        var group: Int64 = 0
        let relationFields = kind == .binary ? DependencyParser.runtimeFields : []
        if kind == .binary {
            dependencies = relations(stanza, relationFields, group: &group)
        } else {
            buildDependencies = relations(stanza, DependencyParser.buildFields, group: &group)
        }
    }

    private mutating func relations(
        _ stanza: Stanza, _ names: [(field: String, type: String)], group: inout Int64
    ) -> [Dependency] {
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
