import ArgumentParser
import TollgateKit

extension Commands.Format: ExpressibleByArgument {}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Walk repositories and directories and list the packages found.",
        discussion: """
            PATH may be a Debian repository (dists/ and pool/), a flat Debian repository (Packages beside the \
            files), an RPM repository (repodata/), a directory of loose artefacts, or a single artefact. Every \
            artefact that cannot be read gets one line on standard error naming the file and the reason; the \
            others are still read and reported. A progress line is drawn on a terminal only.

            \(ExitStatus.documentation)
            """
    )

    @Argument(help: "Repositories, directories or artefacts to scan.")
    var paths: [String]

    @Option(help: "Output format: table or json.")
    var format: Commands.Format = .table

    @Flag(help: "Read index entries only, not the package files they point to.")
    var indexOnly = false

    @OptionGroup var policy: PolicyArguments

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one path") }
    }

    func run() throws {
        let status = Commands.scan(
            paths: paths, format: format, deep: !indexOnly, judging: policy.judging, options: policy.run)
        if status != .ok { try fail(with: status) }
    }
}
