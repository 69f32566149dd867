extension Parser {
    /// Parses `*`, `+` or `?` (with an optional lazy `?` suffix) and applies it to the previous item.
    mutating func parseRepeatOperator() throws {
        let start = position
        let operatorScalar = scalars[position]
        position += 1
        switch operatorScalar {
        case "*": try applyRepetition(min: 0, max: nil, operatorStart: start)
        case "+": try applyRepetition(min: 1, max: nil, operatorStart: start)
        default: try applyRepetition(min: 0, max: 1, operatorStart: start)
        }
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at a `{` and returns its bounds (`max == nil` when unbounded).
    ///
    /// Returns `nil` without consuming anything when the brace does not start a valid counted
    /// repetition; RE2 then treats the `{` as a literal (so `a{,3}` and `a{x}` are literal text).
    mutating func parseCountedRepeat() throws -> (min: Int, max: Int?)? {
        var index = position + 1
        guard let min = parseInteger(&index), index < scalars.count else { return nil }
        var max: Int? = min
        if scalars[index] == "," {
            index += 1
            guard index < scalars.count else { return nil }
            if scalars[index] == "}" {
                max = nil
            } else {
                guard let value = parseInteger(&index) else { return nil }
                max = value
            }
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        position = index + 1
        return (min, max)
    }

    /// Reads a decimal integer without leading zeros; `nil` if absent or absurdly large (as RE2).
    func parseInteger(_ index: inout Int) -> Int? {
        let start = index
        guard start < scalars.count, ("0"..."9").contains(scalars[start]) else { return nil }
        if start + 1 < scalars.count, scalars[start] == "0", ("0"..."9").contains(scalars[start + 1]) {
            return nil
        }
        var value = 0
        while index < scalars.count, ("0"..."9").contains(scalars[index]) {
            if value >= 100_000_000 {
                return nil
            }
            value = value * 10 + Int(scalars[index].value - 0x30)
            index += 1
        }
        return value
    }

    /// Applies a repetition whose operator text started at `operatorStart` and ends at `position`,
    /// reading an optional lazy `?` suffix first. Checks are made in RE2's order: stacked operator,
    /// count size, missing operand, then the product of nested counts.
    mutating func applyRepetition(min: Int, max: Int?, operatorStart: Int) throws {
        var lazy = false
        if peek() == "?" {
            lazy = true
            position += 1
        }
        let fragment = text(operatorStart..<position)
        if let previous = lastRepeatStart {
            throw LinearRegexError(
                .invalidRepeatOperator, text(previous..<position), at: previous,
                note: "repetition operators cannot be stacked; possessive quantifiers are not supported")
        }
        let limit = Parser.maxRepeat
        if min > limit || (max ?? 0) > limit || (max.map { $0 < min } ?? false) {
            throw LinearRegexError(.invalidRepeatSize, fragment, at: operatorStart, note: "counts must be 0...\(limit)")
        }
        guard let operand = popItem() else {
            throw LinearRegexError(.missingRepeatArgument, fragment, at: operatorStart)
        }
        let count = max ?? min
        let factor = count > 0 ? operand.factor * count : operand.factor
        if factor > limit {
            throw LinearRegexError(
                .invalidRepeatSize, fragment, at: operatorStart, note: "nested repetition exceeds \(limit) copies")
        }
        push(Node.repeating(operand.node, min: min, max: max, greedy: lazy == flags.ungreedy), factor: factor)
    }
}
