/// A person or team named in package metadata (`Maintainer`, `Uploaders`, `Packager`, changelog trailers).
public struct Person: Sendable, Hashable {
    /// The display name, without the address.
    public var name: String
    /// The e-mail address, without angle brackets; nil when none was given.
    public var email: String?
    /// The text exactly as written in the metadata.
    public var raw: String

    /// Creates a person from parts.
    public init(name: String, email: String?, raw: String) {
        self.name = name
        self.email = email
        self.raw = raw
    }

    /// Parses `Name <address>`, `address (Name)`, a bare address or a bare name.
    public init(parsing text: String) {
        let raw = text.trimmingWhitespace()
        self.raw = raw
        if let open = raw.lastIndex(of: "<"), let close = raw[open...].firstIndex(of: ">") {
            let address = raw[raw.index(after: open)..<close].trimmingWhitespace()
            var name = String(raw[..<open]).trimmingWhitespace()
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            }
            self.name = name
            self.email = address.isEmpty ? nil : address
        } else if let open = raw.firstIndex(of: "("), raw.hasSuffix(")"), raw[..<open].contains("@") {
            self.email = raw[..<open].trimmingWhitespace()
            self.name = String(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)]).trimmingWhitespace()
        } else if raw.contains("@"), !raw.contains(" ") {
            self.email = raw
            self.name = ""
        } else {
            self.name = raw
            self.email = nil
        }
    }

    /// A stable identity for comparisons across releases: the lower-cased address, else the lower-cased name.
    public var identity: String {
        if let email, !email.isEmpty { return email.lowercased() }
        return name.lowercased()
    }

    /// Splits a comma-separated list of people (`Uploaders`), keeping commas inside quotes and angle brackets.
    public static func list(parsing text: String) -> [Person] {
        var people: [Person] = []
        var current = ""
        var inQuotes = false
        var inAngles = false
        for ch in text {
            switch ch {
            case "\"": inQuotes.toggle()
            case "<": inAngles = true
            case ">": inAngles = false
            case "," where !inQuotes && !inAngles, "\n" where !inQuotes && !inAngles:
                let trimmed = current.trimmingWhitespace()
                if !trimmed.isEmpty { people.append(Person(parsing: trimmed)) }
                current = ""
                continue
            default: break
            }
            current.append(ch)
        }
        let trimmed = current.trimmingWhitespace()
        if !trimmed.isEmpty { people.append(Person(parsing: trimmed)) }
        return people
    }
}

extension Person: FactSchemaDeclaring {
    public static let factTypeName = "Person"
    public static let factDocumentation = "A person or team as named in package metadata."
    public static let factFields = FactFieldTable<Person>([
        .string("name", "Display name without the address (may be empty when only an address was given).") { $0.name },
        .string("email", "E-mail address without angle brackets; unset when none was given.") { $0.email },
        .string("raw", "The text exactly as written.") { $0.raw },
        .string("identity", "Lower-cased address (or name when there is no address): what history comparisons use.") {
            $0.identity
        },
    ])
}
