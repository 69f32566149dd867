import TollgateCore

/// Renders packages as an aligned text table: ecosystem, kind, name, version, maintainer or packager, signed.
public struct ScanTable {
    /// Extra columns appended by later stages (score, decision), by header.
    public var extraHeaders: [String] = []

    /// Creates a table renderer.
    public init(extraHeaders: [String] = []) {
        self.extraHeaders = extraHeaders
    }

    /// The cells of one package's row.
    public static func cells(_ facts: PackageFacts) -> [String] {
        let person = facts.responsible.map { p in p.email.map { "\(p.name) <\($0)>" } ?? p.raw } ?? "-"
        let signed: String
        if facts.signatures.isEmpty {
            signed = "no"
        } else {
            let kinds = Set(facts.signatures.map(\.kind)).sorted()
            signed = "yes (" + kinds.joined(separator: ",") + ")"
        }
        return [facts.ecosystem.rawValue, facts.kind.rawValue, facts.name, facts.version, person, signed]
    }

    /// Renders rows (each the base cells plus any extra cells) under a header line.
    public func render(_ rows: [[String]]) -> String {
        let headers = ["ECOSYSTEM", "KIND", "NAME", "VERSION", "MAINTAINER/PACKAGER", "SIGNED"] + extraHeaders
        let rows = rows.map { $0.map(\.terminalSafe) }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], min(cell.count, i == 4 ? 48 : 60))
            }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                let limit = i == 4 ? 48 : 60
                let text = cell.count > limit ? String(cell.prefix(limit - 1)) + "…" : cell
                out += i == cells.count - 1 ? text : text.padding(toLength: widths[i] + 2)
            }
            return out
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
