import CEL
import TollgateCore

/// Runs every rule's own examples: each trigger example must fire the rule (and render its message and evidence),
/// each pass example must not fire it; neither may error.
public enum ExampleRunner {
    /// The outcome for one rule.
    public struct Result: Sendable {
        public let rule: String
        public let examples: Int
        /// One line per failed example (`file:line:col: trigger example did not fire`).
        public let failures: [String]
        public var passed: Bool { failures.isEmpty }
    }

    /// Runs the examples of every rule of the set.
    public static func run(_ policy: PolicySet) -> [Result] {
        policy.rules.map { run($0, environment: policy.environment) }
    }

    static func run(_ rule: Rule, environment: FactsEnvironment) -> Result {
        var failures: [String] = []
        for (expected, examples) in [(true, rule.triggerExamples), (false, rule.passExamples)] {
            let kind = expected ? "trigger" : "pass"
            for example in examples {
                let activation = environment.activation(for: example.document)
                do {
                    let value = try rule.condition.evaluate(activation)
                    guard case .bool(let fired) = value else {
                        failures.append(
                            "\(example.position): error: \(kind) example: condition returned \(value.literal)")
                        continue
                    }
                    if fired != expected {
                        failures.append(
                            "\(example.position): error: \(kind) example \(fired ? "fired" : "did not fire") rule \(rule.id)"
                        )
                    }
                    if expected {
                        let message = rule.message.render(activation)
                        if message.contains("‹error:") {
                            failures.append("\(example.position): error: message does not render: \(message)")
                        }
                        for (label, program) in rule.evidence {
                            do { _ = try program.evaluate(activation) } catch {
                                failures.append("\(example.position): error: evidence '\(label)': \(error.message)")
                            }
                        }
                    }
                } catch {
                    failures.append("\(example.position): error: \(kind) example: condition failed: \(error.message)")
                }
            }
        }
        return Result(rule: rule.id, examples: rule.triggerExamples.count + rule.passExamples.count, failures: failures)
    }
}
