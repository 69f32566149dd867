/// Core conformance cases (`file/section/name`) that are known to fail, each with the reason.
/// The conformance test fails when a listed case passes, so this list can only shrink.
enum ConformanceKnownFailures {
    static let ids: [String] = []
}
