import Testing
import TollgateCore

@Suite struct PersonTests {
    @Test(
        arguments: [
            ("Dana Maintainer <dana@debian.example>", "Dana Maintainer", "dana@debian.example"),
            ("\"Doe, Jane\" <jane@x.example>", "Doe, Jane", "jane@x.example"),
            ("jane@x.example (Jane Doe)", "Jane Doe", "jane@x.example"),
            ("jane@x.example", "", "jane@x.example"),
            ("Debian QA Group", "Debian QA Group", nil),
            ("  Otto Kekäläinen   <otto@debian.org>  ", "Otto Kekäläinen", "otto@debian.org"),
            ("Nobody <>", "Nobody", nil),
            ("\"\" <q@x.example>", "", "q@x.example"),
            ("\"", "\"", nil),
            ("a@b.example ()", "", "a@b.example"),
            ("(not an address)", "(not an address)", nil),
            ("Name <a@b.example> trailing", "Name", "a@b.example"),
        ] as [(String, String, String?)])
    func parsesOnePerson(text: String, name: String, email: String?) {
        let person = Person(parsing: text)
        #expect(person.name == name)
        #expect(person.email == email)
        #expect(person.raw == text.trimmingWhitespace())
    }

    @Test func identityPrefersTheAddressCaseInsensitively() {
        #expect(Person(parsing: "A <Dana@Debian.Example>").identity == "dana@debian.example")
        #expect(Person(parsing: "Debian QA Group").identity == "debian qa group")
    }

    @Test func splitsUploadersKeepingCommasInQuotesAndAddresses() {
        let people = Person.list(parsing: "\"Doe, Jane\" <jane@x.example>, Bob <bob@y.example>,\n Carol <c@z.example>")
        #expect(people.map(\.name) == ["Doe, Jane", "Bob", "Carol"])
        #expect(people.map(\.email) == ["jane@x.example", "bob@y.example", "c@z.example"])
        #expect(Person.list(parsing: "").isEmpty)
    }
}
