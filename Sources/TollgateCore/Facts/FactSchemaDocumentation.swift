/// Generates `docs/facts.md` from the fact schema; a test fails when the committed file differs.
public enum FactSchemaDocumentation {
    /// The Markdown reference of the package and release documents.
    public static func markdown() -> String {
        var out = """
            # The fact document

            <!-- Generated from the fact schema in Sources/TollgateCore; do not edit by hand. Regenerate with
                 `TOLLGATE_UPDATE_DOCS=1 swift test --filter factsDocumentationIsUpToDate`. -->

            One JSON document per package version, the same shape for Debian and RPM where the concept is the same.
            It is the contract between Tollgate's readers and its policies: every policy condition is a CEL
            expression over these fields, and the top-level fields of `Package` are its variables.

            Conventions:
            - A field that is **left out** (unset) means the reader could not know it — an index entry has no file
              list, a Debian package has no `packager`. It never means "empty": an empty list is written as `[]`.
              In CEL, `has(field)` tells the two apart; an unset nullable field reads as `null`.
            - Timestamps are RFC 3339 in UTC; sizes are bytes; names are exactly as the metadata writes them.
            - Fields whose name starts with `claimed_` come from data nobody has verified.

            In policies, every top-level field of `Package` is a variable (`name`, `files`, `history`…), and
            `facts` is the whole document, so that presence can be tested: `has(facts.repository)`. Unset nullable
            scalars read as `null`, unset objects as an empty object, unset lists and maps as empty.

            Command output (`tollgate facts`, `tollgate scan --format json`) adds a `verdict` key beside the facts
            when policies ran: the score, decision, findings and waived findings. It is not a fact and policies
            cannot read it.

            Schema version: \(PackageFacts.schemaVersion).

            """
        for (title, schema) in [("Package documents", FactSchema.package), ("Release documents", FactSchema.release)] {
            out += "\n## \(title)\n"
            for object in schema.objects {
                if title == "Release documents", FactSchema.package.object(object.name) != nil { continue }
                out += "\n### `\(object.name)`\n\n\(object.documentation)\n\n"
                out += "| Field | Type | Meaning |\n|---|---|---|\n"
                for field in object.fields {
                    let type = "`\(field.type)`" + (field.optional ? " (may be unset)" : "")
                    let doc = field.documentation.replacingAll("|", with: "\\|")
                    out += "| `\(field.name)` | \(type) | \(doc) |\n"
                }
            }
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
