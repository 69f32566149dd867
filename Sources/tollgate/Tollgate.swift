import ArgumentParser
import TollgateKit

/// The `tollgate` command: argument parsing only; the work is in TollgateKit.
struct Tollgate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tollgate",
        abstract: "Judge Debian and RPM packages against their own history.",
        discussion: ExitStatus.documentation,
        version: TollgateVersion.string,
        subcommands: [
            Scan.self, Facts.self, ReportCommand.self, Gate.self, AptHook.self, HooksCommand.self, Drift.self,
            History.self,
            M4DB.self,
            Explain.self, Eval.self, Policy.self,
        ]
    )
}

/// Exits with a Tollgate status.
func fail(with status: ExitStatus) throws -> Never {
    throw ExitCode(status.rawValue)
}
