import Foundation
import TollgateCore
import TollgateDrift
import TollgateHistory
import TollgatePolicy

/// What a gate runs with: the configuration file (`--config`, `$TOLLGATE_CONFIG`, `/etc/tollgate/config.yaml`),
/// with command-line options taking precedence.
public struct GateOptions: Sendable {
    public var configPath: String?
    public var policies: String?
    public var profile: String?
    public var waivers: [String] = []
    public var database: String?
    public var noHistory = false
    public var keyrings: [String] = []
    public var m4Database: String?
    public var now: Date?
    public var failOnWarn: Bool?
    /// Fact documents (a JSON file, `-` for standard input) to judge instead of artefacts: a metadata-only check.
    public var factsInput: String?
    /// A directory to find artefacts in by base name when the path given does not exist (dnf5's cache).
    public var locateIn: String?
    /// The artefacts are one transaction (a dnf plugin's): when one is blocked or unreadable nothing goes through,
    /// so nothing is recorded in the history.
    public var transaction = false
    /// Creates options that defer to the configuration.
    public init() {}
}

/// A gate's loaded settings: policies, keys, history, macro database, and what to do on warn and on error.
struct GateSettings {
    var configuration: Configuration
    var context: PolicyContext
    var checker: SignatureChecker?
    var history: HistoryStore?
    var m4Database: M4Database?
    var failOnWarn: Bool

    /// Why a gate could not be set up (it then decides by `on_error`).
    struct Failure: Error {
        var reason: String
        var onError: String
    }

    /// The configuration file a run reads, if any.
    static func configurationPath(_ options: GateOptions) -> String? {
        if let path = options.configPath { return path }
        if let path = ProcessInfo.processInfo.environment["TOLLGATE_CONFIG"], !path.isEmpty { return path }
        return FileManager.default.fileExists(atPath: Configuration.systemPath) ? Configuration.systemPath : nil
    }

    /// Loads everything; failures carry the configured `on_error` (deny when the configuration itself failed).
    static func load(_ options: GateOptions) -> Result<GateSettings, Failure> {
        var configuration = Configuration()
        if let path = configurationPath(options) {
            if let problem = SecureFiles.problem(with: path) {
                return .failure(Failure(reason: problem, onError: "deny"))
            }
            do {
                configuration = try Configuration.load(path: path)
            } catch {
                return .failure(Failure(reason: "\(error)", onError: "deny"))
            }
        }
        let onError = configuration.onError
        func fail(_ reason: String) -> Result<GateSettings, Failure> {
            .failure(Failure(reason: reason, onError: onError))
        }
        var policyOptions = PolicyContext.Options()
        policyOptions.directory = options.policies ?? configuration.policies
        policyOptions.profile = options.profile ?? configuration.profile ?? "default"
        policyOptions.waiverFiles = configuration.waivers + options.waivers
        policyOptions.now = options.now
        let directory = policyOptions.directory ?? PolicyContext.locate()
        for path in (directory.map { [$0] } ?? []) + policyOptions.waiverFiles {
            if let problem = SecureFiles.problem(with: path) { return fail(problem) }
        }
        let context: PolicyContext
        do {
            context = try PolicyContext.load(policyOptions)
        } catch {
            return fail("\(error)")
        }
        // Keys decide whose signatures count, and the m4 database which macros are known-good: as much a part of
        // the judgement as the policies.
        for path in configuration.keyrings + options.keyrings
            + [options.m4Database ?? configuration.m4Database]
            .compactMap({ $0 })
        {
            if let problem = SecureFiles.problem(with: path) { return fail(problem) }
        }
        var checker: SignatureChecker?
        do {
            checker = try SignatureChecker(
                keyringFiles: try Commands.keyringFiles(configuration.keyrings + options.keyrings),
                now: context.engine.now)
        } catch {
            return fail("\(error)")
        }
        var history: HistoryStore?
        if !options.noHistory, let given = options.database ?? configuration.database {
            // As root, the database is opened where it was checked, with no link left to follow.
            let (path, problem) = SecureFiles.historyProblem(with: given)
            if let problem { return fail(problem) }
            let isNew = !FileManager.default.fileExists(atPath: path)
            do {
                history = try HistoryStore(path: path, comparators: .native)
            } catch {
                return fail("\(error)")
            }
            // A gate records what it lets through, so it may start a history; but a mistyped path must not pass
            // unnoticed for one that says every package has no past.
            if isNew {
                Terminal.err(
                    "tollgate: note: \(path): a new, empty history database; nothing is known of earlier releases "
                        + "until they are recorded")
            }
        }
        var m4: M4Database?
        if let path = options.m4Database ?? configuration.m4Database {
            do {
                m4 = try M4Database.load(path: path)
            } catch {
                return fail("\(error)")
            }
        }
        return .success(
            GateSettings(
                configuration: configuration, context: context, checker: checker, history: history, m4Database: m4,
                failOnWarn: options.failOnWarn ?? configuration.failOnWarn || context.engine.profile.failOnWarn))
    }
}
