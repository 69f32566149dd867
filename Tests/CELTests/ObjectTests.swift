import CEL
import XCTest

final class ObjectTests: XCTestCase {
    private var environment: CELEnvironment {
        var environment = CELEnvironment(typeProvider: TestProvider())
        environment.declareVariable("pkg", .message("tollgate.Package"))
        return environment
    }

    private let full = TestPackage(
        name: "libfoo", version: "1.2-3", files: ["a.so", "b.so"], size: 42,
        maintainer: TestPerson(email: "dev@example.org"), labels: ["team": "core"],
        published: CELTimestamp(seconds: 1_700_000_000))

    private func run(_ expression: String, _ package: TestPackage, dynamic: Bool = false) throws -> CELValue {
        var environment = environment
        environment.mode = dynamic ? .dynamic : .checked
        return try environment.compile(expression).evaluate(environment.activation(["pkg": .object(package)]))
    }

    func testSetFieldsReturnTheirValues() throws {
        XCTAssertEqual(try run("pkg.name", full), .string("libfoo"))
        XCTAssertEqual(try run("pkg.version", full), .string("1.2-3"))
        XCTAssertEqual(try run("pkg.size + 1", full), .int(43))
        XCTAssertEqual(try run("pkg.maintainer.email", full), .string("dev@example.org"))
        XCTAssertEqual(try run("pkg.labels.team", full), .string("core"))
        XCTAssertEqual(try run("pkg.files.all(f, f.endsWith('.so'))", full), .bool(true))
        XCTAssertEqual(try run("pkg.published.getFullYear()", full), .int(2023))
    }

    func testUnsetFieldsYieldZeroValuesOrNullForNullable() throws {
        let empty = TestPackage()
        XCTAssertEqual(try run("pkg.name", empty), .string(""))
        XCTAssertEqual(try run("pkg.files", empty), .list([]))
        XCTAssertEqual(try run("pkg.labels", empty), .map(CELMap()))
        XCTAssertEqual(try run("pkg.published", empty), .timestamp(CELTimestamp(seconds: 0)))
        XCTAssertEqual(try run("pkg.version", empty), .null)
        XCTAssertEqual(try run("pkg.size == null && pkg.version == null", empty), .bool(true))
        XCTAssertEqual(try run("pkg.maintainer.email", empty), .string(""), "unset message is an empty message")
        XCTAssertEqual(try run("type(pkg.maintainer) == tollgate.Person", empty), .bool(true))
        XCTAssertEqual(try run("has(pkg.maintainer.email)", empty), .bool(false))
        XCTAssertEqual(try run("pkg.name", empty, dynamic: true), .string(""), "dynamic mode uses the provider")
        XCTAssertEqual(try run("pkg.size", empty, dynamic: true), .null)
    }

    func testNullableFieldsInArithmeticFailOnlyWhenNull() throws {
        XCTAssertEqual(try run("pkg.size * 2", full), .int(84))
        let error = try XCTUnwrap(catchError { try self.run("pkg.size * 2", TestPackage()) })
        XCTAssertEqual(error.kind, .noMatchingOverload)
        XCTAssertEqual(try run("pkg.size != null && pkg.size > 10", TestPackage()), .bool(false))
    }

    func testAValueIsItsTypesZeroOnlyWhenNothingButPresenceTellsThemApart() {
        for type in [CELType.bool, .int, .uint, .string, .bytes, .list(.string), .map(.string, .int), .null] {
            let zero = CELValue.zero(of: type)
            XCTAssertTrue(zero.isZero(like: zero), "\(type)")
        }
        XCTAssertTrue(CELValue.list([]).isZero(like: .zero(of: .list(.int))))
        XCTAssertFalse(CELValue.list([.int(0)]).isZero(like: .zero(of: .list(.int))))
        XCTAssertFalse(CELValue.string("x").isZero(like: .string("")))
        XCTAssertFalse(CELValue.int(0).isZero(like: .uint(0)), "another type is another value")
        XCTAssertFalse(CELValue.int(0).isZero(like: .null), "a nullable field's zero is null, not 0")
        XCTAssertFalse(CELValue.bool(true).isZero(like: .bool(false)))
        // Kinds not compared: never taken for a zero.
        XCTAssertFalse(CELValue.double(0).isZero(like: .double(0)))
        XCTAssertFalse(
            CELValue.zero(of: .message("tollgate.Package")).isZero(like: .zero(of: .message("tollgate.Package"))))
    }

    func testHasTestsPresence() throws {
        XCTAssertEqual(try run("has(pkg.name) && has(pkg.version) && has(pkg.maintainer)", full), .bool(true))
        XCTAssertEqual(try run("has(pkg.name) || has(pkg.version) || has(pkg.files)", TestPackage()), .bool(false))
        XCTAssertEqual(try run("has(pkg.files)", TestPackage(files: [])), .bool(true), "set-but-empty counts as set")
        XCTAssertEqual(try run("has(pkg.labels.team) && !has(pkg.labels.owner)", full), .bool(true))
    }

    func testUnknownFields() throws {
        XCTAssertEqual(
            compileDiagnostics("pkg.nope", environment: environment).first?.message,
            "no such field 'nope' on type 'tollgate.Package'")
        let error = try XCTUnwrap(catchError { try self.run("pkg.nope", self.full, dynamic: true) })
        XCTAssertEqual(error.kind, .noSuchField)
        XCTAssertEqual(error.message, "no such field 'nope' on type 'tollgate.Package'")
        XCTAssertEqual(catchError { try self.run("has(pkg.nope)", self.full, dynamic: true) }?.kind, .noSuchField)
        XCTAssertEqual(catchError { try self.run("pkg.name.nope", self.full, dynamic: true) }?.kind, .noSuchField)
    }

    func testObjectEqualityAndPrinting() throws {
        var environment = environment
        environment.declareVariable("other", .message("tollgate.Package"))
        let program = try environment.compile("pkg == other")
        let same = environment.activation(["pkg": .object(full), "other": .object(full)])
        XCTAssertEqual(try program.evaluate(same), .bool(true))
        var changed = full
        changed.size = 43
        let different = environment.activation(["pkg": .object(full), "other": .object(changed)])
        XCTAssertEqual(try program.evaluate(different), .bool(false))
        XCTAssertEqual(
            CELValue.object(TestPackage(name: "x", size: 1)).literal,
            "tollgate.Package{name: \"x\", size: 1}")
    }

    func testHostFunctions() throws {
        var environment = environment
        environment.declareVariable("a", .string)
        environment.addFunction(
            "deb_version_compare",
            overloads: [
                .global(id: "deb_version_compare_string_string", params: [.string, .string], result: .int) { args in
                    guard case .string(let left) = args[0], case .string(let right) = args[1] else { return .null }
                    return .int(left == right ? 0 : (left < right ? -1 : 1))
                }
            ])
        environment.addFunction(
            "isLibrary",
            overloads: [
                .receiver(id: "package_is_library", on: .message("tollgate.Package"), params: [], result: .bool) {
                    args in
                    guard case .object(let object) = args[0], case .string(let name)? = object.celField("name") else {
                        return .bool(false)
                    }
                    return .bool(name.hasPrefix("lib"))
                }
            ])
        environment.addFunction(
            "now",
            overloads: [
                .global(id: "now", params: [], result: .timestamp) { _ in
                    .timestamp(CELTimestamp(seconds: 1_800_000_000))
                }
            ])
        environment.addFunction(
            "tollgate.describe",
            overloads: [
                .global(id: "describe_int", params: [.int], result: .string) { args in .string("int \(args[0])") },
                .global(id: "describe_string", params: [.string], result: .string) { args in .string("str \(args[0])")
                },
            ])
        let activation = environment.activation(["pkg": .object(full), "a": .string("1.0")])
        func run(_ expression: String) throws -> CELValue {
            try environment.compile(expression).evaluate(activation)
        }
        XCTAssertEqual(try run("deb_version_compare(a, '1.1') < 0"), .bool(true))
        XCTAssertEqual(try run("pkg.isLibrary()"), .bool(true))
        XCTAssertEqual(try run("now() > pkg.published"), .bool(true))
        XCTAssertEqual(try run("tollgate.describe(1) + ', ' + tollgate.describe('x')"), .string("int 1, str \"x\""))
        XCTAssertEqual(try run("[1, 'y'].map(v, tollgate.describe(v))"), .strings(["int 1", "str \"y\""]))
        XCTAssertEqual(try environment.compile("deb_version_compare(a, a)").resultType, .int)
        XCTAssertEqual(
            compileDiagnostics("deb_version_compare(a, 1)", environment: environment).first?.message,
            "found no matching overload for 'deb_version_compare' applied to '(string, int)'")
        XCTAssertNotNil(compileDiagnostics("a.isLibrary()", environment: environment).first)
        XCTAssertNotNil(compileDiagnostics("isLibrary(pkg)", environment: environment).first)
        XCTAssertEqual(catchError { try run("tollgate.describe(dyn(1.5))") }?.kind, .noMatchingOverload)
    }

    func testHostFunctionErrorsBecomeEvaluationErrors() throws {
        struct Broken: Error, CustomStringConvertible {
            var description: String { "malformed version" }
        }
        var environment = CELEnvironment()
        environment.addFunction(
            "parse",
            overloads: [
                .global(id: "parse_string", params: [.string], result: .int) { _ in throw Broken() }
            ])
        environment.addFunction(
            "strict",
            overloads: [
                .global(id: "strict_int", params: [.int], result: .int) { _ in
                    throw CELEvaluationError(.invalidArgument, "must be positive")
                }
            ])
        let error = try XCTUnwrap(catchError { try environment.compile("1 + parse('x')").evaluate() })
        XCTAssertEqual(error.kind, .host)
        XCTAssertEqual(error.message, "parse: malformed version")
        XCTAssertEqual(error.location?.column, 5)
        XCTAssertEqual(catchError { try environment.compile("strict(1)").evaluate() }?.kind, .invalidArgument)
        XCTAssertEqual(try environment.compile("parse('x') == 1 || true").evaluate(), .bool(true))
    }

    func testSlotBindingAndDynamicBindings() throws {
        var environment = CELEnvironment()
        let name = environment.declareVariable("name", .string)
        let program = try environment.compile("name.startsWith('lib')")
        var activation = environment.activation()
        activation[name] = .string("libc")
        XCTAssertEqual(try program.evaluate(activation), .bool(true))
        XCTAssertEqual(try program.evaluate(["name": .string("zlib")]), .bool(false))
        XCTAssertFalse(activation.bind("undeclared", .int(1)))
        XCTAssertEqual(environment.slot(of: "name"), name)
    }

    private func catchError(_ body: () throws -> CELValue) -> CELEvaluationError? {
        do {
            let value = try body()
            XCTFail("expected an evaluation error, got \(value.literal)")
        } catch let error as CELEvaluationError {
            return error
        } catch {
            XCTFail("expected an evaluation error, got \(error)")
        }
        return nil
    }
}

/// A type provider that gives field positions: planned selections hand them to the object instead of the name.
final class FieldPositionTests: XCTestCase {
    struct PositionProvider: CELTypeProvider {
        func fieldType(of typeName: String, field: String) -> CELType? {
            typeName == "t.Row" && ["a", "b"].contains(field) ? .string : nil
        }
        func fieldIndex(of typeName: String, field: String) -> Int? {
            typeName == "t.Row" ? ["a", "b"].firstIndex(of: field) : nil
        }
    }

    final class Row: CELObject, @unchecked Sendable {
        var byName: [String] = []
        var byPosition: [Int] = []
        let celTypeName = "t.Row"
        func celField(_ name: String) -> CELValue? {
            byName.append(name)
            return name == "a" ? .string("A") : nil
        }
        func celField(at index: Int, named name: String) -> CELValue? {
            byPosition.append(index)
            return index == 0 ? .string("A") : nil
        }
        var celFieldNames: [String] { ["a"] }
    }

    func testTypedSelectionsPassThePlannedPosition() throws {
        var env = CELEnvironment(typeProvider: PositionProvider(), mode: .checked)
        env.declareVariable("row", .message("t.Row"))
        let row = Row()
        let program = try env.compile("row.a == 'A' && !has(row.b) && row.b == ''")
        XCTAssertEqual(try program.evaluate(env.activation(["row": .object(row)])), .bool(true))
        XCTAssertEqual(row.byPosition, [0, 1, 1])
        XCTAssertEqual(row.byName, [], "no name lookups once positions are known")
    }

    func testWithoutPositionsSelectionsUseNames() throws {
        var env = CELEnvironment(typeProvider: TestProvider(), mode: .checked)
        env.declareVariable("pkg", .message("tollgate.Package"))
        let program = try env.compile("pkg.name")
        XCTAssertEqual(try program.evaluate(env.activation(["pkg": .object(TestPackage(name: "x"))])), .string("x"))
    }
}

/// Lazily resolved variables: only what a program reads is asked for (the host caches).
final class ResolverTests: XCTestCase {
    final class CountingResolver: CELVariableResolver, @unchecked Sendable {
        var asked: [Int] = []
        func value(forSlot slot: Int) -> CELValue? {
            asked.append(slot)
            return slot == 0 ? .string("libfoo") : .int(Int64(slot))
        }
    }

    func testOnlyReadVariablesAreResolvedOnce() throws {
        var env = CELEnvironment(mode: .checked)
        env.declareVariable("name", .string)
        env.declareVariable("a", .int)
        env.declareVariable("b", .int)
        let program = try env.compile("name.startsWith('lib') && name.size() > 3 && b == 2")
        let resolver = CountingResolver()
        var activation = env.activation()
        activation.resolver = resolver
        XCTAssertEqual(try program.evaluate(activation), .bool(true))
        XCTAssertEqual(resolver.asked, [0, 0, 2], "name each time it is read, b once, a never (hosts cache)")
    }

    func testBoundValuesWinOverTheResolver() throws {
        var env = CELEnvironment(mode: .checked)
        env.declareVariable("name", .string)
        let program = try env.compile("name")
        let resolver = CountingResolver()
        var activation = env.activation(["name": .string("bound")])
        activation.resolver = resolver
        XCTAssertEqual(try program.evaluate(activation), .string("bound"))
        XCTAssertTrue(resolver.asked.isEmpty)
    }

    func testUnresolvedVariablesAreErrors() throws {
        var env = CELEnvironment(mode: .checked)
        env.declareVariable("x", .int)
        let program = try env.compile("x + 1")
        XCTAssertThrowsError(try program.evaluate(env.activation()))
    }
}
