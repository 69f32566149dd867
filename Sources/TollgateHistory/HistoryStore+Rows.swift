import GRDB
import GRDBSQLite

extension HistoryStore {
    /// Steps through a query's rows with SQLite's own calls, handing `body` the statement positioned on each row:
    /// for queries over every release, whose rows GRDB would box value by value.
    static func forEachRow(_ db: Database, _ sql: String, _ body: (OpaquePointer) throws -> Void) throws {
        // The statement object owns the prepared statement: it is kept until the rows are read.
        let query = try db.makeStatement(sql: sql)
        defer { withExtendedLifetime(query) {} }
        let statement = query.sqliteStatement
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(statement)
        }
    }

    /// A text column of the current row ("" for NULL).
    static func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        return String(
            decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))),
            as: UTF8.self)
    }
}

extension Row {
    /// A column as text however it is stored, never a trap: a value that is not text — a BLOB where a damaged or
    /// altered database holds one — is read as UTF-8 with invalid bytes replaced, a number as its digits; nil for
    /// NULL. (GRDB's `row[i] as String` stops the process on a value it cannot convert.)
    func text(_ index: Int) -> String? { Self.text(self[index] as DatabaseValue) }

    /// A column as a number, never a trap: text that is no number, or a BLOB, reads as nil.
    func number(_ index: Int) -> Double? { Self.number(self[index] as DatabaseValue) }

    /// A column by name as text (see `text(_:)`); nil for a column the row does not have.
    func text(_ column: String) -> String? { (self[column] as DatabaseValue?).flatMap(Self.text) }

    /// A column by name as a number (see `number(_:)`).
    func number(_ column: String) -> Double? { (self[column] as DatabaseValue?).flatMap(Self.number) }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: nil
        case .int64(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value
        case .blob(let data): String(decoding: data, as: UTF8.self)
        }
    }

    private static func number(_ value: DatabaseValue) -> Double? {
        switch value.storage {
        case .int64(let value): Double(value)
        case .double(let value): value
        case .string(let value): Double(value)
        case .null, .blob: nil
        }
    }
}
