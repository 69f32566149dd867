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
