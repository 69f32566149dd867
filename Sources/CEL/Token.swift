/// Lexical tokens of CEL.
enum TokenKind: Equatable {
    case eof
    case identifier(String)
    /// A backtick-quoted identifier, only valid as a field name.
    case quotedIdentifier(String)
    /// The magnitude of a signed integer literal (may be `Int64.max + 1`, valid only when negated).
    case int(UInt64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case trueLiteral, falseLiteral, nullLiteral, inKeyword
    case lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case dot, comma, colon, question
    case plus, minus, star, slash, percent, bang
    case equal, notEqual, less, lessEqual, greater, greaterEqual, and, or

    var display: String {
        switch self {
        case .eof: return "end of input"
        case .identifier(let name): return "'\(name)'"
        case .quotedIdentifier(let name): return "`\(name)`"
        case .int(let value): return "'\(value)'"
        case .uint(let value): return "'\(value)u'"
        case .double(let value): return "'\(value)'"
        case .string: return "string literal"
        case .bytes: return "bytes literal"
        case .trueLiteral: return "'true'"
        case .falseLiteral: return "'false'"
        case .nullLiteral: return "'null'"
        case .inKeyword: return "'in'"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .lbracket: return "'['"
        case .rbracket: return "']'"
        case .lbrace: return "'{'"
        case .rbrace: return "'}'"
        case .dot: return "'.'"
        case .comma: return "','"
        case .colon: return "':'"
        case .question: return "'?'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .star: return "'*'"
        case .slash: return "'/'"
        case .percent: return "'%'"
        case .bang: return "'!'"
        case .equal: return "'=='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .and: return "'&&'"
        case .or: return "'||'"
        }
    }
}

/// A token with its byte range in the source.
struct Token {
    let kind: TokenKind
    let start: Int
    let end: Int
}

/// A syntax error at a byte offset.
struct SyntaxError: Error {
    let message: String
    let offset: Int
}
