import CEL
import TollgateCore

/// A finding message: text with `{{ expr }}` parts, each a CEL expression over the facts. String values are
/// inserted as they are, other values as CEL literals.
struct MessageTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case expression(CELProgram)
    }
    let parts: [Part]

    /// Compiles a template; diagnostics carry offsets into the template text.
    /// Why a template does not compile, and where (a UTF-8 offset into the template).
    struct Failure: Error {
        let message: String
        let offset: Int
    }

    static func compile(_ source: String, environment: CELEnvironment) -> Result<MessageTemplate, Failure> {
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.firstRange(of: "{{") {
            parts.append(.text(String(rest[..<open.lowerBound])))
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                let offset = source.utf8.distance(from: source.startIndex, to: open.lowerBound)
                return .failure(Failure(message: "unclosed '{{' in message", offset: offset))
            }
            let expression = String(rest[open.upperBound..<close.lowerBound])
            do {
                parts.append(.expression(try environment.compile(expression)))
            } catch {
                let offset = source.utf8.distance(from: source.startIndex, to: open.upperBound)
                let first = error.diagnostics.first
                return .failure(
                    Failure(message: first?.message ?? "invalid expression", offset: offset + (first?.offset ?? 0)))
            }
            rest = rest[close.upperBound...]
        }
        parts.append(.text(String(rest)))
        return .success(
            MessageTemplate(parts: parts.filter { if case .text("") = $0 { return false } else { return true } }))
    }

    /// Renders the message; a part that fails to evaluate shows as `‹error: …›`.
    func render(_ activation: CELActivation) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .expression(let program):
                do {
                    let value = try program.evaluate(activation)
                    if case .string(let s) = value { out += s } else { out += value.literal }
                } catch {
                    out += "‹error: \(error.message)›"
                }
            }
        }
        return out
    }
}
