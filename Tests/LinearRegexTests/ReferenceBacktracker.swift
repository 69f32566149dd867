@testable import LinearRegex

/// A deliberately naive backtracking matcher over the parsed tree, used only as a test oracle.
///
/// It explores alternatives in priority order (continuation-passing style), which is the
/// definition of leftmost-first semantics. It is exponential in the worst case, so it is only run
/// on tiny patterns and texts, and it rejects empty iterations of unbounded loops the way Perl does.
final class ReferenceBacktracker {
    private let text: [UInt32]
    private var slots: [Int]

    init(text: String, groupCount: Int) {
        self.text = text.unicodeScalars.map(\.value)
        self.slots = Array(repeating: -1, count: 2 * (groupCount + 1))
    }

    /// The leftmost-first match: capture slots as scalar offsets, group 0 being the whole match.
    func firstMatch(_ root: Node) -> [Int]? {
        for start in 0...text.count {
            for index in slots.indices {
                slots[index] = -1
            }
            var end = -1
            if match(
                root, start,
                { position in
                    end = position
                    return true
                })
            {
                slots[0] = start
                slots[1] = end
                return slots
            }
        }
        return nil
    }

    /// Whether the whole text matches.
    func wholeMatch(_ root: Node) -> Bool {
        match(root, 0) { $0 == self.text.count }
    }

    private func match(_ node: Node, _ position: Int, _ next: (Int) -> Bool) -> Bool {
        switch node {
        case .empty:
            return next(position)
        case .noMatch:
            return false
        case .literal(let scalar):
            return position < text.count && text[position] == scalar && next(position + 1)
        case .charClass(let set):
            return position < text.count && set.contains(text[position]) && next(position + 1)
        case .anyChar:
            return position < text.count && next(position + 1)
        case .anyCharExceptNewline:
            return position < text.count && text[position] != 0x0A && next(position + 1)
        case .assertion(let assertion):
            let previous = position > 0 ? text[position - 1] : UTF8Text.none
            let following = position < text.count ? text[position] : UTF8Text.none
            return PikeVM.holds(assertion.rawValue, previous: previous, next: following) && next(position)
        case .capture(let body, let index):
            let savedStart = slots[2 * index]
            let savedEnd = slots[2 * index + 1]
            slots[2 * index] = position
            let found = match(body, position) { end in
                let previousEnd = self.slots[2 * index + 1]
                self.slots[2 * index + 1] = end
                if next(end) {
                    return true
                }
                self.slots[2 * index + 1] = previousEnd
                return false
            }
            if !found {
                slots[2 * index] = savedStart
                slots[2 * index + 1] = savedEnd
            }
            return found
        case .concat(let items):
            return sequence(items[...], position, next)
        case .alternate(let items):
            for item in items where match(item, position, next) {
                return true
            }
            return false
        case .repetition(let body, let min, let max, let greedy):
            return repeatMatch(body, min: min, max: max, greedy: greedy, done: 0, position, next)
        }
    }

    private func sequence(_ items: ArraySlice<Node>, _ position: Int, _ next: (Int) -> Bool) -> Bool {
        guard let first = items.first else { return next(position) }
        return match(first, position) { self.sequence(items.dropFirst(), $0, next) }
    }

    private func repeatMatch(
        _ body: Node, min: Int, max: Int?, greedy: Bool, done: Int, _ position: Int,
        _ next: (Int) -> Bool
    ) -> Bool {
        let canStop = done >= min
        let canContinue = max.map { done < $0 } ?? true
        if !greedy && canStop && next(position) {
            return true
        }
        if canContinue
            && match(
                body, position,
                { end in
                    if end == position && done >= min && max == nil {
                        return false
                    }
                    return self.repeatMatch(body, min: min, max: max, greedy: greedy, done: done + 1, end, next)
                })
        {
            return true
        }
        return greedy && canStop && next(position)
    }
}
