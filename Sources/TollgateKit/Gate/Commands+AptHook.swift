import Foundation
import TollgateCore

/// `tollgate apt-hook`: apt's `DPkg::Pre-Install-Pkgs` command.
extension Commands {
    /// Reads apt's hook input (all of it, first: apt blocks on a full pipe), judges every `.deb` being unpacked,
    /// and exits non-zero — which makes apt abort the whole transaction before dpkg runs — when one is denied (or
    /// warned about, with fail_on_warn), when one cannot be read, or when Tollgate cannot judge and on_error is
    /// deny.
    public static func aptHook(options: GateOptions) -> ExitStatus {
        let environment = ProcessInfo.processInfo.environment
        let fd = environment["APT_HOOK_INFO_FD"].flatMap(Int32.init) ?? 0
        guard let bytes = readToEnd(fd) else {
            let reason = "cannot read apt's hook input (descriptor \(fd)): \(String(cString: strerror(errno)))"
            return cannotJudge(GateSettings.Failure(reason: reason, onError: "deny"))
        }
        let input: AptHookInput
        do {
            input = try AptHookInput.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            return cannotJudge(GateSettings.Failure(reason: "\(error)", onError: "deny"))
        }
        let debs = input.debs
        guard !debs.isEmpty else { return .ok }
        let settings: GateSettings
        switch GateSettings.load(options) {
        case .success(let s): settings = s
        case .failure(let failure): return cannotJudge(failure)
        }
        var run = GateRun(settings: settings)
        run.run(debs)
        if let failure = run.failure { return cannotJudge(failure) }
        for problem in run.problems { Terminal.err("tollgate: error: \(problem)") }
        let blocked = run.judged.filter { !run.admits($0.verdict) }
        // A package, its file, its score and its strongest findings, a line each.
        func say(_ what: String, _ facts: PackageFacts, _ verdict: Verdict, _ why: String) {
            Terminal.err(
                "tollgate: \(what) \(facts.name.terminalSafe) \(facts.version.terminalSafe) (\(facts.artifact.path.terminalSafe)): score \(verdict.score), \(verdict.decision.rawValue)\(why)"
            )
            for finding in verdict.findings.prefix(3) {
                Terminal.err(
                    "tollgate:   \(finding.ruleID) (\(finding.severity.rawValue), \(finding.weight)): \(finding.message.terminalSafe)"
                )
            }
        }
        // A warning lets a package through, but the person installing it is told why it was warned about.
        for (facts, verdict) in run.judged where verdict.decision == .warn && run.admits(verdict) {
            say("warning:", facts, verdict, "")
        }
        for (facts, verdict) in blocked {
            say("blocked", facts, verdict, " (\(verdict.reason))")
            let waivable = verdict.findings.filter { finding in
                settings.context.engine.policy.rules.first { $0.id == finding.ruleID }?.waivable ?? true
            }.map(\.ruleID)
            if waivable.isEmpty {
                Terminal.err(
                    "tollgate:   this cannot be waived (\(verdict.findings.map(\.ruleID).joined(separator: ", ")) is not waivable)"
                )
            } else {
                Terminal.err(
                    "tollgate:   to install it anyway, add a waiver (rules: [\(waivable.joined(separator: ", "))], package: \(facts.name.terminalSafe), "
                        + "versions: \"= \(facts.version)\", reason, ticket, approved_by, expires) to a waiver file the "
                        + "configuration lists; `tollgate explain RULE` says what each rule means")
            }
        }
        let allowed = run.judged.count - blocked.count
        if blocked.isEmpty && run.problems.isEmpty {
            Terminal.err("tollgate: \(allowed) package(s) checked, none blocked")
        } else {
            Terminal.err(
                "tollgate: \(blocked.count) of \(run.judged.count) package(s) blocked; apt will not install anything")
        }
        do {
            try run.record(sources: debs, nothingWentThrough: run.stoppedAny)
        } catch {
            Terminal.err("tollgate: warning: the history was not updated: \(error)")
        }
        return run.status()
    }

    /// Reads a descriptor to its end, retrying interrupted reads; nil when a read fails (a closed descriptor, a
    /// directory): input that cannot be read whole is no input to judge by.
    static func readToEnd(_ fd: Int32) -> [UInt8]? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                data += buffer[0..<n]
            } else if n == 0 {
                return data
            } else if errno != EINTR {
                return nil
            }
        }
    }
}
