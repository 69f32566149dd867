/// Which releases share a history. Debian names binary packages and source packages in two namespaces: a binary
/// may bear the name of an unrelated source package, and a binary's version (a binNMU's `+b1`) is not its
/// source's. So a Debian binary is judged against the binaries of that name, and a source package against the
/// sources and uploads of that name. Elsewhere a name is one package: an RPM's main binary carries its source
/// package's name and version, and upstream releases have one kind.
public enum PackageNamespace {
    /// Binary or source, in Debian; the whole ecosystem elsewhere.
    public static func of(ecosystem: String, kind: String) -> String {
        ecosystem == "debian" ? (kind == "binary" ? "binary" : "source") : ""
    }

    /// An SQL condition (to join with `AND`) holding for the releases, named by `column`, in the namespace of
    /// `ecosystem` and `kind`; empty when every kind shares it. Only fixed words: nothing from the input.
    static func condition(ecosystem: String, kind: String, column: String) -> String {
        switch of(ecosystem: ecosystem, kind: kind) {
        case "binary": return " AND \(column) = 'binary'"
        case "source": return " AND \(column) <> 'binary'"
        default: return ""
        }
    }
}
