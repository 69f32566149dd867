import TollgateCore

/// Reads `Packages` and `Sources` indexes (plain or compressed) into fact documents, one stanza at a time.
public enum DebianIndexReader {
    /// Calls `body` with the document of every stanza of a `Packages` index; stanzas without a `Package` field are
    /// reported through `problem` and skipped. Throws only when the file itself cannot be read.
    public static func readPackages(
        path: String, displayPath: String? = nil, repository: RepositoryRef? = nil,
        problem: (String) -> Void = { _ in }, _ body: (PackageFacts) throws -> Void
    ) throws {
        let file = try TagFile(path: path)
        let shown = displayPath ?? path
        while try file.next() {
            let stanza = file.stanza
            guard let name = stanza.nonEmpty("Package") else {
                problem("\(shown): stanza at offset \(file.offset) has no Package field")
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
        let file = try TagFile(path: path)
        let shown = displayPath ?? path
        while try file.next() {
            let stanza = file.stanza
            guard let name = stanza.nonEmpty("Package") ?? stanza.nonEmpty("Source") else {
                problem("\(shown): stanza at offset \(file.offset) has no Package field")
                continue
            }
            var facts = PackageFacts(
                debianStanza: stanza, kind: .source, name: name,
                artifact: Artifact(path: shown, format: "sources-index")
            )
            facts.applySourceFields(stanza)
            if let directory = stanza.nonEmpty("Directory"), let dsc = facts.sourceFiles?.first(where: { $0.role == "dsc" }) {
                facts.artifact.entryPath = directory + "/" + dsc.name
            }
            facts.repository = repository
            try body(facts)
        }
    }
}

extension PackageFacts {
    /// Fills the fields only source stanzas (`.dsc`, `Sources`) carry.
    mutating func applySourceFields(_ stanza: Stanza) {
        binaries = stanza["Binary"].map { $0.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty } }
            ?? []
        uploaders = stanza["Uploaders"].map(Person.list(parsing:)) ?? []
        sourceFiles = SourceFileList.read(stanza, isChanges: false)
        debian?.sourceFormat = stanza.nonEmpty("Format")
    }
}
