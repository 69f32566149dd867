import ArgumentParser
import TollgateKit

struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Compare an upstream release tarball with its git tree; inspect its m4 macros, build scripts and test data.",
        discussion: """
            ARTIFACT is an upstream tarball (NAME-VERSION.tar.*, .zip), a Debian .dsc (its orig tarballs beside it, \
            and debian/rules from its packaging) or a source RPM (its Source tarballs, and its spec's build \
            sections). The tarball is streamed through libarchive and never extracted. The git side is a local \
            repository (--git, at --ref or the release's tag) or a saved `git ls-tree -r` listing (--git-tree). \
            The m4 macros are compared with known-good ones (--m4db; by default the database `tollgate m4db build` \
            wrote, else the macros of the installed autoconf, automake, libtool, gettext, autopoint, \
            autoconf-archive, gnulib and pkgconf). With a history (--db), test data new since the previous release \
            and macros other packages ship are known too.

            \(ExitStatus.documentation)
            """
    )

    @Argument(help: "Tarball, .dsc or .src.rpm.")
    var artifact: String

    @Option(name: .customLong("git"), help: "A local git repository of the upstream project.")
    var gitRepository: String?

    @Option(help: "The revision of --git to compare with (default: v$VERSION, $VERSION, $NAME-$VERSION).")
    var ref: String?

    @Option(name: .customLong("git-tree"), help: "A saved `git ls-tree -r` listing of the release's tree.")
    var gitTree: String?

    @Option(name: .customLong("m4db"), help: "The known-good m4 database (tollgate m4db build).")
    var m4Database: String?

    @Option(help: "Release name, for a tarball whose file name does not say it.")
    var name: String?

    @Option(help: "Release version, for a tarball whose file name does not say it.")
    var version: String?

    @Option(help: "Output: table (a summary) or json (the judged fact document).")
    var format: Commands.Format = .table

    @OptionGroup var policy: PolicyArguments

    func validate() throws {
        if gitRepository != nil && gitTree != nil { throw ValidationError("give --git or --git-tree, not both") }
        if ref != nil && gitRepository == nil { throw ValidationError("--ref needs --git") }
    }

    func run() throws {
        var options = Commands.DriftOptions()
        options.gitRepository = gitRepository
        options.ref = ref
        options.gitTree = gitTree
        options.m4Database = m4Database
        options.name = name
        options.version = version
        options.format = format
        let status = Commands.drift(path: artifact, drift: options, judging: policy.judging, options: policy.run)
        if status != .ok { try fail(with: status) }
    }
}

struct M4DB: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "m4db",
        abstract: "The database of known-good m4 macros.",
        subcommands: [Build.self]
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build it from the m4 files the installed packages ship (and autopoint's gettext archive).",
            discussion: ExitStatus.recordingDocumentation
        )

        @Option(help: "Where to write it (default: $XDG_STATE_HOME/tollgate/m4db.tsv).")
        var output: String?

        @Option(
            name: .customLong("package"),
            help:
                "A package to take macros from (repeatable; default: autoconf, automake, libtool, gettext, autopoint, autoconf-archive, gnulib, pkgconf, pkg-config)."
        )
        var packages: [String] = []

        func run() throws {
            let status = Commands.m4DatabaseBuild(output: output, packages: packages)
            if status != .ok { try fail(with: status) }
        }
    }
}
