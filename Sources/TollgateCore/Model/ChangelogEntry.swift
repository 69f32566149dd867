import Foundation

/// One entry of a package changelog (`debian/changelog`, RPM `%changelog`).
public struct ChangelogEntry: Sendable, Hashable {
    /// The source package name the entry names (Debian); nil for RPM.
    public var package: String?
    /// The version the entry describes; for RPM, the version at the end of the author line when present.
    public var version: String?
    /// Target distributions (Debian: `unstable`, `bookworm-security`, …); empty for RPM.
    public var distributions: [String]
    /// Urgency (Debian: `low`, `medium`, `high`, …); nil for RPM.
    public var urgency: String?
    /// Further `key=value` pairs of the Debian entry header, besides urgency.
    public var extraFields: [(key: String, value: String)]
    /// Who made the change: the Debian trailer's `Name <address>`, the RPM author.
    public var author: Person?
    /// When, as the entry states it.
    public var date: Date?
    /// The date text exactly as written.
    public var dateText: String?
    /// The change text, without the header and trailer lines.
    public var text: String

    /// Creates a changelog entry.
    public init(
        package: String?, version: String?, distributions: [String], urgency: String?,
        extraFields: [(key: String, value: String)] = [], author: Person?, date: Date?, dateText: String?,
        text: String
    ) {
        self.package = package
        self.version = version
        self.distributions = distributions
        self.urgency = urgency
        self.extraFields = extraFields
        self.author = author
        self.date = date
        self.dateText = dateText
        self.text = text
    }

    public static func == (lhs: ChangelogEntry, rhs: ChangelogEntry) -> Bool {
        lhs.package == rhs.package && lhs.version == rhs.version && lhs.distributions == rhs.distributions
            && lhs.urgency == rhs.urgency && lhs.author == rhs.author && lhs.date == rhs.date && lhs.text == rhs.text
            && lhs.extraFields.map(\.key) == rhs.extraFields.map(\.key)
            && lhs.extraFields.map(\.value) == rhs.extraFields.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(version)
        hasher.combine(text)
    }
}

extension ChangelogEntry: FactSchemaDeclaring {
    public static let factTypeName = "ChangelogEntry"
    public static let factDocumentation = "One changelog entry (`debian/changelog` or RPM `%changelog`), newest first."
    public static let factFields = FactFieldTable<ChangelogEntry>([
        .string("package", "Source package named by the Debian entry header; unset for RPM.") { $0.package },
        .string("version", "Version the entry describes (RPM: taken from the end of the author line if present).") {
            $0.version
        },
        .strings("distributions", "Debian target distributions (`unstable`, `bookworm-security`); empty for RPM.") {
            $0.distributions
        },
        .string("urgency", "Debian urgency (`low`, `medium`, `high`, `emergency`, `critical`); unset for RPM.") {
            $0.urgency
        },
        .stringMap("fields", "Other `key=value` pairs of the Debian entry header (lower-case keys).") {
            $0.extraFields
        },
        .object("author", "Who made the change (Debian trailer, RPM author line).") { $0.author },
        .timestamp("date", "When the change was made, as the entry states it.") { $0.date },
        .string("date_text", "The date exactly as written.") { $0.dateText },
        .string("text", "The change description without header and trailer.") { $0.text },
    ])
}
