/// A parsed expression node. `offset` is the byte offset the node is reported at.
struct Expr: Sendable {
    let id: Int
    let offset: Int
    /// Height of the subtree (a leaf has height 1); bounded by `Parser.maxDepth`.
    let height: Int
    let kind: ExprKind
    /// Whether the expression was written in parentheses (which stops qualified-name resolution).
    private(set) var isGrouped = false

    init(id: Int, offset: Int, height: Int, kind: ExprKind) {
        self.id = id
        self.offset = offset
        self.height = height
        self.kind = kind
    }

    /// The same expression marked as parenthesized.
    func grouped() -> Expr {
        var copy = self
        copy.isGrouped = true
        return copy
    }
}

/// The shape of an expression node.
indirect enum ExprKind: Sendable {
    case literal(CELValue)
    case identifier(String)
    /// `operand.field`, or `has(operand.field)` when `testOnly`.
    case select(operand: Expr, field: String, testOnly: Bool)
    /// A function or operator call; `target` is the receiver of `target.function(args)`.
    case call(function: String, target: Expr?, args: [Expr])
    case list([Expr])
    case map([MapEntry])
    /// `Type{field: value, ...}` message construction.
    case message(typeName: String, fields: [FieldInitializer])
    case comprehension(Comprehension)
}

/// One `key: value` entry of a map literal.
struct MapEntry: Sendable {
    let key: Expr
    let value: Expr
    let offset: Int
}

/// One `field: value` initializer of a message literal.
struct FieldInitializer: Sendable {
    let name: String
    let value: Expr
    let offset: Int
}

/// The macros that expand to comprehensions.
enum ComprehensionKind: Sendable {
    case all, exists, existsOne, map, filter, transformList, transformMap
}

/// An expanded comprehension macro such as `list.all(x, p)` or `map.transformMap(k, v, t)`.
struct Comprehension: Sendable {
    let kind: ComprehensionKind
    /// The element variable, or the index/key variable of two-variable forms.
    let variable: String
    /// The value variable of two-variable forms.
    let variable2: String?
    let range: Expr
    /// The predicate (all/exists/existsOne/filter) or optional filter (map/transformList/transformMap).
    let predicate: Expr?
    /// The produced element (map/transformList/transformMap).
    let transform: Expr?
}

/// Well-known operator function names.
enum Operator {
    static let and = "_&&_"
    static let or = "_||_"
    static let not = "!_"
    static let negate = "-_"
    static let conditional = "_?_:_"
    static let index = "_[_]"
    static let `in` = "@in"
    static let equals = "_==_"
    static let notEquals = "_!=_"
    static let less = "_<_"
    static let lessEquals = "_<=_"
    static let greater = "_>_"
    static let greaterEquals = "_>=_"
    static let add = "_+_"
    static let subtract = "_-_"
    static let multiply = "_*_"
    static let divide = "_/_"
    static let modulo = "_%_"

    /// The source spelling of an operator function, for messages.
    static func display(_ function: String) -> String {
        switch function {
        case and: return "&&"
        case or: return "||"
        case not: return "!"
        case negate: return "-"
        case conditional: return "?:"
        case index: return "[]"
        case `in`: return "in"
        default:
            if function.hasPrefix("_") && function.hasSuffix("_") && function.count > 2 {
                return String(function.dropFirst().dropLast())
            }
            return function
        }
    }
}
