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
        let bytes = raw.utf8
        if let open = bytes.lastIndex(of: UInt8(ascii: "<")),
            let close = bytes[open...].firstIndex(of: UInt8(ascii: ">"))
        {
            let address = raw[raw.index(after: open)..<close].trimmingWhitespace()
            var name = String(raw[..<open]).trimmingWhitespace()
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            }
            self.name = name
            self.email = address.isEmpty ? nil : address
        } else if let open = bytes.firstIndex(of: UInt8(ascii: "(")), bytes.last == UInt8(ascii: ")"),
            bytes[..<open].contains(UInt8(ascii: "@"))
        {
            self.email = raw[..<open].trimmingWhitespace()
            self.name = String(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)]).trimmingWhitespace()
        } else if bytes.contains(UInt8(ascii: "@")), !bytes.contains(UInt8(ascii: " ")) {
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
        let bytes = text.utf8
        var start = bytes.startIndex
        var inQuotes = false
        var inAngles = false
        func take(_ end: String.Index) {
            let trimmed = String(text[start..<end]).trimmingWhitespace()
            if !trimmed.isEmpty { people.append(Person(parsing: trimmed)) }
        }
        var i = bytes.startIndex
        while i != bytes.endIndex {
            switch bytes[i] {
            case UInt8(ascii: "\""): inQuotes.toggle()
            case UInt8(ascii: "<"): inAngles = true
            case UInt8(ascii: ">"): inAngles = false
            case UInt8(ascii: ","), UInt8(ascii: "\n"):
                if !inQuotes && !inAngles {
                    take(i)
                    start = bytes.index(after: i)
                }
            default: break
            }
            i = bytes.index(after: i)
        }
        take(bytes.endIndex)
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
