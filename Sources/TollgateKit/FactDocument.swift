import TollgateCore

/// A document `tollgate facts` prints: a package's facts, or a Debian Release file's.
public enum FactDocument: Sendable {
    case package(PackageFacts)
    case release(ReleaseFacts)

    /// The document as a fact object, for JSON output.
    public var object: any FactObject {
        switch self {
        case .package(let p): p
        case .release(let r): r
        }
    }

    /// The package facts, if this is a package document.
    public var package: PackageFacts? {
        if case .package(let p) = self { return p }
        return nil
    }
}
