import CEL
import Foundation
import TollgateCore
import TollgateDebian
import TollgateKit
import TollgatePolicy

/// `tollgate-bench rule-costs FILE`: single-threaded cost of the whole engine and of each rule's condition alone,
/// over the first 20 000 documents of an index held in memory (to find where evaluation time goes).
enum RuleCostProbe {
    static func run(_ args: [String]) throws {
        guard let file = args.first else { throw BenchError("usage: rule-costs INDEX") }
        var docs: [PackageFacts] = []
        let body: (PackageFacts) -> Void = { if docs.count < 20_000 { docs.append($0) } }
        if file.contains("Sources") {
            try DebianIndexReader.readSources(path: file, body)
        } else {
            try DebianIndexReader.readPackages(path: file, body)
        }
        let engine = try PolicyContext.load(PolicyContext.Options()).engine
        let clock = ContinuousClock()
        func perDoc(_ block: (PackageFacts) -> Void) -> Double {
            let start = clock.now
            for _ in 0..<3 { for d in docs { block(d) } }
            let e = clock.now - start
            return (Double(e.components.seconds) * 1e9 + Double(e.components.attoseconds) / 1e9)
                / Double(docs.count * 3)
        }
        print(String(format: "engine.evaluate: %.0f ns per document", perDoc { _ = engine.evaluate($0) }))
        let env = engine.policy.environment
        print(String(format: "activation only: %.0f ns", perDoc { _ = env.activation(for: $0) }))
        for rule in engine.policy.rules {
            let program = try env.cel.compile(rule.conditionSource, expecting: .bool)
            let ns = perDoc { d in _ = try? program.evaluate(env.activation(for: d)) }
            print(String(format: "%-40@ %6.0f ns (with its activation)", rule.id as NSString, ns))
        }
    }
}
