/// Compares two versions the way an ecosystem's own package manager does.
///
/// The core only declares this; the Debian adapter implements it with libapt-pkg and the RPM adapter with librpm,
/// so that no version algorithm is ever re-implemented.
public protocol VersionComparator: Sendable {
    /// Negative when `a` is older than `b`, zero when equal, positive when newer.
    func compare(_ a: String, _ b: String) -> Int
}

/// The version comparators of the ecosystems, for code that handles both.
public struct VersionComparators: Sendable {
    public var debian: any VersionComparator
    public var rpm: any VersionComparator

    /// Creates the set.
    public init(debian: any VersionComparator, rpm: any VersionComparator) {
        self.debian = debian
        self.rpm = rpm
    }

    /// The comparator of an ecosystem; upstream versions compare the Debian way (close to what upstreams use).
    public func comparator(for ecosystem: Ecosystem) -> any VersionComparator {
        ecosystem == .rpm ? rpm : debian
    }
}
