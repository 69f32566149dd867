import Foundation
import TollgateCore
import TollgateHistory
import TollgateSource

/// The work behind `tollgate history …`.
extension Commands {
    /// `tollgate history ingest`: reads artefacts, repositories and git repositories, verifies their signatures and
    /// records each release once.
    public static func historyIngest(
        paths: [String], gitRepositories: [String], name: String?, version: String?, options: RunOptions
    ) -> ExitStatus {
        let checker: SignatureChecker?
        switch Self.checker(options) {
        case .success(let c): checker = c
        case .failure(let status): return status
        }
        let path = options.database ?? HistoryStore.defaultPath
        let store: HistoryStore
        do {
            store = try HistoryStore(path: path, comparators: .native)
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .inputError
        }
        // Releases are verified and recorded as they are read, in batches, so a large repository is never held
        // whole and an interrupted ingest keeps what it had recorded. A release already recorded is not verified
        // again.
        let ingester: HistoryStore.Ingester
        do {
            ingester = try store.ingester()
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .inputError
        }
        var problems: [Problem] = []
        var failure: HistoryError?
        let progress = ProgressLine()
        func add(_ documents: [PackageFacts]) {
            for facts in documents where failure == nil {
                do {
                    try ingester.add(facts) {
                        checker?.check(&$0)
                        attachTarballContents(&$0)
                    }
                } catch {
                    failure = error
                }
            }
        }
        for input in paths where failure == nil {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                problems.append(Problem(path: input, reason: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                Scanner(
                    progress: { progress.update($0) }, report: { problems.append($0) },
                    emit: {
                        progress.tick()
                        add([$0])
                    }
                ).scan([input])
                continue
            }
            do {
                if ArtifactType.detect(path: input) == .tarball || (name != nil && version != nil) {
                    add([try UpstreamTarballReader.read(path: input, name: name, version: version)])
                } else if ArtifactType.detect(path: input) == .gitTag {
                    add([try GitTagReader.read(path: input, name: name)])
                } else {
                    try ArtifactReader.read(path: input) { document in
                        if let package = document.package { add([package]) }
                    }
                }
            } catch {
                problems.append(ArtifactReader.problem(error, path: input))
            }
        }
        for repository in gitRepositories where failure == nil {
            do {
                add(try GitRepository(path: repository).releases(name: name))
            } catch {
                problems.append(ArtifactReader.problem(error, path: repository))
            }
        }
        if failure == nil {
            do {
                try ingester.flush()
            } catch {
                failure = error
            }
        }
        progress.finish()
        let summary = ingester.summary
        if let failure {
            Terminal.err("tollgate: error: \(failure)")
            return .inputError
        }
        Terminal.out(
            "\(path): \(summary.added) release(s) added, \(summary.known) already known, "
                + (summary.completed > 0 ? "\(summary.completed) of them completed, " : "")
                + "\(summary.changelogEntries) changelog entr\(summary.changelogEntries == 1 ? "y" : "ies") recorded\n"
        )
        for problem in problems { Terminal.err("tollgate: error: \(problem)") }
        return problems.isEmpty ? .ok : .inputError
    }

    /// `tollgate history show NAME`: the package's timeline, marking where maintainers and signers change.
    public static func historyShow(name: String, ecosystem: Ecosystem?, options: RunOptions) -> ExitStatus {
        let path = options.database ?? HistoryStore.defaultPath
        let entries: [HistoryStore.TimelineEntry]
        do {
            entries = try HistoryStore.existing(path: path, comparators: .native).timeline(
                name: name, ecosystem: ecosystem)
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .inputError
        }
        guard !entries.isEmpty else {
            Terminal.err("tollgate: error: no release of '\(name)' in \(path)")
            return .inputError
        }
        let width = max(7, entries.map { $0.version.count }.max() ?? 0) + 2
        var lines = [
            "ECOSYSTEM  SEEN IN         " + "VERSION".padding(toLength: width)
                + "DATE        MAINTAINER / PACKAGER / TAGGER             SIGNERS"
        ]
        var lastResponsible: [String: String] = [:]
        var lastSigner: [String: String] = [:]
        for e in entries {
            var notes: [String] = []
            let who = e.responsible ?? "-"
            // Changes are marked within one history: Debian's binaries apart from its sources.
            let history = e.ecosystem + "/" + PackageNamespace.of(ecosystem: e.ecosystem, kind: e.kind)
            // A release recorded after a newer one is shown where its version puts it, but the changes it would
            // mark (and those the next release would mark against it) are not its to tell.
            if e.outOfOrder { notes.append("recorded after a newer version: not history for releases above that") }
            if let responsible = e.responsible, !e.outOfOrder {
                if let previous = lastResponsible[history], previous != responsible {
                    notes.append("maintainer changed")
                }
                lastResponsible[history] = responsible
            }
            var signers: [String] = []
            for role in ["package", "upstream", "tag"] {
                guard let signer = e.signers[role] else { continue }
                let short = signer.count == 40 ? String(signer.suffix(16)) : signer
                signers.append("\(role)=\(short)")
                let key = history + role
                if signer.count >= 16, !e.outOfOrder {
                    if let previous = lastSigner[key], previous != signer { notes.append("new \(role) signer") }
                    lastSigner[key] = signer
                }
            }
            let date = e.date.map { RFC3339.day(from: $0) } ?? "-"
            var line =
                e.ecosystem.padding(toLength: 11) + e.origin.padding(toLength: 16) + e.version.padding(toLength: width)
                + date.padding(toLength: 12)
            let people =
                e.responsible == nil
                ? e.changedBy ?? "-" : e.changedBy.map { $0 == who ? who : "\(who) / \($0)" } ?? who
            line +=
                (people.count > 42 ? String(people.prefix(41)) + "…" : people).padding(toLength: 43)
                + signers.joined(separator: " ")
            if !notes.isEmpty { line += "   ← " + notes.joined(separator: ", ") }
            lines.append(line)
        }
        // Names, versions and people come from package metadata: escape sequences must not reach the terminal (a
        // maintainer written `\e[8m` would hide the rest of its line, "maintainer changed" included).
        Terminal.out(lines.map(\.terminalSafe).joined(separator: "\n") + "\n")
        return .ok
    }
}
