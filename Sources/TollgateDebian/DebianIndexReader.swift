import TollgateCore

/// Reads `Packages` and `Sources` indexes (plain or compressed) into fact documents, one stanza at a time.
public enum DebianIndexReader {
    /// Calls `body` with the document of every stanza of a `Packages` index; stanzas without a `Package` field are
    /// reported through `problem` and skipped. Throws only when the file itself cannot be read.
    public static func readPackages(
        path: String, displayPath: String? = nil, repository: RepositoryRef? = nil,
        problem: (String) -> Void = { _ in }, _ body: (PackageFacts) throws -> Void
    ) throws {
        let reader = try StanzaReader(path: path)
        let shown = displayPath ?? path
        while let stanza = try reader.nextStanza() {
            guard let name = stanza.nonEmpty("Package") else {
                problem("\(shown): stanza at offset \(stanza.offset) has no Package field")
                continue
            }
            let artifact = Artifact(path: shown, format: "packages-index", entryPath: stanza["Filename"])
            var facts = PackageFacts(debianStanza: stanza, kind: .binary, name: name, artifact: artifact)
            facts.repository = repository
            try body(facts)
        }
    }

    /// Calls `body` with the document of every stanza of a `Sources` index.
    public static func readSources(
        path: String, displayPath: String? = nil, repository: RepositoryRef? = nil,
        problem: (String) -> Void = { _ in }, _ body: (PackageFacts) throws -> Void
    ) throws {
        let reader = try StanzaReader(path: path)
        let shown = displayPath ?? path
        while let stanza = try reader.nextStanza() {
            guard let name = stanza.nonEmpty("Package") ?? stanza.nonEmpty("Source") else {
                problem("\(shown): stanza at offset \(stanza.offset) has no Package field")
                continue
            }
            var facts = PackageFacts(
                debianStanza: stanza, kind: .source, name: name,
                artifact: Artifact(path: shown, format: "sources-index")
            )
            if let directory = stanza.nonEmpty("Directory") {
                // The .dsc is `name_version.dsc`, the version without its epoch.
                facts.artifact.entryPath = "\(directory)/\(name)_\(DebianVersion(facts.version).withoutEpoch).dsc"
            }
            facts.repository = repository
            try body(facts)
        }
    }
}
