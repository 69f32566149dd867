import CRPM
import TollgateCore

/// RPM version comparison by librpm: `[epoch:]version[-release]` strings compared as rpm's EVR comparison does.
public struct RPMVersionComparator: VersionComparator {
    /// Creates the comparator.
    public init() {}

    public func compare(_ a: String, _ b: String) -> Int {
        let va = rpmverParse(a)
        let vb = rpmverParse(b)
        defer {
            rpmverFree(va)
            rpmverFree(vb)
        }
        guard let va, let vb else { return Int(rpmvercmp(a, b)) }
        return Int(rpmverCmp(va, vb))
    }
}
