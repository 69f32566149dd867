/// What a search must establish.
enum SearchMode {
    /// Whether any substring matches; stops at the first match found, records no positions.
    case anyMatch
    /// The leftmost-first match and its capture slots.
    case firstMatch
    /// Whether the whole text matches (anchored at both ends).
    case fullMatch
}

/// The outcome of one search.
struct SearchOutcome {
    /// Capture slots as UTF-8 byte offsets (-1 when unset), or `nil` when there is no match.
    /// For `anyMatch` and `fullMatch` a match yields an empty array.
    var slots: [Int]?
    /// Instructions visited: a measure of work that is O(program size × (text length + 1)).
    var steps: Int
    /// Whether the search stopped at its step limit, undecided.
    var exhausted = false
}

/// A Pike VM: simulates the NFA on all threads in lockstep, one pass over the text.
///
/// Threads are kept in priority order; a thread reaching `match` cuts off every lower-priority
/// thread, which yields leftmost-first (Perl/RE2) semantics. Because each list holds each program
/// counter at most once, the work per text position is bounded by the program size.
final class PikeVM {
    private let program: Program
    private let mode: SearchMode
    private let slotCount: Int
    private var current: ThreadList
    private var upcoming: ThreadList
    /// Explicit stack for following empty transitions: a target pc (>= 0), or a slot to restore
    /// (encoded as `-slot - 1`) with its saved value.
    private let stackTargets: UnsafeMutablePointer<Int32>
    private let stackValues: UnsafeMutablePointer<Int>
    /// The capture slots of the thread being followed.
    private let scratch: UnsafeMutablePointer<Int>
    private var steps = 0
    private let stepLimit: Int

    /// Prepares a search; `slotLimit` caps the capture slots tracked in `firstMatch` mode
    /// (2 tracks only the overall match); the search stops undecided once it has visited more than `stepLimit`
    /// instructions.
    init(program: Program, mode: SearchMode, slotLimit: Int = 2, stepLimit: Int = .max) {
        self.program = program
        self.mode = mode
        self.stepLimit = stepLimit
        slotCount = mode == .firstMatch ? min(slotLimit, program.slotCount) : 0
        let size = program.instructions.count
        current = ThreadList(capacity: size, slotCount: slotCount)
        upcoming = ThreadList(capacity: size, slotCount: slotCount)
        stackTargets = .allocate(capacity: size + 1)
        stackValues = .allocate(capacity: size + 1)
        scratch = .allocate(capacity: max(1, slotCount))
        scratch.initialize(repeating: -1, count: max(1, slotCount))
    }

    deinit {
        stackTargets.deallocate()
        stackValues.deallocate()
        scratch.deallocate()
    }

    /// Runs the search over `text`.
    func run(_ text: UTF8Text) -> SearchOutcome {
        let end = text.count
        let anchored = program.anchoredAtStart || mode == .fullMatch
        let prefix = program.literalPrefix
        var position = 0
        var previous = UTF8Text.none
        var (scalar, width) = text.decode(at: 0)
        var best: [Int]?

        while true {
            if best == nil && (position == 0 || !anchored) {
                if current.count == 0 && !prefix.isEmpty && !anchored {
                    guard let found = text.firstIndex(of: prefix, from: position) else { break }
                    if found != position {
                        position = found
                        previous = text.decode(before: position)
                        (scalar, width) = text.decode(at: position)
                    }
                }
                for slot in 0..<slotCount {
                    scratch[slot] = -1
                }
                addThread(current, pc: program.start, at: position, previous: previous, next: scalar)
            } else if current.count == 0 {
                break
            }

            let following = position + width
            let (after, afterWidth) = text.decode(at: following)
            upcoming.removeAll()
            switch step(at: position, scalar: scalar, end: end, following: following, after: after) {
            case .stop:
                return SearchOutcome(slots: [], steps: steps)
            case .matched(let slots):
                best = slots
            case .continue:
                break
            }
            if position >= end {
                break
            }
            if steps > stepLimit {
                return SearchOutcome(slots: nil, steps: steps, exhausted: true)
            }
            position = following
            previous = scalar
            scalar = after
            width = afterWidth
            swap(&current, &upcoming)
        }
        return SearchOutcome(slots: best, steps: steps)
    }

    private enum StepResult {
        case `continue`
        case matched([Int])
        case stop
    }

    /// Advances every thread of `current` over `scalar` into `upcoming`, in priority order.
    private func step(at position: Int, scalar: UInt32, end: Int, following: Int, after: UInt32) -> StepResult {
        var result = StepResult.continue
        let instructions = program.instructions
        for index in 0..<current.count {
            steps += 1
            let instruction = instructions[current.pc(at: index)]
            let advances: Bool
            switch instruction.opcode {
            case .match:
                switch mode {
                case .anyMatch:
                    return .stop
                case .fullMatch:
                    if position == end {
                        return .stop
                    }
                    continue
                case .firstMatch:
                    let base = current.slots(at: index)
                    result = .matched(Array(UnsafeBufferPointer(start: base, count: slotCount)))
                    return result
                }
            case .scalar:
                advances = scalar == instruction.argument
            case .charClass:
                advances = scalar != UTF8Text.none && program.classes[Int(instruction.argument)].contains(scalar)
            case .anyChar:
                advances = scalar != UTF8Text.none
            case .anyExceptNewline:
                advances = scalar != UTF8Text.none && scalar != 0x0A
            default:
                advances = false
            }
            if advances {
                let base = current.slots(at: index)
                for slot in 0..<slotCount {
                    scratch[slot] = base[slot]
                }
                addThread(upcoming, pc: Int(instruction.next), at: following, previous: scalar, next: after)
            }
        }
        return result
    }

    /// Adds the thread at `pc` and everything reachable from it by empty transitions to `list`,
    /// in priority order, recording `scratch` as the slots of each consuming or matching thread.
    private func addThread(_ list: ThreadList, pc start: Int, at position: Int, previous: UInt32, next: UInt32) {
        let instructions = program.instructions
        var top = 1
        stackTargets[0] = Int32(start)
        while top > 0 {
            top -= 1
            let target = Int(stackTargets[top])
            if target < 0 {
                scratch[-target - 1] = stackValues[top]
                continue
            }
            var pc = target
            following: while !list.contains(pc) {
                let index = list.insert(pc)
                steps += 1
                let instruction = instructions[pc]
                switch instruction.opcode {
                case .jump:
                    pc = Int(instruction.next)
                case .split:
                    stackTargets[top] = instruction.alternative
                    top += 1
                    pc = Int(instruction.next)
                case .save:
                    let slot = Int(instruction.argument)
                    if slot < slotCount {
                        stackTargets[top] = Int32(-slot - 1)
                        stackValues[top] = scratch[slot]
                        top += 1
                        scratch[slot] = position
                    }
                    pc = Int(instruction.next)
                case .assert:
                    guard PikeVM.holds(instruction.argument, previous: previous, next: next) else {
                        break following
                    }
                    pc = Int(instruction.next)
                case .fail:
                    break following
                default:
                    if slotCount > 0 {
                        let base = list.writableSlots(at: index)
                        for slot in 0..<slotCount {
                            base[slot] = scratch[slot]
                        }
                    }
                    break following
                }
            }
        }
    }

    /// Whether the assertion with raw value `kind` holds between `previous` and `next`.
    @inline(__always)
    static func holds(_ kind: UInt32, previous: UInt32, next: UInt32) -> Bool {
        switch Assertion(rawValue: kind) {
        case .beginText:
            return previous == UTF8Text.none
        case .endText:
            return next == UTF8Text.none
        case .beginLine:
            return previous == UTF8Text.none || previous == 0x0A
        case .endLine:
            return next == UTF8Text.none || next == 0x0A
        case .wordBoundary:
            return UnicodeTables.isWordScalar(previous) != UnicodeTables.isWordScalar(next)
        case .notWordBoundary:
            return UnicodeTables.isWordScalar(previous) == UnicodeTables.isWordScalar(next)
        case nil:
            return false
        }
    }
}
