/// Paths that metadata gives relative to a directory (a `Filename:` in an index, a file a Release or a `.dsc`
/// lists): anybody's text, which must not lead outside that directory.
public enum RelativePath {
    /// Whether `path` stays inside the directory it is relative to: not absolute, no `..` component.
    public static func staysInside(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
    }

    /// Whether `name` is a plain file name (what a `.dsc` or `.changes` lists): no directory at all.
    public static func isFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".."
    }
}
