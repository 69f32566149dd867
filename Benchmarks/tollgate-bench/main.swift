import Foundation
import TollgateKit

// Benchmarks that print their figures (never timed tests). Each measures Tollgate beside a baseline run in the same
// invocation, alternating runs, and reports ratios. Run `swift run -c release tollgate-bench help`.

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    Bench.usage()
    exit(64)
}
do {
    switch command {
    case "fetch-bookworm": try BookwormLists.fetch(into: arguments.dropFirst().first ?? BookwormLists.defaultDirectory)
    case "read-indexes": try ReadIndexesBenchmark.run(Array(arguments.dropFirst()))
    case "child-read-indexes": try ReadIndexesBenchmark.child(Array(arguments.dropFirst()))
    case "evaluate": try EvaluateBenchmark.run(Array(arguments.dropFirst()))
    case "ingest": try IngestBenchmark.run(Array(arguments.dropFirst()))
    case "drift": try DriftBenchmark.run(Array(arguments.dropFirst()))
    case "gate": try GateBenchmark.run(Array(arguments.dropFirst()))
    case "report": try ReportBenchmark.run(Array(arguments.dropFirst()))
    case "rule-costs": try RuleCostProbe.run(Array(arguments.dropFirst()))
    case "child-evaluate": try EvaluateBenchmark.child(Array(arguments.dropFirst()))
    case "help", "--help", "-h": Bench.usage()
    default:
        Bench.usage()
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("tollgate-bench: error: \(error)\n".utf8))
    exit(2)
}
