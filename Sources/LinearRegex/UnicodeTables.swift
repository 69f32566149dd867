/// Named character classes: Unicode general categories (from the standard library's
/// `Unicode.Scalar.Properties`), Unicode scripts (from `ScriptTables.swift`), and the ASCII-only
/// Perl (`\d \s \w`) and POSIX (`[:alpha:]`) classes of RE2.
enum UnicodeTables {
    /// Looks up a `\p{...}` name: `Any`, a general category (`L`, `Lu`, `Nd`, ...) or a script (`Greek`).
    /// Names are case-sensitive, as in RE2.
    static func namedClass(_ name: String) -> CharClass? {
        if name == "Any" {
            return CharClass.all
        }
        if let category = generalCategories[name] {
            return category
        }
        return scripts[name]
    }

    /// The Perl class for `d`, `s` or `w` (ASCII-only, as in RE2).
    static func perlClass(_ letter: UInt32) -> CharClass? {
        switch letter {
        case 0x64: return CharClass(pairs: [0x30, 0x39])
        case 0x73: return CharClass(pairs: [0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x20])
        case 0x77: return CharClass(pairs: [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A])
        default: return nil
        }
    }

    /// The POSIX class for a `[:name:]` bracket expression (ASCII-only, as in RE2).
    static func posixClass(_ name: String) -> CharClass? {
        let pairs: [UInt32]
        switch name {
        case "alnum": pairs = [0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A]
        case "alpha": pairs = [0x41, 0x5A, 0x61, 0x7A]
        case "ascii": pairs = [0x00, 0x7F]
        case "blank": pairs = [0x09, 0x09, 0x20, 0x20]
        case "cntrl": pairs = [0x00, 0x1F, 0x7F, 0x7F]
        case "digit": pairs = [0x30, 0x39]
        case "graph": pairs = [0x21, 0x7E]
        case "lower": pairs = [0x61, 0x7A]
        case "print": pairs = [0x20, 0x7E]
        case "punct": pairs = [0x21, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7E]
        case "space": pairs = [0x09, 0x0D, 0x20, 0x20]
        case "upper": pairs = [0x41, 0x5A]
        case "word": pairs = [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A]
        case "xdigit": pairs = [0x30, 0x39, 0x41, 0x46, 0x61, 0x66]
        default: return nil
        }
        return CharClass(pairs: pairs)
    }

    /// Whether `scalar` is an ASCII word character `[0-9A-Za-z_]`, as used by `\b` and `\B`.
    @inline(__always)
    static func isWordScalar(_ scalar: UInt32) -> Bool {
        (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x41 && scalar <= 0x5A)
            || (scalar >= 0x30 && scalar <= 0x39) || scalar == 0x5F
    }

    /// General categories by two-letter abbreviation, plus the one-letter unions (`L`, `M`, `N`, `P`,
    /// `S`, `Z`, `C`). Unassigned code points (`Cn`) are not exposed, as in RE2; `C` is `Cc|Cf|Co|Cs`.
    /// Built once, on first use, by scanning every code point.
    private static let generalCategories: [String: CharClass] = buildGeneralCategories()

    private static func buildGeneralCategories() -> [String: CharClass] {
        var ranges: [String: [ScalarRange]] = [:]
        var runStart: UInt32 = 0
        var runCategory = Unicode.GeneralCategory.control

        for value in UInt32(1)...CharClass.maxScalar {
            let category = Unicode.Scalar(value)?.properties.generalCategory ?? .surrogate
            if category != runCategory {
                ranges[abbreviation(runCategory), default: []].append(ScalarRange(runStart, value - 1))
                runStart = value
                runCategory = category
            }
        }
        ranges[abbreviation(runCategory), default: []].append(ScalarRange(runStart, CharClass.maxScalar))
        ranges["Cn"] = nil

        var table: [String: CharClass] = [:]
        for (name, list) in ranges {
            table[name] = CharClass(list)
        }
        let unions: [String: [String]] = [
            "L": ["Lu", "Ll", "Lt", "Lm", "Lo"],
            "M": ["Mn", "Mc", "Me"],
            "N": ["Nd", "Nl", "No"],
            "P": ["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"],
            "S": ["Sm", "Sc", "Sk", "So"],
            "Z": ["Zs", "Zl", "Zp"],
            "C": ["Cc", "Cf", "Co", "Cs"],
        ]
        for (name, parts) in unions {
            var union: [ScalarRange] = []
            for part in parts {
                union += table[part]?.ranges ?? []
            }
            table[name] = CharClass(union)
        }
        return table
    }

    /// The two-letter Unicode abbreviation of a general category.
    private static func abbreviation(_ category: Unicode.GeneralCategory) -> String {
        switch category {
        case .uppercaseLetter: return "Lu"
        case .lowercaseLetter: return "Ll"
        case .titlecaseLetter: return "Lt"
        case .modifierLetter: return "Lm"
        case .otherLetter: return "Lo"
        case .nonspacingMark: return "Mn"
        case .spacingMark: return "Mc"
        case .enclosingMark: return "Me"
        case .decimalNumber: return "Nd"
        case .letterNumber: return "Nl"
        case .otherNumber: return "No"
        case .connectorPunctuation: return "Pc"
        case .dashPunctuation: return "Pd"
        case .openPunctuation: return "Ps"
        case .closePunctuation: return "Pe"
        case .initialPunctuation: return "Pi"
        case .finalPunctuation: return "Pf"
        case .otherPunctuation: return "Po"
        case .mathSymbol: return "Sm"
        case .currencySymbol: return "Sc"
        case .modifierSymbol: return "Sk"
        case .otherSymbol: return "So"
        case .spaceSeparator: return "Zs"
        case .lineSeparator: return "Zl"
        case .paragraphSeparator: return "Zp"
        case .control: return "Cc"
        case .format: return "Cf"
        case .surrogate: return "Cs"
        case .privateUse: return "Co"
        case .unassigned: return "Cn"
        @unknown default: return "Cn"
        }
    }

    /// Unicode scripts by their long property value name (`Latin`, `Greek`, `Old_Italic`, ...).
    private static let scripts: [String: CharClass] = parseScripts(scriptData)

    /// Parses the compact `Name HEX-HEX HEX ...` lines of `scriptData`; a name may span several lines.
    private static func parseScripts(_ data: String) -> [String: CharClass] {
        var ranges: [String: [ScalarRange]] = [:]
        for line in data.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let name = fields.first else { continue }
            var list = ranges[String(name)] ?? []
            for field in fields.dropFirst() {
                let bounds = field.split(separator: "-").compactMap { UInt32($0, radix: 16) }
                if bounds.count == 1 {
                    list.append(ScalarRange(bounds[0], bounds[0]))
                } else if bounds.count == 2 {
                    list.append(ScalarRange(bounds[0], bounds[1]))
                }
            }
            ranges[String(name)] = list
        }
        return ranges.mapValues { CharClass($0) }
    }
}
