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
        var utf8 = text
        self = utf8.withUTF8 { bytes in
            let (start, end) = Person.trimmed(bytes, 0, bytes.count)
            let raw = start == 0 && end == bytes.count ? text : Person.string(bytes, start, end)
            return Person(bytes, start, end, raw: raw)
        }
    }

    /// Parses the person in `bytes[start..<end]` (already trimmed), written as `raw`. Scanned as bytes: the
    /// delimiters are ASCII, so every position found is a character boundary.
    private init(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, raw: String) {
        self.raw = raw
        func find(_ byte: UInt8, _ from: Int, _ to: Int) -> Int? { (from..<to).first { bytes[$0] == byte } }
        func contains(_ byte: UInt8) -> Bool { find(byte, start, end) != nil }
        if let open = (start..<end).last(where: { bytes[$0] == UInt8(ascii: "<") }),
            let close = find(UInt8(ascii: ">"), open, end)
        {
            let (a, b) = Person.trimmed(bytes, open + 1, close)
            var (n, m) = Person.trimmed(bytes, start, open)
            if m - n >= 2, bytes[n] == UInt8(ascii: "\""), bytes[m - 1] == UInt8(ascii: "\"") {
                n += 1
                m -= 1
            }
            self.name = Person.string(bytes, n, m)
            self.email = a == b ? nil : Person.string(bytes, a, b)
        } else if let open = find(UInt8(ascii: "("), start, end), end > start, bytes[end - 1] == UInt8(ascii: ")"),
            find(UInt8(ascii: "@"), start, open) != nil
        {
            let (a, b) = Person.trimmed(bytes, start, open)
            let (n, m) = Person.trimmed(bytes, open + 1, end - 1)
            self.email = Person.string(bytes, a, b)
            self.name = Person.string(bytes, n, m)
        } else if contains(UInt8(ascii: "@")), !contains(UInt8(ascii: " ")) {
            self.email = raw
            self.name = ""
        } else {
            self.name = raw
            self.email = nil
        }
    }

    /// `start..<end` without ASCII blanks (space, tab, newline, carriage return) at either end.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var start = start
        var end = end
        while start < end, blank(bytes[start]) { start += 1 }
        while end > start, blank(bytes[end - 1]) { end -= 1 }
        return (start, end)
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A stable identity for comparisons across releases: the lower-cased address, else the lower-cased name.
    public var identity: String {
        if let email, !email.isEmpty { return email.lowercased() }
        return name.lowercased()
    }

    /// Splits a comma-separated list of people (`Uploaders`), keeping commas inside quotes and angle brackets.
    public static func list(parsing text: String) -> [Person] {
        var text = text
        return text.withUTF8 { bytes in
            var people: [Person] = []
            var start = 0
            var inQuotes = false
            var inAngles = false
            func take(_ end: Int) {
                let (a, b) = trimmed(bytes, start, end)
                if a < b { people.append(Person(bytes, a, b, raw: string(bytes, a, b))) }
            }
            for i in 0..<bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""): inQuotes.toggle()
                case UInt8(ascii: "<"): inAngles = true
                case UInt8(ascii: ">"): inAngles = false
                case UInt8(ascii: ","), UInt8(ascii: "\n"):
                    if !inQuotes && !inAngles {
                        take(i)
                        start = i + 1
                    }
                default: break
                }
            }
            take(bytes.count)
            return people
        }
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
