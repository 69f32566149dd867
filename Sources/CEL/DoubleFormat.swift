/// Shortest round-trip decimal digits of a finite double: value = 0.digits × 10^decimalPoint.
struct DecimalDigits {
    var digits: [UInt8]
    var decimalPoint: Int

    init(_ value: Double) {
        let text = value.magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerCount = 0
        var all: [UInt8] = []
        var seenPoint = false
        for byte in mantissa.utf8 {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                all.append(byte - 48)
                if !seenPoint { integerCount += 1 }
            }
        }
        var point = integerCount + exponent
        var start = 0
        while start < all.count && all[start] == 0 {
            start += 1
            point -= 1
        }
        var end = all.count
        while end > start && all[end - 1] == 0 { end -= 1 }
        digits = Array(all[start..<end])
        decimalPoint = digits.isEmpty ? 0 : point
    }
}

/// Formats a double like Go's `strconv.FormatFloat(v, 'g', -1, 64)` (used by CEL's `string(double)`).
func formatDoubleG(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    let decimal = DecimalDigits(value)
    let digits = decimal.digits
    let sign = value.sign == .minus ? "-" : ""
    let exponent = decimal.decimalPoint - 1
    if !digits.isEmpty && (exponent < -4 || exponent >= 6) {
        var text = sign + String(digits[0])
        if digits.count > 1 { text += "." + digits[1...].map { String($0) }.joined() }
        let magnitude = abs(exponent)
        return text + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }
    var text = sign
    if decimal.decimalPoint > 0 {
        for index in 0..<decimal.decimalPoint { text += index < digits.count ? String(digits[index]) : "0" }
    } else {
        text += "0"
    }
    let fractionCount = max(digits.count - decimal.decimalPoint, 0)
    if fractionCount > 0 {
        text += "."
        for offset in 0..<fractionCount {
            let index = decimal.decimalPoint + offset
            text += index >= 0 && index < digits.count ? String(digits[index]) : "0"
        }
    }
    return text
}
