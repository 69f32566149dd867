import Foundation
import TollgateCore

/// The work behind `tollgate facts` and `tollgate scan`, kept out of the argument parser.
public enum Commands {
    /// Output formats.
    public enum Format: String, Sendable, CaseIterable {
        case table, json
    }

    /// `tollgate facts ARTIFACT…`: prints every document as a JSON array; problems go to standard error.
    public static func facts(paths: [String]) -> ExitStatus {
        var documents: [FactDocument] = []
        var problems: [Problem] = []
        for path in paths {
            do {
                documents += try ArtifactReader.read(path: path)
            } catch {
                problems.append(ArtifactReader.problem(error, path: path))
            }
        }
        Terminal.out(JSONWriter().string(.list(documents.map { .object($0.object) })) + "\n")
        for problem in problems { Terminal.err("tollgate: error: \(problem)") }
        return problems.isEmpty ? .ok : .inputError
    }

    /// `tollgate scan PATH…`: walks the paths and prints what it found.
    public static func scan(paths: [String], format: Format, deep: Bool) -> ExitStatus {
        var packages: [PackageFacts] = []
        var problems: [Problem] = []
        let progress = ProgressLine()
        var options = Scanner.Options()
        options.deep = deep
        let scanner = Scanner(
            options: options, progress: { progress.update($0) },
            report: { problems.append($0) },
            emit: { facts in
                progress.tick()
                packages.append(facts)
            }
        )
        scanner.scan(paths)
        progress.finish()
        switch format {
        case .table:
            Terminal.out(ScanTable().render(packages.map(ScanTable.cells)))
            Terminal.out("\(packages.count) package(s), \(problems.count) problem(s)\n")
        case .json:
            let problemValues = problems.map { p in
                FactValue.map([(key: "path", value: .string(p.path)), (key: "reason", value: .string(p.reason))])
            }
            let document = FactValue.map([
                (key: "packages", value: .list(packages.map { .object($0) })),
                (key: "problems", value: .list(problemValues)),
            ])
            Terminal.out(JSONWriter().string(document) + "\n")
        }
        for problem in problems { Terminal.err("tollgate: error: \(problem)") }
        return problems.isEmpty ? .ok : .inputError
    }
}
