import ArgumentParser
import TollgateKit

struct Facts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the fact documents of artefacts as JSON.",
        discussion: """
            Reads .deb, .dsc, .changes, .rpm and .src.rpm files, Packages and Sources indexes (plain or \
            compressed), Release/InRelease files and repodata/repomd.xml, and prints one JSON array of fact \
            documents. The fields are documented in docs/facts.md.

            \(ExitStatus.documentation)
            """
    )

    @Argument(help: "Artefacts to read.")
    var artifacts: [String]

    func validate() throws {
        if artifacts.isEmpty { throw ValidationError("give at least one artefact") }
    }

    func run() throws {
        let status = Commands.facts(paths: artifacts)
        if status != .ok { try fail(with: status) }
    }
}
