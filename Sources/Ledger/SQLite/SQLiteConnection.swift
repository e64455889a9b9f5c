import CSQLite
import Foundation

/// SQLite's SQLITE_TRANSIENT: bound bytes are copied at once
/// (https://sqlite.org/c3ref/bind_blob.html).
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to, or read from, a statement.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// Anything that binds as one SQL value.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One result row, read by column name.
public struct SQLRow: Sendable {
    fileprivate var values: [String: SQLValue]

    public subscript(_ column: String) -> SQLValue { values[column] ?? .null }

    public func string(_ column: String) -> String? {
        switch self[column] {
        case let .text(text): text
        case let .integer(number): String(number)
        case let .real(number): String(number)
        case .null: nil
        }
    }

    public func int(_ column: String) -> Int? {
        switch self[column] {
        case let .integer(number): Int(number)
        case let .text(text): Int(text)
        case let .real(number): Int(number)
        case .null: nil
        }
    }

    /// A text column that must be present; an empty string when the schema lets it be NULL.
    public func text(_ column: String) -> String { string(column) ?? "" }
}

/// One open SQLite database. Not thread-safe: confined to the thread that opened it, as
/// every command of the ledger runs on one thread.
public final class SQLiteConnection {
    private let handle: OpaquePointer

    /// Opens (creating if needed) the database file at `path`.
    /// - Throws: `SQLiteError` when the file cannot be opened.
    public init(path: String) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: message, context: "opening \(path)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that take no parameters and return nothing of interest.
    /// - Throws: `SQLiteError`.
    public func execute(_ sql: String, context: String = "running SQL") throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        guard rc == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(error)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message,
                              context: context)
        }
    }

    /// Runs a statement with parameters, returning every row.
    /// - Throws: `SQLiteError`.
    @discardableResult
    public func query(
        _ sql: String, _ arguments: [any SQLBindable] = [], context: String = "querying"
    ) throws -> [SQLRow] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK,
              let statement
        else { throw lastError(context) }
        defer { sqlite3_finalize(statement) }

        for (offset, argument) in arguments.enumerated() {
            try bind(argument.sqlValue, at: Int32(offset + 1), in: statement, context)
        }

        var rows: [SQLRow] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw lastError(context) }
            rows.append(row(of: statement))
        }
        return rows
    }

    /// Runs a statement with parameters and returns its first row, if any.
    /// - Throws: `SQLiteError`.
    public func first(
        _ sql: String, _ arguments: [any SQLBindable] = [], context: String = "querying"
    ) throws -> SQLRow? {
        try query(sql, arguments, context: context).first
    }

    /// The rowid of the last successful INSERT.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Whether a transaction is open on this connection.
    public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: - Private

    private func bind(
        _ value: SQLValue, at index: Int32, in statement: OpaquePointer, _ context: String
    ) throws {
        let rc: Int32 = switch value {
        case .null: sqlite3_bind_null(statement, index)
        case let .integer(number): sqlite3_bind_int64(statement, index, number)
        case let .real(number): sqlite3_bind_double(statement, index, number)
        case let .text(text): sqlite3_bind_text(statement, index, text, -1, transient)
        }
        guard rc == SQLITE_OK else { throw lastError(context) }
    }

    private func row(of statement: OpaquePointer) -> SQLRow {
        var values: [String: SQLValue] = [:]
        for column in 0..<sqlite3_column_count(statement) {
            let name = String(cString: sqlite3_column_name(statement, column))
            switch sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER:
                values[name] = .integer(sqlite3_column_int64(statement, column))
            case SQLITE_FLOAT:
                values[name] = .real(sqlite3_column_double(statement, column))
            case SQLITE_NULL:
                values[name] = .null
            default:
                let text = sqlite3_column_text(statement, column).map { String(cString: $0) }
                values[name] = text.map(SQLValue.text) ?? .null
            }
        }
        return SQLRow(values: values)
    }

    private func lastError(_ context: String) -> SQLiteError {
        SQLiteError(
            code: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)),
            context: context)
    }
}
