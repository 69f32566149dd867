import Foundation

/// What bytes look like: text or not, and how random.
public enum ContentStatistics {
    /// Not text: a NUL byte in the first 8 KiB, or more than 10 % control bytes other than tab, line feed, form
    /// feed and carriage return (bytes of 0x80 and above count as text: UTF-8).
    public static func isBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8_192)
        guard !sample.isEmpty else { return false }
        var control = 0
        for b in sample {
            if b == 0 { return true }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0C && b != 0x0D || b == 0x7F { control += 1 }
        }
        return control * 10 > sample.count
    }

    /// Shannon entropy in bits per byte (0 for empty input, 8 for uniformly random bytes).
    public static func entropy(_ bytes: [UInt8]) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for b in bytes { counts[Int(b)] += 1 }
        let total = Double(bytes.count)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / total
            h -= p * log2(p)
        }
        return h
    }
}
