import Foundation
import TollgateCore
import TollgateHistory
import TollgatePolicy

/// `tollgate report`: the periodic job.
extension Commands {
    /// Where a report goes and what period it looks back on.
    public struct ReportOptions: Sendable {
        public var gate = GateOptions()
        public var output: String = "tollgate-report"
        /// How far back signer and maintainer changes are listed (`30d`, `12w`, `6m`, `1y`).
        public var since: String = "30d"
        /// How many of the latest runs over the same inputs keep every package's score and decision (at least 1; the
        /// latest that read all its inputs keeps them too: see `HistoryStore.recordReport`).
        public var keepPackageLists: Int = HistoryStore.defaultKeptInventories
        /// Creates default options.
        public init() {}
    }

    /// The longest period a report looks back on: 100 years (the history holds nothing older, and a period whose
    /// start falls before year 1 has no RFC 3339 form).
    public static let longestPeriod: TimeInterval = 100 * 365 * 86_400

    /// `30d` → seconds; nil when it does not parse or exceeds `longestPeriod`.
    public static func period(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let n = Double(text.dropLast()), n >= 0, n.isFinite else { return nil }
        let seconds: TimeInterval
        switch unit {
        case "h": seconds = n * 3_600
        case "d": seconds = n * 86_400
        case "w": seconds = n * 7 * 86_400
        case "m": seconds = n * 30 * 86_400
        case "y": seconds = n * 365 * 86_400
        default: return nil
        }
        return seconds <= longestPeriod ? seconds : nil
    }

    public static let reportStatusDocumentation = """
        Exit status: 0 the report was written (whatever it found); 1 Tollgate could not judge (its policies, \
        configuration or history could not be loaded: no report is written, whatever on_error says); 2 an input \
        could not be read (the report is still written for the rest) or the output could not be written; 64 usage \
        error.
        """

    /// Ingests the repositories, judges every package, records the run in the history, and writes report.json,
    /// report.sarif, report.html and report.md to the output directory.
    public static func report(paths: [String], options: ReportOptions) -> ExitStatus {
        var gate = options.gate
        if gate.database == nil && !gate.noHistory {
            let configured = GateSettings.configurationPath(gate).flatMap { try? Configuration.load(path: $0) }
            if configured?.database == nil { gate.database = HistoryStore.defaultPath }
        }
        let settings: GateSettings
        switch GateSettings.load(gate) {
        case .success(let s): settings = s
        case .failure(let failure):
            // on_error decides what a gate lets through; a report that cannot judge writes nothing, and its timer
            // must hear so.
            printReason(failure)
            Terminal.err("tollgate: error: cannot judge; no report written")
            return .deny
        }
        let started = Date()
        var report: Report
        do {
            report = try collect(paths: paths, settings: settings, started: started, options: options)
        } catch {
            Terminal.err("tollgate: error: \(error)")
            return .inputError
        }
        do {
            try ReportWriter.write(report, context: settings.context, to: options.output)
        } catch {
            Terminal.err("tollgate: error: cannot write the report: \(Problem(path: options.output, error: error))")
            // A run nobody could read is not the one the next report says what changed since.
            if let id = report.runID, let history = settings.history {
                do {
                    try history.forgetRun(id)
                    Terminal.err("tollgate: the run was not kept in the history")
                } catch {
                    Terminal.err("tollgate: error: the run stays in the history: \(error)")
                }
            }
            return .inputError
        }
        for problem in report.problems { Terminal.err("tollgate: error: \(problem)") }
        warnUninspected(report.uninspected)
        settings.context.waiverNotes().forEach(Terminal.err)
        Terminal.out(ReportWriter.summaryLine(report, output: options.output))
        return report.problems.isEmpty ? .ok : .inputError
    }

    /// Two passes over the inputs, so that nothing is held but a summary per package: the first records every
    /// release in the history; the second judges each against the history — earlier runs and the earlier versions
    /// this run brought in (the analysis only looks at versions before the one judged).
    static func collect(paths: [String], settings: GateSettings, started: Date, options: ReportOptions) throws -> Report
    {
        let history = settings.history
        var problems: [Problem] = []
        var uninspected: [Problem] = []
        let progress = ProgressLine()
        // Input files unchanged since a report recorded all their releases are passed over in the recording pass
        // (they are still read and judged in the second).
        let keyring = settings.checker?.keyringIdentity ?? ""
        let unchanged = UnchangedFiles(recorded: try history?.recordedFiles(keyring: keyring) ?? [:])
        if let history {
            let ingester = try history.ingester()
            var failure: (any Error)?
            var options = Scanner.Options()
            options.passOver = { unchanged.passesOver($0) }
            var readFiles: [String] = []
            Scanner(
                options: options, progress: { progress.update($0) }, read: { readFiles.append($0) },
                report: { problems.append($0) },
                emit: { read in
                    guard failure == nil else { return }
                    do {
                        try ingester.add(read) { package in
                            settings.checker?.check(&package)
                            attachTarballContents(&package)
                        }
                    } catch {
                        failure = error
                    }
                }
            ).scan(paths)
            _ = try ingester.finish()
            if let failure { throw failure }
            try history.recordFiles(
                unchanged.stamps(of: readFiles, except: Set(problems.map(\.path))), keyring: keyring)
        }
        // The history loads while the first packages are read.
        let snapshot = Background { try history?.snapshot() }
        var historyFailure: HistoryError?
        let judge = ReportJudge(engine: settings.context.engine, snapshot: snapshot, time: started)
        Scanner(
            progress: { progress.update($0) },
            report: { problem in
                // With a history, the recording pass reported the problems — of the files it read.
                if history == nil || unchanged.passedOver(problem.path) { problems.append(problem) }
            },
            emit: { read in
                var package = read
                settings.checker?.check(&package)
                do throws(HistoryError) {
                    if let problem = try GateRun.inspectTarballs(
                        of: &package, path: package.artifact.path, database: settings.m4Database,
                        history: settings.history)
                    {
                        uninspected.append(problem)
                    }
                } catch {
                    historyFailure = historyFailure ?? error
                }
                progress.tick()
                judge.add(package)
            }
        ).scan(paths)
        progress.finish()
        let (judged, allEvents) = try judge.finish()
        // A report judged without the history it has is no report: say why, as for a history that cannot be loaded.
        if let error = historyFailure ?? judge.readFailure { throw error }
        // The previous run (a hundred thousand entries to parse) is read while this one is put together, and before
        // this one is recorded; the two are compared while this one is recorded.
        let unreadable = problems.map(\.path)
        let previousRun = Background { try history?.previousRun(sources: paths, problems: Set(unreadable)) }
        let inventory = judged.map {
            HistoryStore.InventoryEntry(
                ecosystem: $0.ecosystem.rawValue, kind: $0.kind.rawValue, name: $0.name, version: $0.version,
                format: $0.format, score: $0.verdict.score, decision: $0.verdict.decision.rawValue)
        }
        let profile = settings.context.engine.profile
        var report = Report(
            generated: started, profile: profile.name, thresholds: (profile.warn, profile.deny),
            sources: paths, since: started.addingTimeInterval(-(period(options.since) ?? 30 * 86_400)),
            sinceText: options.since, judged: judged, problems: problems)
        report.uninspected = uninspected
        report.renderingPackages()
        guard let history else { return report }
        let previous = try previousRun.value()
        let changes = Background {
            previous.map { Report.Changes(previous: $0.inventory, current: inventory, comparators: .native) }
        }
        // One event per package version and change, however many artefacts (.dsc, .changes, index entries) showed it.
        var seenEvents: Set<String> = []
        let events = allEvents.filter {
            seenEvents.insert("\($0.ecosystem)\u{0}\($0.name)\u{0}\($0.version)\u{0}\($0.kind)\u{0}\($0.detail)")
                .inserted
        }
        let flagged = judged.filter { $0.verdict.score > 0 || $0.verdict.decision != .allow }
            .map {
                HistoryStore.FlaggedResult(
                    ecosystem: $0.ecosystem.rawValue, kind: $0.kind.rawValue, name: $0.name, version: $0.version,
                    score: $0.verdict.score, decision: $0.verdict.decision.rawValue,
                    rules: $0.verdict.findings.map(\.ruleID))
            }
        report.runID = try history.recordReport(
            profile: profile.name, sources: paths, inventory: inventory, flagged: flagged, events: events,
            problems: unreadable, at: started, keepingInventories: options.keepPackageLists)
        if let previous, let changes = try changes.value() {
            report.previous = (previous.id, previous.time)
            report.changes = changes
        }
        report.events = try history.events(since: report.since)
        report.trend = try history.runSummaries()
        return report
    }
}
