import LinearRegex

/// Finds the shell idioms that hide and unpack data in build-system files: a binary search of the source tree, a
/// character map that permutes a set onto itself, byte slicing, decompression or output piped into `eval` or a
/// shell. Ordinary autoconf, automake, libtool, gettext and gnulib code does none of these (the tests hold that
/// against every macro Debian ships).
struct BuildScriptScanner {
    /// One idiom on one line.
    struct Hit: Equatable {
        var line: Int
        var kind: String
        var text: String
    }

    /// A search of files by a build script: its pattern, and whether it searches the tree.
    struct Search {
        var line: Int
        var pattern: SearchPattern
        var text: String
    }

    private static func compile(_ pattern: String) -> LinearRegex {
        // The patterns are constants of this file; a failure is a programming error caught by the tests.
        try! LinearRegex(pattern)
    }

    static let grepCommand = compile(#"(?:^|[\s|;&(`'"=\[])([ef]?grep)\s+(.*)$"#)
    /// `head`/`tail` by bytes. (`dd skip=` and `cut -b` are left out: libtool and gettext macros use both to read
    /// a byte of a binary or a version string, next to their own `eval` of command output.)
    static let byteSlicing = compile(#"(?:^|[\s|;&(`'"])(?:head|tail)\s+(?:-c\s*[+-]?\d+|--bytes(?:=|\s+)?[+-]?\d+)"#)
    /// Output piped into `eval` of an expansion, or into a shell or another interpreter (not a `case` alternative
    /// like `| sh |`, not `||`); the shell word may end an m4-quoted argument (`| sh])`).
    static let pipeToShell = compile(
        #"(?:^|[^|])\|\s*(?:eval\s+["']?\$|(?:sh|bash|dash|ksh|zsh|perl|python3?|\$SHELL|\$\{SHELL\}|\$CONFIG_SHELL|\$\{CONFIG_SHELL\}|/bin/sh|/bin/bash|/usr/bin/perl)(?:\s*$|\s+[^|\s]|\s*[;)\]`'"]))"#
    )
    /// Command output run as code: `eval` or `sh -c` of a command substitution (`eval "$(xz -dc f)"`, m4-quoted
    /// too); an indicator only with a decompressor on the line (libtool evaluates a compiler's output this way).
    static let evalOfOutput = compile(
        #"(?:^|[\s;&(|`'"\[])(?:eval|(?:ba|da|k)?sh\s+-c)\s+["']?(?:\$\(|`)"#
    )
    static let decompressor = compile(
        #"(?:^|[\s|;&(`'"$\[])(?:(?:xz|lzma|gzip|bzip2|zstd|lz4|lzip|brotli)\s+(?:-[a-zA-Z]*d[a-zA-Z]*|--decompress)|unxz|unlzma|gunzip|bunzip2|unzstd|unlz4|xzdec|lzmadec|zcat|xzcat|lzcat|bzcat|zstdcat|gzcat|lz4cat)\b|\|\s*\$\{?[A-Za-z_][A-Za-z0-9_\[\]$]*\}?\s+(?:-[a-zA-Z]*d[a-zA-Z]*|--decompress)\b"#
    )

    /// Scans a build-system file's text. Lines are looked at as bytes first; only a line holding one of the
    /// idioms' words (`grep`, `tr `, `head`, `tail`, `|`) is decoded and matched.
    static func scan(_ bytes: [UInt8]) -> (hits: [Hit], searches: [Search]) {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var variables: [String: String]?
        var hits: [Hit] = []
        var searches: [Search] = []
        for (index, raw) in lines.enumerated() {
            let slice = raw.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            guard let first = slice.first, first != UInt8(ascii: "#"), !slice.starts(with: "dnl ".utf8) else {
                continue
            }
            let hasGrep = slice.contains(substring: "grep")
            let hasTr = slice.contains(substring: "tr ")
            let hasSlicing = slice.contains(substring: "head") || slice.contains(substring: "tail")
            let hasPipe = slice.contains(UInt8(ascii: "|"))
            let hasEval = slice.contains(substring: "eval") || slice.contains(substring: "sh -c")
            guard hasGrep || hasTr || hasSlicing || hasPipe || hasEval else { continue }
            let line = String(decoding: raw, as: UTF8.self)
            let number = index + 1
            let shown = String(String(decoding: slice, as: UTF8.self).prefix(200))
            func hit(_ kind: String) {
                if !hits.contains(where: { $0.line == number && $0.kind == kind }) {
                    hits.append(Hit(line: number, kind: kind, text: shown))
                }
            }
            // Idioms inside quoted strings (a command kept in a variable) are found too: the patterns look at the
            // raw line.
            if hasGrep {
                if variables == nil {
                    variables = ShellWords.assignments(
                        in: lines.filter { ShellWords.looksLikeAssignment($0) }.map {
                            Substring(String(decoding: $0, as: UTF8.self))
                        })
                }
                if let grep = grep(in: line, variables: variables ?? [:]) {
                    if grep.binary && grep.recursive { hit("binary-search-of-tree") }
                    if let pattern = grep.pattern, grep.recursive || grep.searchesTree {
                        searches.append(Search(line: number, pattern: pattern, text: shown))
                    }
                }
            }
            if hasTr, permutesBytes(line) { hit("byte-translation") }
            if hasSlicing, byteSlicing.matches(line) { hit("byte-slicing") }
            let piped = hasPipe && pipeToShell.matches(withoutSymbolPipe(line))
            let evaluated = hasEval && evalOfOutput.matches(line)
            if (piped || evaluated) && decompressor.matches(line) {
                hit("decompress-to-shell")
            } else if piped {
                hit("pipe-to-shell")
            }
        }
        return (hits, searches)
    }

    /// libtool's `$NM "$f" | eval "$global_symbol_pipe"` (the symbol filter its configure defines) taken out of a
    /// line, so that every tarball with an `ltmain.sh` does not show it as output piped into `eval`.
    static func withoutSymbolPipe(_ line: String) -> String {
        let idiom = #"| eval "$global_symbol_pipe""#
        guard line.contains("$NM "), line.contains(idiom) else { return line }
        return line.replacingOccurrences(of: idiom, with: "")
    }

    /// A grep invocation: its flags, its pattern (variables of the same file resolved), what it searches.
    static func grep(
        in line: String, variables: [String: String]
    ) -> (
        binary: Bool, recursive: Bool, searchesTree: Bool, pattern: SearchPattern?
    )? {
        guard let captures = grepCommand.captures(in: line), let commandRange = captures[1], let restRange = captures[2]
        else { return nil }
        var flags: Set<Character> = []
        switch line[commandRange] {
        case "egrep": flags.insert("E")
        case "fgrep": flags.insert("F")
        default: break
        }
        let words = ShellWords.read(line[restRange], limit: 24)
        var binary = false
        var recursive = false
        var pattern: String?
        var operands: [String] = []
        var i = 0
        var optionsEnded = false
        while i < words.count {
            let w = words[i].text
            if pattern == nil, !optionsEnded, !words[i].quoted, w == "--" {
                optionsEnded = true
            } else if pattern == nil, !optionsEnded, !words[i].quoted, w.hasPrefix("--") {
                switch w {
                case "--text", "--binary-files=text": binary = true
                case "--recursive", "--dereference-recursive": recursive = true
                case "--fixed-strings": flags.insert("F")
                case "--extended-regexp": flags.insert("E")
                case "--ignore-case": flags.insert("i")
                default: break
                }
                if w.hasPrefix("--regexp="), i + 0 < words.count { pattern = String(w.dropFirst("--regexp=".count)) }
            } else if pattern == nil, !optionsEnded, !words[i].quoted, w.hasPrefix("-"), w.count > 1 {
                for letter in w.dropFirst() {
                    switch letter {
                    case "a": binary = true
                    case "r", "R": recursive = true
                    case "E", "F", "P", "i", "w", "x": flags.insert(letter)
                    case "e":
                        if i + 1 < words.count {
                            pattern = resolve(words[i + 1], variables)
                            i += 1
                        }
                    default: break
                    }
                }
            } else if pattern == nil {
                pattern = resolve(words[i], variables)
            } else {
                operands.append(w)
            }
            i += 1
        }
        let searchesTree = operands.contains { op in
            op.contains("srcdir") || op == "." || op == "./"
                || FileCategory.testDirectories.contains(
                    String(op.split(separator: "/").last ?? ""))
        }
        return (binary, recursive, searchesTree, pattern.flatMap { SearchPattern(pattern: $0, flags: flags) })
    }

    /// A word with `$name`/`${name}` replaced when the file assigns that variable a constant.
    static func resolve(_ word: ShellWords.Word, _ variables: [String: String]) -> String? {
        guard word.expands else { return word.text }
        var name = word.text
        guard name.hasPrefix("$") else { return nil }
        name.removeFirst()
        if name.hasPrefix("{"), name.hasSuffix("}") { name = String(name.dropFirst().dropLast()) }
        return variables[name]
    }

    /// A `tr SET1 SET2` whose sets hold the same characters in another order: a character map that scrambles text
    /// but keeps its alphabet (case conversions and byte-value maps change the alphabet and are not this).
    static func permutesBytes(_ line: String) -> Bool {
        let chars = Array(line)
        var i = 0
        while i + 2 < chars.count {
            defer { i += 1 }
            guard chars[i] == "t", chars[i + 1] == "r", chars[i + 2] == " " || chars[i + 2] == "\t",
                i == 0 || " \t|;&(`'\"=[".contains(chars[i - 1])
            else { continue }
            let args = ShellWords.read(Substring(String(chars[(i + 3)...])), limit: 2)
            guard args.count == 2, !args[0].text.hasPrefix("-"), !args[0].expands, !args[1].expands,
                let a = expand(args[0].text), let b = expand(args[1].text), a.count >= 2
            else { continue }
            if a != b && a.sorted() == b.sorted() { return true }
        }
        return false
    }

    /// The characters of a `tr` set: escapes (`\t`, `\n`, `\\`, `\-`, octal) and ranges expanded. Nil for sets
    /// with classes (`[:upper:]`) or repeats, which are not compared.
    static func expand(_ set: String) -> [UInt32]? {
        var items: [(value: UInt32, escaped: Bool)] = []
        var chars = Array(set.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if c == "[", chars.first == ":" || chars.first == "=" { return nil }
            if c == "\\", let next = chars.first {
                chars.removeFirst()
                switch next {
                case "t": items.append((9, true))
                case "n": items.append((10, true))
                case "r": items.append((13, true))
                case "0"..."7":
                    var value = next.value - 48
                    var digits = 1
                    while digits < 3, let d = chars.first, ("0"..."7").contains(d) {
                        value = value * 8 + d.value - 48
                        chars.removeFirst()
                        digits += 1
                    }
                    items.append((value, true))
                default: items.append((next.value, true))
                }
                continue
            }
            items.append((c.value, false))
        }
        var out: [UInt32] = []
        var i = 0
        while i < items.count {
            if i + 2 < items.count, items[i + 1].value == 45, !items[i + 1].escaped,
                items[i].value <= items[i + 2].value
            {
                out += Array(items[i].value...items[i + 2].value)
                i += 3
            } else {
                out.append(items[i].value)
                i += 1
            }
        }
        return out
    }
}

extension ArraySlice where Element == UInt8 {
    /// Whether the ASCII `text` occurs in these bytes.
    func contains(substring text: StaticString) -> Bool {
        let needle = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        guard let first = needle.first, count >= needle.count else { return false }
        return withUnsafeBufferPointer { hay in
            var i = 0
            let last = hay.count - needle.count
            while i <= last {
                if hay[i] == first {
                    var j = 1
                    while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether the ASCII `text` occurs in these bytes.
    func contains(substring text: StaticString) -> Bool { self[...].contains(substring: text) }
}
