import Foundation

/// Dates as Debian metadata writes them (`Sat, 09 Mar 2024 17:04:11 +0000`), and RPM changelog dates
/// (`Wed Mar 27 2024`).
public enum RFC2822 {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses `[Day,] DD Mon YYYY HH:MM[:SS] (+hhmm|UTC|GMT|Z)`; nil when malformed.
    public static func date(from text: String) -> Date? {
        var parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = parts.first, first.hasSuffix(",") || (first.count == 3 && Int(first) == nil) {
            parts.removeFirst()
        }
        guard parts.count >= 4, let day = Int64(parts[0]), (1...31).contains(day),
            let month = months.firstIndex(of: parts[1].prefix(3).lowercased()), let year = Int64(parts[2])
        else { return nil }
        let fullYear = parts[2].count == 2 ? (year < 50 ? 2000 + year : 1900 + year) : year
        let clock = parts[3].split(separator: ":").map { Int64($0) }
        guard clock.count >= 2, clock.count <= 3, clock.allSatisfy({ $0 != nil }) else { return nil }
        let hour = clock[0]!, minute = clock[1]!, second = clock.count == 3 ? clock[2]! : 0
        guard hour < 24, minute < 60, second < 61 else { return nil }
        var offset: Int64 = 0
        if parts.count >= 5 {
            let zone = parts[4]
            if zone.first == "+" || zone.first == "-", zone.count == 5, let v = Int64(zone.dropFirst()) {
                offset = (v / 100 * 60 + v % 100) * 60 * (zone.first == "-" ? -1 : 1)
            } else if !["UT", "UTC", "GMT", "Z"].contains(zone.uppercased()) {
                return nil
            }
        }
        let days = RFC3339.daysFromCivil(year: fullYear, month: Int64(month + 1), day: day)
        return Date(timeIntervalSince1970: Double(days * 86400 + hour * 3600 + minute * 60 + second - offset))
    }

    /// Parses an RPM changelog date, `Wed Mar 27 2024` (weekday optional); midnight UTC.
    public static func rpmChangelogDate(from text: String) -> Date? {
        var parts = text.split(separator: " ").map(String.init)
        if parts.count == 4 { parts.removeFirst() }
        guard parts.count == 3, let month = months.firstIndex(of: parts[0].prefix(3).lowercased()),
            let day = Int64(parts[1]), (1...31).contains(day), let year = Int64(parts[2])
        else { return nil }
        let days = RFC3339.daysFromCivil(year: year, month: Int64(month + 1), day: day)
        return Date(timeIntervalSince1970: Double(days * 86400))
    }
}
