/// The operation of one instruction of a compiled program.
enum Opcode: UInt8, Sendable {
    /// Consume the code point `argument`, then go to `next`.
    case scalar
    /// Consume a code point in class number `argument`, then go to `next`.
    case charClass
    /// Consume any code point, then go to `next`.
    case anyChar
    /// Consume any code point except `\n`, then go to `next`.
    case anyExceptNewline
    /// Continue at `next` (preferred) and at `alternative`.
    case split
    /// Continue at `next` (also used as a no-op for empty expressions).
    case jump
    /// Record the current position in capture slot `argument`, then go to `next`.
    case save
    /// Continue at `next` only if assertion `argument` holds at the current position.
    case assert
    /// Report a match.
    case match
    /// Never matches.
    case fail
}

/// One instruction of a Thompson-NFA program.
struct Instruction: Sendable {
    var opcode: Opcode
    var argument: UInt32 = 0
    var next: Int32 = -1
    var alternative: Int32 = -1
}

/// A compiled program for the Pike VM.
struct Program: Sendable {
    /// The instructions; `start` is the entry point.
    var instructions: [Instruction]
    /// Character classes referenced by `charClass` instructions.
    var classes: [CompiledClass]
    /// Entry instruction.
    var start: Int
    /// Capture slots (two per group, group 0 being the whole match).
    var slotCount: Int
    /// True when every match must start at the beginning of the text (the pattern starts with `\A`).
    var anchoredAtStart: Bool
    /// UTF-8 bytes every match starts with (used to skip ahead when no thread is alive).
    var literalPrefix: [UInt8]
}

extension Program {
    /// Follows the single path from the entry through saves, jumps, assertions and literal code
    /// points; every match passes through it. Returns the literals met on the way (as UTF-8) and
    /// whether a start-of-text assertion comes before any of them.
    static func entryAnalysis(_ instructions: [Instruction], start: Int) -> (prefix: [UInt8], anchored: Bool) {
        var scalars: [UInt32] = []
        var anchored = false
        var pc = start
        var visited = 0
        walk: while visited < instructions.count {
            visited += 1
            let instruction = instructions[pc]
            switch instruction.opcode {
            case .save, .jump:
                break
            case .assert:
                if instruction.argument == Assertion.beginText.rawValue && scalars.isEmpty {
                    anchored = true
                }
            case .scalar:
                guard Unicode.Scalar(instruction.argument) != nil else { break walk }
                scalars.append(instruction.argument)
            default:
                break walk
            }
            pc = Int(instruction.next)
        }
        var bytes: [UInt8] = []
        for value in scalars {
            bytes.append(contentsOf: String(Unicode.Scalar(value)!).utf8)
        }
        return (bytes, anchored)
    }
}
