/// A script the package manager runs on the target system: a Debian maintainer script or an RPM scriptlet.
public struct Script: Sendable, Hashable {
    /// The script's role: `preinst`, `postinst`, `prerm`, `postrm`, `config`, `triggers` (Debian); `pre`, `post`,
    /// `preun`, `postun`, `pretrans`, `posttrans`, `verify`, `triggerprein`, `triggerin`, `triggerun`,
    /// `triggerpostun`, `filetriggerin`, … (RPM).
    public var name: String
    /// The interpreter: from the `#!` line for Debian scripts, from the header for RPM (`/bin/sh`, `<lua>`); nil
    /// when none is declared (Debian `triggers` is data, not a program).
    public var interpreter: String?
    /// The script text.
    public var body: String
    /// For RPM triggers: the trigger condition (`name >= version`); nil otherwise.
    public var condition: String?

    /// Creates a script.
    public init(name: String, interpreter: String?, body: String, condition: String? = nil) {
        self.name = name
        self.interpreter = interpreter
        self.body = body
        self.condition = condition
    }

    /// The interpreter named on a `#!` first line, with its arguments.
    public static func shebang(of body: String) -> String? {
        guard body.hasPrefix("#!") else { return nil }
        let line = body.dropFirst(2).prefix { $0 != "\n" }
        let text = line.trimmingWhitespace()
        return text.isEmpty ? nil : text
    }
}

extension Script: FactSchemaDeclaring {
    public static let factTypeName = "Script"
    public static let factDocumentation = "A maintainer script (Debian) or scriptlet (RPM) run on the target system."
    public static let factFields = FactFieldTable<Script>([
        .string(
            "name", "Role: `preinst`, `postinst`, `prerm`, `postrm`, `config`, `triggers`; `pre`, `post`, `preun`, …"
        ) {
            $0.name
        },
        .string("interpreter", "Interpreter (`#!` line for Debian, header for RPM, `<lua>`); unset when none.") {
            $0.interpreter
        },
        .string("body", "The script text.") { $0.body },
        .int("size", "Length of the script text in bytes.") { Int64($0.body.utf8.count) },
        .string("condition", "RPM trigger condition (`name >= version`); unset for other scripts.") { $0.condition },
    ])
}
