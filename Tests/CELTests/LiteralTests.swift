import CEL
import XCTest

final class LiteralTests: XCTestCase {
    func testScalars() {
        XCTAssertEqual(CELValue.null.literal, "null")
        XCTAssertEqual(CELValue.bool(true).literal, "true")
        XCTAssertEqual(CELValue.int(-1).literal, "-1")
        XCTAssertEqual(CELValue.uint(1).literal, "1u")
        XCTAssertEqual(CELValue.double(2).literal, "2.0")
        XCTAssertEqual(CELValue.double(0.5).literal, "0.5")
        XCTAssertEqual(CELValue.double(1e100).literal, "1e+100")
        XCTAssertEqual(CELValue.double(-0.0).literal, "-0.0")
        XCTAssertEqual(CELValue.double(.infinity).literal, "double(\"inf\")")
        XCTAssertEqual(CELValue.double(-.infinity).literal, "double(\"-inf\")")
        XCTAssertEqual(CELValue.double(.nan).literal, "double(\"nan\")")
    }

    func testStringsAndBytes() {
        XCTAssertEqual(CELValue.string("a\"b").literal, "\"a\\\"b\"")
        XCTAssertEqual(CELValue.string("tab\there\n\\ é\u{7}\u{1}").literal, "\"tab\\there\\n\\\\ é\\a\\x01\"")
        XCTAssertEqual(CELValue.bytes([0x00, 0x41, 0x22, 0xFF]).literal, "b\"\\x00A\\\"\\xff\"")
    }

    func testAggregatesTimesAndTypes() throws {
        XCTAssertEqual(CELValue.list([.int(1), .int(2)]).literal, "[1, 2]")
        XCTAssertEqual(CELValue.map(CELMap(["a": .int(1)])).literal, "{\"a\": 1}")
        XCTAssertEqual(
            CELValue.timestamp(CELTimestamp(seconds: 1_234_567_890)).literal,
            "timestamp(\"2009-02-13T23:31:30Z\")")
        XCTAssertEqual(
            CELValue.timestamp(CELTimestamp(seconds: 0, nanos: 1_500_000)).literal,
            "timestamp(\"1970-01-01T00:00:00.0015Z\")")
        XCTAssertEqual(CELValue.duration(CELDuration(nanoseconds: 3_000_000_000)).literal, "duration(\"3s\")")
        XCTAssertEqual(CELValue.duration(CELDuration(nanoseconds: -1_500_000_000)).literal, "duration(\"-1.5s\")")
        XCTAssertEqual(CELValue.type(.int).literal, "int")
        XCTAssertEqual(CELValue.type(.list(.string)).literal, "list")
        XCTAssertEqual(CELValue.type(.timestamp).literal, "google.protobuf.Timestamp")
        XCTAssertEqual(CELValue.type(.message("tollgate.Package")).literal, "tollgate.Package")
    }

    func testSwiftLiteralConveniences() {
        let value: CELValue = ["a", 1, true, 1.5, ["k": "v"]]
        XCTAssertEqual(
            value,
            .list([
                .string("a"), .int(1), .bool(true), .double(1.5),
                .map(CELMap(["k": .string("v")])),
            ]))
    }

    /// Printing then re-evaluating a literal gives back an equal value.
    func testLiteralsRoundTrip() throws {
        let values: [CELValue] = [
            .null, .bool(false), .int(Int64.min + 1), .uint(UInt64.max), .double(-1.25e-7), .double(.infinity),
            .string("quote \" backslash \\ newline \n bell \u{7} del \u{7F} emoji 🐱 c1 \u{85}"),
            .bytes(Array(0...255)),
            .list([.int(1), .string("x"), .list([])]),
            .map(try CELMap(entries: [(key: .int(1), value: .bool(true)), (key: .string("k"), value: .null)])),
            .timestamp(CELTimestamp(seconds: -62_135_596_800, nanos: 1)),
            .duration(CELDuration(nanoseconds: 3_723_000_000_001)),
            .type(.map(.dyn, .dyn)), .type(.null), .type(.type),
        ]
        for value in values {
            XCTAssertEqual(try evaluate(value.literal), value, value.literal)
        }
    }
}
