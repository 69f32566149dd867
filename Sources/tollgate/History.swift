import ArgumentParser
import TollgateCore
import TollgateKit

extension Ecosystem: ExpressibleByArgument {}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record releases in the history database, and show a package's timeline.",
        subcommands: [Ingest.self, Show.self]
    )

    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record each observed release once (by content digest), with its verified signers.",
            discussion: """
                Takes artefacts (.dsc, .changes, .deb, .rpm, upstream tarballs NAME-VERSION.tar.* with a .sig/.asc/ \
                .sign beside them, saved git tag objects *.tag), repositories and directories, and git repositories \
                (--git, every tag through libgit2). Signatures are verified against the --keyring files; only a \
                verified signature names a signer. Full changelogs are recorded as older observations. A release \
                seen again in a file that says more of it (its .dsc after its Sources entry, or with --keyring after \
                it was recorded unverified) has its row completed, never overwritten with less.

                \(ExitStatus.recordingDocumentation)
                """
        )

        @Argument(help: "Artefacts, repositories or directories.")
        var paths: [String] = []

        @Option(name: .customLong("git"), help: "A local git repository whose tags to record (repeatable).")
        var gitRepositories: [String] = []

        @Option(help: "Release name, for tarballs and tags whose file name does not say it.")
        var name: String?

        @Option(help: "Release version, for a tarball whose file name does not say it.")
        var version: String?

        @OptionGroup var history: HistoryArguments

        func validate() throws {
            if paths.isEmpty && gitRepositories.isEmpty {
                throw ValidationError("give artefacts, directories or --git")
            }
        }

        func run() throws {
            let status = Commands.historyIngest(
                paths: paths, gitRepositories: gitRepositories, name: name, version: version, options: history.run
            )
            if status != .ok { try fail(with: status) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a package's timeline: versions, dates, maintainers, signers, and where they change.")

        @Argument(help: "Package name.")
        var name: String

        @Option(help: "Only this ecosystem (debian, rpm, upstream).")
        var ecosystem: Ecosystem?

        @OptionGroup var history: HistoryArguments

        func run() throws {
            let status = Commands.historyShow(name: name, ecosystem: ecosystem, options: history.run)
            if status != .ok { try fail(with: status) }
        }
    }
}

/// `--db` and `--keyring`, for history commands.
struct HistoryArguments: ParsableArguments {
    @Option(help: "History database (default: $XDG_STATE_HOME/tollgate/history.sqlite).")
    var db: String?

    @Option(
        name: .customLong("keyring"),
        help:
            "A keyring file, or a directory of key files, to verify signatures against (repeatable). Without any, only a source package's own debian/upstream/signing-key verifies its upstream tarball."
    )
    var keyrings: [String] = []

    var run: Commands.RunOptions {
        var options = Commands.RunOptions()
        options.keyrings = keyrings
        options.database = db
        return options
    }
}
