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
        // Which rules the engine runs at all: those whose deciding fields a document sets (or that have none).
        let deciding = engine.fieldsDecidingFalse
        for rule in engine.policy.rules {
            let program = try env.cel.compile(rule.conditionSource, expecting: .bool)
            let ns = perDoc { d in _ = try? program.evaluate(env.activation(for: d)) }
            let runs = docs.filter { d in
                rule.applies(ecosystem: d.ecosystem.rawValue, kind: d.kind.rawValue)
                    && (deciding[rule.id].map { fields in fields.contains { d.factField($0) != nil } } ?? true)
            }.count
            print(
                String(
                    format: "%-40@ %6.0f ns (with its activation), run for %5.1f%% of documents", rule.id as NSString,
                    ns, 100 * Double(runs) / Double(max(1, docs.count))))
        }
    }
}
