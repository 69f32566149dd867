import ArgumentParser
import TollgateKit

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Judge whole repositories, keep the run in the history, and write JSON, SARIF, HTML and Markdown reports.",
        discussion: """
            REPO is a Debian repository (dists/ + pool/), a mirror's or apt's lists directory (InRelease, \
            Packages, Sources), an RPM repository (repodata/), or any directory of packages. Every release is \
            recorded in the history (--db, by default the configured one, else $XDG_STATE_HOME/tollgate/history.sqlite); \
            the run (time, profile, every package's score and decision) too, so that the report compares with the \
            previous run (new, removed, riskier, less risky, decisions changed) and lists signer and maintainer \
            changes since --since. Writes report.json (schema tollgate-report/1), report.sarif, report.html (one \
            self-contained page) and report.md into --out. Meant for a systemd timer or cron: see docs/report.md.

            \(Commands.reportStatusDocumentation)
            """
    )

    @Argument(help: "Repositories or directories.")
    var repositories: [String]

    @Option(name: .customLong("out"), help: "Directory to write the report into.")
    var output: String = "tollgate-report"

    @Option(help: "How far back signer and maintainer changes are listed: 30d, 12w, 6m, 1y.")
    var since: String = "30d"

    @Option(
        help: ArgumentHelp(
            "How many of the latest runs over the same inputs keep every package's score and decision in the history.",
            discussion:
                "The latest run that read all its inputs keeps them too. Older runs keep their totals (the trend), their flagged packages and the changes they saw; a whole archive's list takes megabytes per run.",
            valueName: "N"))
    var keepPackageLists: Int = Commands.ReportOptions().keepPackageLists

    @OptionGroup var gate: GateArguments

    func validate() throws {
        if Commands.period(since) == nil {
            throw ValidationError(
                "--since must be a number and h, d, w, m or y (30d), at most 100 years, not '\(since)'")
        }
        if gate.failOnWarn {
            throw ValidationError("--fail-on-warn is for gates: a report exits 0 whatever it finds (see --help)")
        }
        if keepPackageLists < 1 {
            throw ValidationError("--keep-package-lists must be at least 1 (the next run compares with the latest)")
        }
    }

    func run() throws {
        var options = Commands.ReportOptions()
        options.gate = gate.options
        options.output = output
        options.since = since
        options.keepPackageLists = keepPackageLists
        let status = Commands.report(paths: repositories, options: options)
        if status != .ok { try fail(with: status) }
    }
}
