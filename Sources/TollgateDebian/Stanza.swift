import TollgateCore

/// The fields of one deb822 stanza, in order, as libapt-pkg split them.
public struct Stanza: Sendable {
    /// Fields with their names as written.
    public var fields: [(key: String, value: String)]

    /// Creates a stanza from fields.
    public init(fields: [(key: String, value: String)]) {
        self.fields = fields
    }

    /// The value of a field; names compare case-insensitively, as deb822 requires.
    public subscript(_ name: String) -> String? {
        for field in fields where field.key == name { return field.value }
        for field in fields where Stanza.equalIgnoringASCIICase(field.key, name) { return field.value }
        return nil
    }

    /// The value of a field, nil when absent or empty.
    public func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }

    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        let a = a.utf8, b = b.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 65 && x <= 90 ? x + 32 : x
            let ly = y >= 65 && y <= 90 ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }
}

extension TagFile {
    /// The current stanza as a value.
    public var stanza: Stanza { Stanza(fields: fields) }
}
