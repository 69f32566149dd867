/// A point in time with nanosecond precision, valid from 0001-01-01 to 9999-12-31 (UTC).
public struct CELTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public let nanos: Int32

    /// Smallest valid `seconds` (0001-01-01T00:00:00Z).
    public static let minSeconds: Int64 = -62_135_596_800
    /// Largest valid `seconds` (9999-12-31T23:59:59Z).
    public static let maxSeconds: Int64 = 253_402_300_799

    /// Creates a timestamp; `nanos` outside 0..<1e9 is carried into `seconds`.
    public init(seconds: Int64, nanos: Int32 = 0) {
        var secs = seconds
        var ns = nanos
        if ns < 0 || ns >= 1_000_000_000 {
            secs &+= Int64(ns / 1_000_000_000)
            ns %= 1_000_000_000
            if ns < 0 {
                ns += 1_000_000_000
                secs &-= 1
            }
        }
        self.seconds = secs
        self.nanos = ns
    }

    /// Whether the timestamp lies within CEL's supported range.
    public var isInRange: Bool { seconds >= Self.minSeconds && seconds <= Self.maxSeconds }

    /// Ordering by instant.
    public static func < (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
        lhs.seconds != rhs.seconds ? lhs.seconds < rhs.seconds : lhs.nanos < rhs.nanos
    }

    /// RFC 3339 text in UTC with trailing fractional zeros removed, e.g. `2009-02-13T23:31:30Z`.
    public var description: String { rfc3339 }

    /// RFC 3339 text in UTC with trailing fractional zeros removed.
    public var rfc3339: String {
        let clamped = clampedSeconds
        let days = floorDiv(clamped, 86_400)
        let secondOfDay = clamped - days * 86_400
        let date = civilFromDays(days)
        var text = pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        return text + fractionText(Int64(nanos)) + "Z"
    }

    /// Parses RFC 3339 text such as `1972-01-01T10:00:20.021-05:00`; nil when malformed or out of range.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        var reader = DigitReader(bytes: b)
        guard let year = reader.digits(4), reader.expect("-"), let month = reader.digits(2), reader.expect("-"),
            let day = reader.digits(2), reader.expect("T") || reader.expect("t"),
            let hour = reader.digits(2), reader.expect(":"), let minute = reader.digits(2), reader.expect(":"),
            let second = reader.digits(2)
        else { return nil }
        var nanos: Int64 = 0
        if reader.expect(".") {
            var count = 0
            while let digit = reader.digit() {
                count += 1
                guard count <= 9 else { return nil }
                nanos = nanos * 10 + digit
            }
            guard count > 0 else { return nil }
            for _ in count..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        if reader.expect("Z") || reader.expect("z") {
            offset = 0
        } else if let sign = reader.sign(), let offHour = reader.digits(2), reader.expect(":"),
            let offMinute = reader.digits(2), offHour < 24, offMinute < 60
        {
            offset = sign * (offHour * 3600 + offMinute * 60)
        } else {
            return nil
        }
        guard reader.atEnd, month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysFromCivil(year, month, day)
        let total = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        self.init(seconds: total, nanos: Int32(nanos))
        guard isInRange else { return nil }
    }

    /// Broken-down calendar fields at a UTC offset (seconds east of UTC).
    /// `seconds` limited to the supported range, so calendar arithmetic on host-made values cannot overflow.
    var clampedSeconds: Int64 { min(max(seconds, Self.minSeconds), Self.maxSeconds) }

    func components(offset: Int64) -> CalendarFields {
        let local = clampedSeconds + max(-86_400, min(offset, 86_400))
        let days = floorDiv(local, 86_400)
        let secondOfDay = local - days * 86_400
        let date = civilFromDays(days)
        let dayOfYear = days - daysFromCivil(date.year, 1, 1)
        let weekday = floorMod(days + 4, 7)
        return CalendarFields(
            year: date.year, month: date.month, day: date.day, dayOfYear: dayOfYear, dayOfWeek: weekday,
            hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
            millisecond: Int64(nanos) / 1_000_000)
    }
}

/// Calendar fields of a timestamp in some time zone.
struct CalendarFields {
    let year, month, day, dayOfYear, dayOfWeek, hour, minute, second, millisecond: Int64
}

/// Reads fixed-width digit groups from ASCII bytes.
struct DigitReader {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func digit() -> Int64? {
        guard position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 else { return nil }
        position += 1
        return Int64(bytes[position - 1] - 48)
    }

    mutating func digits(_ count: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func expect(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(character.value) else { return false }
        position += 1
        return true
    }

    mutating func sign() -> Int64? {
        if expect("+") { return 1 }
        if expect("-") { return -1 }
        return nil
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// `.` and the nanoseconds of a second as decimals without trailing zeros; empty for none.
func fractionText(_ nanoseconds: Int64) -> String {
    guard nanoseconds != 0 else { return "" }
    var digits = pad(nanoseconds, 9)
    while digits.hasSuffix("0") { digits.removeLast() }
    return "." + digits
}

func isLeapYear(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = floorDiv(y, 400)
    let yearOfEra = y - era * 400
    let shiftedMonth = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}

/// Proleptic Gregorian date of a count of days since 1970-01-01.
func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = floorDiv(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
}
