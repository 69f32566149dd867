/// The package score: a noisy-OR of the weights of the findings that count.
///
/// Each finding of weight `w` (0–100) is read as an independent chance `w/100` that the package is compromised; the
/// score is the chance that at least one is right, as a percentage:
///
///     score = 100 × (1 − ∏ (1 − wᵢ/100))
///
/// It is monotone (a further finding never lowers it), bounded by 100, equal to the weight for a single finding
/// (so a single rule reaches a threshold only if its weight does), and two medium signals together outrank either
/// alone: two findings of weight 40 score 64. The result is rounded to the nearest integer.
public enum Scoring {
    /// The score of a set of weights (each clamped to 0–100).
    public static func score<S: Sequence>(weights: S) -> Int where S.Element == Int {
        var survive = 1.0
        for weight in weights {
            let w = Double(min(100, max(0, weight))) / 100
            survive *= 1 - w
        }
        return Int(((1 - survive) * 100).rounded())
    }

    /// The decision of a score against thresholds (`warn ≤ deny`).
    public static func decision(score: Int, warn: Int, deny: Int) -> Decision {
        if score >= deny { return .deny }
        if score >= warn { return .warn }
        return .allow
    }
}
