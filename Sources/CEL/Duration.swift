/// A signed span of time with nanosecond precision (range of a 64-bit nanosecond count, about ±292 years).
public struct CELDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in nanoseconds.
    public let nanoseconds: Int64

    /// Creates a duration from nanoseconds.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a duration from whole seconds; nil when out of range.
    public init?(seconds: Int64) {
        let (value, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        nanoseconds = value
    }

    /// Ordering by length.
    public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Seconds with the fraction trimmed of trailing zeros, e.g. `3s`, `1.5s`, `-0.000000001s`.
    public var description: String {
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text = negative ? "-" : ""
        text += String(magnitude / 1_000_000_000)
        return text + fractionText(Int64(magnitude % 1_000_000_000)) + "s"
    }

    /// Parses text such as `3s`, `1.5h`, `1h2m3.5s`, `-250ms` (units ns, us, µs, ms, s, m, h).
    /// Returns nil when malformed or out of range.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        var position = 0
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
            negative = bytes[position] == UInt8(ascii: "-")
            position += 1
        }
        if position < bytes.count, bytes.count - position == 1, bytes[position] == UInt8(ascii: "0") {
            nanoseconds = 0
            return
        }
        guard position < bytes.count else { return nil }
        var total: UInt64 = 0
        while position < bytes.count {
            guard let (amount, next) = Self.parseComponent(bytes, position) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(amount)
            guard !overflow else { return nil }
            total = sum
            position = next
        }
        if negative {
            guard total <= UInt64(Int64.max) + 1 else { return nil }
            nanoseconds = total == UInt64(Int64.max) + 1 ? Int64.min : -Int64(total)
        } else {
            guard total <= UInt64(Int64.max) else { return nil }
            nanoseconds = Int64(total)
        }
    }

    /// Parses one `<number>[.<fraction>]<unit>` group; returns its nanoseconds and the next position.
    private static func parseComponent(_ bytes: [UInt8], _ start: Int) -> (UInt64, Int)? {
        var position = start
        var whole: UInt64 = 0
        var sawDigits = false
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
            let (scaled, o1) = whole.multipliedReportingOverflow(by: 10)
            let (added, o2) = scaled.addingReportingOverflow(UInt64(bytes[position] - 48))
            guard !o1, !o2 else { return nil }
            whole = added
            sawDigits = true
            position += 1
        }
        var fractionDigits: [UInt8] = []
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
                fractionDigits.append(bytes[position] - 48)
                sawDigits = true
                position += 1
            }
        }
        guard sawDigits else { return nil }
        let unitStart = position
        while position < bytes.count, !(bytes[position] >= 48 && bytes[position] <= 57), bytes[position] != 46 {
            position += 1
        }
        let unit = String(decoding: bytes[unitStart..<position], as: UTF8.self)
        let scale: UInt64
        switch unit {
        case "ns": scale = 1
        case "us", "µs", "μs": scale = 1_000
        case "ms": scale = 1_000_000
        case "s": scale = 1_000_000_000
        case "m": scale = 60_000_000_000
        case "h": scale = 3_600_000_000_000
        default: return nil
        }
        let (wholeNanos, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        var fractionNanos: UInt64 = 0
        var divisor: UInt64 = 1
        for digit in fractionDigits where divisor < 1_000_000_000_000_000 {
            fractionNanos = fractionNanos * 10 + UInt64(digit)
            divisor *= 10
        }
        let fractionPart = UInt64((Double(fractionNanos) / Double(divisor) * Double(scale)).rounded(.towardZero))
        let exactFraction = scale % divisor == 0 ? fractionNanos * (scale / divisor) : fractionPart
        let (sum, overflow2) = wholeNanos.addingReportingOverflow(exactFraction)
        guard !overflow2 else { return nil }
        return (sum, position)
    }
}
