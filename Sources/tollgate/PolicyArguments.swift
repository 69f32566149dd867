import ArgumentParser
import Foundation
import TollgateCore
import TollgateKit

/// The options every judging command shares.
struct PolicyArguments: ParsableArguments {
    @Option(help: "Policy directory (default: $TOLLGATE_POLICIES, /etc/tollgate/policies, or the bundled policies/).")
    var policies: String?

    @Option(help: "Profile of the policy directory to judge with.")
    var profile: String = "default"

    @Option(name: .customLong("waivers"), help: "A waiver file (repeatable).")
    var waiverFiles: [String] = []

    @Option(help: "The time policies see as now (RFC 3339 or YYYY-MM-DD), for reproducible runs.")
    var now: String?

    @Flag(help: "Read only; do not judge with policies.")
    var noPolicy = false

    @Option(
        name: .customLong("keyring"),
        help:
            "A keyring file (armored or binary), or a directory of key files, to verify signatures against (repeatable). Without any, only a source package's own debian/upstream/signing-key verifies its upstream tarball."
    )
    var keyrings: [String] = []

    @Option(
        help:
            "History database to read; it must exist (default: $XDG_STATE_HOME/tollgate/history.sqlite, when it exists)."
    )
    var db: String?

    @Flag(help: "Do not consult any history database.")
    var noHistory = false

    var run: Commands.RunOptions {
        var options = Commands.RunOptions()
        options.keyrings = keyrings
        options.database = db
        options.noHistory = noHistory
        return options
    }

    func validate() throws {
        if let now, Self.date(now) == nil {
            throw ValidationError("--now must be RFC 3339 or YYYY-MM-DD, not '\(now)'")
        }
    }

    static func date(_ text: String) -> Date? {
        if text.count == 10 { return RFC3339.date(from: text + "T00:00:00Z") }
        return RFC3339.date(from: text)
    }

    var judging: Commands.Judging {
        if noPolicy { return .off }
        var options = PolicyContext.Options()
        options.directory = policies
        options.profile = profile
        options.waiverFiles = waiverFiles
        options.now = now.flatMap(Self.date)
        return .policies(options)
    }
}
