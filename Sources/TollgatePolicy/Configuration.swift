import Foundation
import TollgateCore

/// `/etc/tollgate/config.yaml`: what gates and hooks run with when no option says otherwise.
///
/// ```yaml
/// policies: /etc/tollgate/policies
/// profile: default
/// waivers: [/etc/tollgate/waivers.yaml]
/// database: /var/lib/tollgate/history.sqlite
/// keyrings: [/usr/share/keyrings/debian-archive-keyring.gpg]
/// m4_database: /var/lib/tollgate/m4db.tsv
/// on_error: deny          # what a gate does when Tollgate itself fails: deny (default) or allow
/// fail_on_warn: false     # whether a warn blocks like a deny at a gate
/// ```
public struct Configuration: Sendable, Equatable {
    /// The file it was read from (nil: built-in defaults).
    public var path: String?
    public var policies: String?
    public var profile: String?
    public var waivers: [String] = []
    public var database: String?
    public var keyrings: [String] = []
    public var m4Database: String?
    /// `deny` or `allow`: a gate's decision when Tollgate cannot judge (a bad policy, an unreadable database).
    public var onError: String = "deny"
    public var failOnWarn: Bool = false

    /// The built-in defaults.
    public init() {}

    /// The system-wide configuration file.
    public static let systemPath = "/etc/tollgate/config.yaml"

    static let keys: Set<String> = [
        "policies", "profile", "waivers", "database", "keyrings", "m4_database", "on_error", "fail_on_warn",
    ]

    /// Reads a configuration file strictly (unknown keys and wrong types are `path:line:col` errors). Relative paths
    /// are resolved against the file's directory.
    public static func load(path: String) throws(PolicyLoadError) -> Configuration {
        let sink = DiagnosticSink()
        let start = SourcePosition(file: path, line: 1, column: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PolicyLoadError(diagnostics: [SourceDiagnostic(start, "cannot read the configuration file")])
        }
        var configuration = Configuration()
        configuration.path = path
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text, file: path)
        } catch {
            throw PolicyLoadError(diagnostics: [error])
        }
        guard let root else { return configuration }
        guard let map = MappingReader(root, what: "the configuration", keys: keys, sink: sink) else {
            throw PolicyLoadError(diagnostics: sink.diagnostics)
        }
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") || base.isEmpty ? p : (base as NSString).appendingPathComponent(p)
        }
        configuration.policies = map.string("policies").map(resolve)
        configuration.profile = map.string("profile")
        configuration.waivers = (map.strings("waivers") ?? []).map { resolve($0.0) }
        configuration.database = map.string("database").map(resolve)
        configuration.keyrings = (map.strings("keyrings") ?? []).map { resolve($0.0) }
        configuration.m4Database = map.string("m4_database").map(resolve)
        if let onError = map.string("on_error") {
            if ["deny", "allow"].contains(onError) {
                configuration.onError = onError
            } else {
                sink.error(map.value("on_error")!.position, "on_error must be 'deny' or 'allow', not '\(onError)'")
            }
        }
        configuration.failOnWarn = map.bool("fail_on_warn") ?? false
        guard sink.isEmpty else { throw PolicyLoadError(diagnostics: sink.diagnostics) }
        return configuration
    }
}
