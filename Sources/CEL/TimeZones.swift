import Foundation

/// A time zone argument of the timestamp accessors: a fixed offset or an IANA zone.
enum CELTimeZone: Sendable {
    case fixed(Int64)
    case named(TimeZone)

    /// Parses `UTC`, `+HH:MM`, `-HH:MM`, `HH:MM` or an IANA name such as `Australia/Sydney`.
    static func parse(_ text: String) -> CELTimeZone? {
        if text == "UTC" || text == "Z" { return .fixed(0) }
        let bytes = Array(text.utf8)
        var reader = DigitReader(bytes: bytes)
        let sign = reader.sign() ?? 1
        if let hours = reader.digits(2), reader.expect(":"), let minutes = reader.digits(2), reader.atEnd {
            guard hours < 24, minutes < 60 else { return nil }
            return .fixed(sign * (hours * 3600 + minutes * 60))
        }
        if let cached = TimeZoneCache.shared.lookup(text) { return .named(cached) }
        return nil
    }

    /// Seconds east of UTC at the given instant.
    func offset(at timestamp: CELTimestamp) -> Int64 {
        switch self {
        case .fixed(let seconds): return seconds
        case .named(let zone):
            let date = Date(timeIntervalSince1970: Double(timestamp.seconds))
            return Int64(zone.secondsFromGMT(for: date))
        }
    }
}

/// Caches IANA time zones, whose construction is comparatively expensive.
final class TimeZoneCache: @unchecked Sendable {
    static let shared = TimeZoneCache()
    private let lock = NSLock()
    private var zones: [String: TimeZone?] = [:]

    func lookup(_ name: String) -> TimeZone? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = zones[name] { return cached }
        let zone = TimeZone(identifier: name)
        if zones.count < 1024 { zones[name] = zone }
        return zone
    }
}
