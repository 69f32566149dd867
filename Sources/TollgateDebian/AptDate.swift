import CAptPkg
import Foundation

/// A Release file's dates as apt reads them (its own RFC1123StrToTime), so that what apt refuses is refused here
/// and what it accepts (the RFC 850 and asctime forms too) is read.
enum AptDate {
    /// The date, or nil when apt would not read it.
    static func release(_ text: String) -> Date? {
        var text = text
        var seconds: Int64 = 0
        let read = text.withUTF8 { tg_apt_release_time($0.baseAddress, $0.count, &seconds) }
        return read != 0 ? Date(timeIntervalSince1970: TimeInterval(seconds)) : nil
    }
}
