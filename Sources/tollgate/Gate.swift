import ArgumentParser
import Foundation
import TollgateKit

extension Commands.GateFormat: ExpressibleByArgument {}
extension Hooks.Target: ExpressibleByArgument {}

/// Options of the gating commands; each overrides the configuration file.
struct GateArguments: ParsableArguments {
    @Option(help: "Configuration file (default: $TOLLGATE_CONFIG, else /etc/tollgate/config.yaml when it exists).")
    var config: String?

    @Option(help: "Policy directory.")
    var policies: String?

    @Option(help: "Profile of the policy directory.")
    var profile: String?

    @Option(name: .customLong("waivers"), help: "A waiver file, in addition to the configured ones (repeatable).")
    var waiverFiles: [String] = []

    @Option(help: "The time policies see as now (RFC 3339 or YYYY-MM-DD).")
    var now: String?

    @Option(
        name: .customLong("keyring"),
        help: "A keyring file or directory, in addition to the configured ones (repeatable).")
    var keyrings: [String] = []

    @Option(
        help: ArgumentHelp(
            "History database (default: the configured one; when none is, a gate keeps no history and a report uses "
                + "$XDG_STATE_HOME/tollgate/history.sqlite)."))
    var db: String?

    @Flag(help: "Do not consult or update any history database.")
    var noHistory = false

    @Option(name: .customLong("m4db"), help: "The known-good m4 database.")
    var m4Database: String?

    @Flag(help: "A warn blocks like a deny (exit 3). For gates: a report refuses it.")
    var failOnWarn = false

    func validate() throws {
        if let now, PolicyArguments.date(now) == nil {
            throw ValidationError("--now must be RFC 3339 or YYYY-MM-DD, not '\(now)'")
        }
    }

    var options: GateOptions {
        var o = GateOptions()
        o.configPath = config
        o.policies = policies
        o.profile = profile
        o.waivers = waiverFiles
        o.now = now.flatMap(PolicyArguments.date)
        o.keyrings = keyrings
        o.database = db
        o.noHistory = noHistory
        o.m4Database = m4Database
        o.failOnWarn = failOnWarn ? true : nil
        return o
    }
}

struct Gate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check uploads and packages before publishing them.",
        discussion: """
            ARTIFACT is a .changes (its signature, every listed file present with its listed checksums, the .changes \
            and its .dsc signed by the same key, and the verdict of everything it carries), a .dsc (with its \
            tarballs' contents), a .deb, an .rpm or .src.rpm, or a directory of them (an incoming queue). One line \
            per package — decision, score, strongest findings — then the totals; --format json or sarif for tools. \
            With a history database, the releases let through are recorded in it, and the run with every verdict.

            \(Commands.gateStatusDocumentation)
            """
    )

    @Argument(help: "Artefacts or directories.")
    var artifacts: [String] = []

    @Option(help: "Output: table, json or sarif.")
    var format: Commands.GateFormat = .table

    @Option(
        name: .customLong("facts"),
        help: "Judge fact documents from this JSON file (- for standard input) instead: a metadata-only check.")
    var factsInput: String?

    @Option(
        name: .customLong("locate-in"),
        help: "Find an ARTIFACT that does not exist by its base name under this directory.")
    var locateIn: String?

    @Flag(
        help: """
            The artefacts are one transaction (the dnf plugin's): when one is blocked or cannot be read, nothing is \
            recorded in the history, since nothing is installed.
            """)
    var transaction = false

    @OptionGroup var gate: GateArguments

    func validate() throws {
        if artifacts.isEmpty && factsInput == nil { throw ValidationError("give artefacts, directories or --facts") }
        if factsInput != nil && !artifacts.isEmpty {
            throw ValidationError("give artefacts or --facts, not both: with --facts, nothing else is judged")
        }
        // A SARIF result points at the file it was found in; fact documents have none.
        if factsInput != nil && format == .sarif {
            throw ValidationError("--format sarif needs package files; with --facts, say --format json or table")
        }
    }

    func run() throws {
        var options = gate.options
        options.factsInput = factsInput
        options.locateIn = locateIn
        options.transaction = transaction
        let status = Commands.gate(paths: artifacts, format: format, options: options)
        if status != .ok { try fail(with: status) }
    }
}

struct AptHook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apt-hook",
        abstract: "apt's DPkg::Pre-Install-Pkgs command: judge every .deb apt is about to unpack.",
        discussion: """
            Reads apt's hook protocol (versions 1 to 3; version 3 with InfoFD 3 is what `tollgate hooks install \
            apt` configures) from the descriptor in APT_HOOK_INFO_FD, else standard input — all of it before \
            anything else. Removals and configure steps are not judged. A denial exits non-zero, which makes apt \
            abort the whole transaction before dpkg runs; the message names each blocked package, its score, its \
            strongest findings and how to waive it.

            \(Commands.gateStatusDocumentation)
            """
    )

    @OptionGroup var gate: GateArguments

    func run() throws {
        let status = Commands.aptHook(options: gate.options)
        if status != .ok { try fail(with: status) }
    }
}

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Show or install the apt, dnf and dnf5 integrations.",
        subcommands: [Show.self, Install.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the files of an integration.")

        @Argument(help: "apt, dnf or dnf5.")
        var target: Hooks.Target

        @Option(help: "The tollgate executable the integration calls.")
        var binary: String = Hooks.defaultBinary

        @Argument(parsing: .postTerminator, help: "After --: arguments for every call (for example -- --config FILE).")
        var arguments: [String] = []

        func run() throws {
            do {
                try Hooks.validate(binary: binary, arguments: arguments)
            } catch {
                Terminal.err("tollgate: error: \(error)")
                throw ExitCode(ExitStatus.inputError.rawValue)
            }
            for file in Hooks.files(target, binary: binary, arguments: arguments) {
                Terminal.out("==> /\(file.path) <==\n" + file.contents)
            }
        }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the files of an integration.")

        @Argument(help: "apt, dnf or dnf5.")
        var target: Hooks.Target

        @Option(help: "The root to install under.")
        var root: String = "/"

        @Option(help: "The tollgate executable the integration calls.")
        var binary: String = Hooks.defaultBinary

        @Argument(parsing: .postTerminator, help: "After --: arguments for every call (for example -- --config FILE).")
        var arguments: [String] = []

        @Flag(help: "Replace existing files with other contents.")
        var force = false

        func run() throws {
            do {
                for path in try Hooks.install(target, root: root, binary: binary, arguments: arguments, force: force) {
                    Terminal.out(path + "\n")
                }
            } catch {
                FileHandle.standardError.write(Data("tollgate: error: \(error)\n".utf8))
                throw ExitCode(ExitStatus.inputError.rawValue)
            }
        }
    }
}
