import ArgumentParser
import TollgateKit

struct Facts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the fact documents of artefacts as JSON.",
        discussion: """
            Reads .deb, .dsc, .changes, .rpm and .src.rpm files, upstream tarballs, Packages and Sources \
            indexes (plain or compressed), Release/InRelease files and repodata/repomd.xml, and prints one JSON \
            array of fact documents. The fields are documented in docs/facts.md. A source package's or \
            tarball's document carries what its tarballs hold (`integrity`, as `gate` reads it). Each document \
            is judged by the policies (default profile) and carries its score, decision and findings under \
            `verdict`.

            \(ExitStatus.documentation)
            """
    )

    @Argument(help: "Artefacts to read.")
    var artifacts: [String]

    @OptionGroup var policy: PolicyArguments

    func validate() throws {
        if artifacts.isEmpty { throw ValidationError("give at least one artefact") }
    }

    func run() throws {
        let status = Commands.facts(paths: artifacts, judging: policy.judging, options: policy.run)
        if status != .ok { try fail(with: status) }
    }
}
