/// One package relationship: a `Depends` alternative, an RPM `Requires`, a `Build-Depends` entry.
///
/// Debian alternatives (`a | b`) are separate entries sharing one `group`.
public struct Dependency: Sendable, Hashable {
    /// The relationship field, lower-case with underscores: `depends`, `pre_depends`, `recommends`, `suggests`,
    /// `enhances`, `breaks`, `conflicts`, `replaces`, `provides`, `built_using`, `build_depends`,
    /// `build_depends_indep`, `build_depends_arch`, `build_conflicts`, `build_conflicts_indep`,
    /// `build_conflicts_arch` (Debian); `requires`, `provides`, `conflicts`, `obsoletes`, `recommends`, `suggests`,
    /// `supplements`, `enhances`, `build_requires`, `build_conflicts` (RPM).
    public var type: String
    /// The name of the package, virtual package or capability.
    public var name: String
    /// The version relation as the ecosystem writes it (`<<`, `<=`, `=`, `>=`, `>>` for Debian; `<`, `<=`, `=`,
    /// `>=`, `>` for RPM), or empty when unversioned.
    public var relation: String
    /// The version the relation compares with, or empty.
    public var version: String
    /// Entries with the same group number are alternatives of one another (Debian `|`); RPM entries each have their
    /// own group.
    public var group: Int64
    /// Debian architecture qualifier (`[amd64 !i386]`) as written, without brackets; empty when none.
    public var architectures: String
    /// Debian build-profile restriction (`<!nocheck>`) as written, without brackets; empty when none.
    public var profiles: String
    /// RPM dependency qualifiers (`pre`, `post`, `preun`, `postun`, `interp`, `rpmlib`, `config`, `verify`, `meta`,
    /// `pretrans`, `posttrans`, `missingok`); empty for Debian.
    public var qualifiers: [String]

    /// Creates a dependency entry.
    public init(
        type: String, name: String, relation: String = "", version: String = "", group: Int64,
        architectures: String = "", profiles: String = "", qualifiers: [String] = []
    ) {
        self.type = type
        self.name = name
        self.relation = relation
        self.version = version
        self.group = group
        self.architectures = architectures
        self.profiles = profiles
        self.qualifiers = qualifiers
    }
}

extension Dependency: FactSchemaDeclaring {
    public static let factTypeName = "Dependency"
    public static let factDocumentation = """
        One package relationship (a Debian `Depends` alternative, an RPM `Requires`, a build dependency). Debian \
        alternatives (`a | b`) are separate entries sharing one `group`.
        """
    public static let factFields = FactFieldTable<Dependency>([
        .string("type", "Relationship field in snake_case: `depends`, `pre_depends`, `build_depends`, `requires`, …") {
            $0.type
        },
        .string("name", "Package, virtual package or capability name.") { $0.name },
        .string("relation", "Version relation as the ecosystem writes it (`>=`, `<<`, `<`, …); empty if unversioned.") {
            $0.relation
        },
        .string("version", "Version compared against; empty if unversioned.") { $0.version },
        .int("group", "Alternatives share a group number (Debian `|`); every RPM entry has its own.") { $0.group },
        .string("architectures", "Debian architecture qualifier without brackets (`amd64 !i386`); empty if none.") {
            $0.architectures
        },
        .string(
            "profiles",
            "Debian build-profile restriction without its outer angle brackets (`!nocheck`; `!nocheck> <!cross` for "
                + "two groups, either of which enables the element); empty if none."
        ) {
            $0.profiles
        },
        .strings("qualifiers", "RPM qualifiers (`pre`, `post`, `interp`, `rpmlib`, …); empty for Debian.") {
            $0.qualifiers
        },
    ])
}
