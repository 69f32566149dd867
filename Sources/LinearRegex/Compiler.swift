/// Compiles an expression tree into a Thompson-NFA `Program` for the Pike VM.
///
/// Each node becomes a fragment: an entry instruction plus a list of dangling exits ("holes") that
/// are patched to whatever follows. Split instructions list the preferred branch first, which is
/// how leftmost-first (Perl/RE2) priority is encoded. Counted repetitions are expanded into copies,
/// so the instruction limit bounds both memory and compile time. The tree is walked with an
/// explicit stack (children first, then the node combines their fragments), so deeply nested
/// patterns cannot exhaust the call stack.
struct Compiler {
    /// The default maximum number of instructions in a compiled program.
    static let defaultInstructionLimit = 100_000

    /// A compiled fragment: entry point and dangling exits (instruction index × 2 + arm).
    struct Fragment {
        var start: Int
        var holes: [Int]
    }

    /// A node whose children are being compiled.
    private struct Pending {
        let node: Node
        let childCount: Int
        var children: [Fragment] = []
    }

    private var instructions: [Instruction] = []
    private var classes: [CompiledClass] = []
    private var classNumbers: [CharClass: Int] = [:]
    private let instructionLimit: Int

    private init(instructionLimit: Int) {
        self.instructionLimit = instructionLimit
    }

    /// Compiles a parsed tree with `groupCount` capture groups; the program records the whole match
    /// in slots 0 and 1 and group `i` in slots `2i` and `2i + 1`.
    static func compile(
        _ root: Node, groupCount: Int, instructionLimit: Int = defaultInstructionLimit
    ) throws
        -> Program
    {
        var compiler = Compiler(instructionLimit: instructionLimit)
        let body = try compiler.compile(.capture(root, index: 0))
        let match = try compiler.emit(Instruction(opcode: .match))
        compiler.patch(body.holes, to: match)
        let entry = Program.entryAnalysis(compiler.instructions, start: body.start)
        return Program(
            instructions: compiler.instructions,
            classes: compiler.classes,
            start: body.start,
            slotCount: 2 * (groupCount + 1),
            anchoredAtStart: entry.anchored,
            literalPrefix: entry.prefix)
    }

    /// Compiles `root` without recursion.
    private mutating func compile(_ root: Node) throws -> Fragment {
        var stack = [Pending(node: root, childCount: Compiler.childCount(root))]
        while true {
            let top = stack.count - 1
            if stack[top].children.count < stack[top].childCount {
                let child = Compiler.child(of: stack[top].node, at: stack[top].children.count)
                let count = Compiler.childCount(child)
                if count == 0 {
                    stack[top].children.append(try combine(child, []))
                } else {
                    stack.append(Pending(node: child, childCount: count))
                }
                continue
            }
            let finished = stack.removeLast()
            let fragment = try combine(finished.node, finished.children)
            if stack.isEmpty {
                return fragment
            }
            stack[stack.count - 1].children.append(fragment)
        }
    }

    /// How many sub-fragments a node needs; a repetition needs one copy of its body per instance.
    private static func childCount(_ node: Node) -> Int {
        switch node {
        case .capture:
            return 1
        case .concat(let items), .alternate(let items):
            return items.count
        case .repetition(_, let min, let max, _):
            return max ?? Swift.max(min, 1)
        default:
            return 0
        }
    }

    /// The node to compile for child `index`.
    private static func child(of node: Node, at index: Int) -> Node {
        switch node {
        case .capture(let body, _), .repetition(let body, _, _, _):
            return body
        case .concat(let items), .alternate(let items):
            return items[index]
        default:
            preconditionFailure("leaf nodes have no children")
        }
    }

    /// Emits the instructions of `node` itself, given its compiled children.
    private mutating func combine(_ node: Node, _ children: [Fragment]) throws -> Fragment {
        switch node {
        case .empty:
            return try single(.jump)
        case .noMatch:
            return Fragment(start: try emit(Instruction(opcode: .fail)), holes: [])
        case .literal(let scalar):
            return try single(.scalar, scalar)
        case .charClass(let set):
            return try single(.charClass, UInt32(classNumber(set)))
        case .anyChar:
            return try single(.anyChar)
        case .anyCharExceptNewline:
            return try single(.anyExceptNewline)
        case .assertion(let assertion):
            return try single(.assert, assertion.rawValue)
        case .capture(_, let index):
            let open = try emit(Instruction(opcode: .save, argument: UInt32(2 * index), next: Int32(children[0].start)))
            let close = try single(.save, UInt32(2 * index + 1))
            patch(children[0].holes, to: close.start)
            return Fragment(start: open, holes: close.holes)
        case .concat:
            var sequence: Fragment?
            for fragment in children {
                chain(&sequence, fragment)
            }
            return sequence!
        case .alternate:
            return try combineAlternation(children)
        case .repetition(_, let min, let max, let greedy):
            return try combineRepetition(children, min: min, max: max, greedy: greedy)
        }
    }

    /// Alternatives as a chain of splits, each preferring the earlier alternative.
    private mutating func combineAlternation(_ children: [Fragment]) throws -> Fragment {
        var holes: [Int] = []
        var start = -1
        var previousSplit = -1
        for (position, fragment) in children.enumerated() {
            holes += fragment.holes
            var entry = fragment.start
            if position < children.count - 1 {
                entry = try emit(Instruction(opcode: .split, next: Int32(fragment.start)))
            }
            if previousSplit >= 0 {
                instructions[previousSplit].alternative = Int32(entry)
            } else {
                start = entry
            }
            previousSplit = entry
        }
        return Fragment(start: start, holes: holes)
    }

    /// `body{min,max}` from its copies: `min` mandatory copies, then either a loop over the last
    /// copy (unbounded) or `max - min` nested optional copies.
    private mutating func combineRepetition(
        _ copies: [Fragment], min: Int, max: Int?, greedy: Bool
    ) throws
        -> Fragment
    {
        var sequence: Fragment?
        if max != nil {
            var exits: [Int] = []
            for (position, copy) in copies.enumerated() {
                if position < min {
                    chain(&sequence, copy)
                } else {
                    let split = try emit(Instruction(opcode: .split))
                    exits.append(setSplit(split, body: copy.start, greedy: greedy))
                    chain(&sequence, Fragment(start: split, holes: copy.holes))
                }
            }
            guard var fragment = sequence else { return try single(.jump) }
            fragment.holes += exits
            return fragment
        }
        let loop = copies[copies.count - 1]
        let split = try emit(Instruction(opcode: .split))
        let exit = setSplit(split, body: loop.start, greedy: greedy)
        patch(loop.holes, to: split)
        if min == 0 {
            return Fragment(start: split, holes: [exit])
        }
        for copy in copies.dropLast() {
            chain(&sequence, copy)
        }
        chain(&sequence, Fragment(start: loop.start, holes: [exit]))
        return sequence!
    }

    /// Appends an instruction, failing once the program exceeds the instruction limit.
    private mutating func emit(_ instruction: Instruction) throws -> Int {
        guard instructions.count < instructionLimit else {
            throw LinearRegexError(
                .patternTooLarge, "", at: 0,
                note: "compiled program exceeds \(instructionLimit) instructions")
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    /// Emits a single instruction whose `next` is a hole.
    private mutating func single(_ opcode: Opcode, _ argument: UInt32 = 0) throws -> Fragment {
        let index = try emit(Instruction(opcode: opcode, argument: argument))
        return Fragment(start: index, holes: [index * 2])
    }

    /// Points every hole at `target`.
    private mutating func patch(_ holes: [Int], to target: Int) {
        for hole in holes {
            if hole & 1 == 0 {
                instructions[hole >> 1].next = Int32(target)
            } else {
                instructions[hole >> 1].alternative = Int32(target)
            }
        }
    }

    /// Appends `fragment` to the sequence being built in `sequence`.
    private mutating func chain(_ sequence: inout Fragment?, _ fragment: Fragment) {
        guard let current = sequence else {
            sequence = fragment
            return
        }
        patch(current.holes, to: fragment.start)
        sequence = Fragment(start: current.start, holes: fragment.holes)
    }

    /// Points the preferred arm of `split` (per `greedy`) at `body`; returns the other arm as a hole.
    private mutating func setSplit(_ split: Int, body: Int, greedy: Bool) -> Int {
        if greedy {
            instructions[split].next = Int32(body)
            return split * 2 + 1
        }
        instructions[split].alternative = Int32(body)
        return split * 2
    }

    /// The index of `set` in the class table, adding it if new.
    private mutating func classNumber(_ set: CharClass) -> Int {
        if let number = classNumbers[set] {
            return number
        }
        classes.append(CompiledClass(set))
        classNumbers[set] = classes.count - 1
        return classes.count - 1
    }
}
