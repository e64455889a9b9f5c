import Foundation

/// A code identifying an institution, such as `SP12` or `P7`.
public typealias InstitutionCode = String

/// A school, kindergarten or other institution the department runs.
public struct Institution: Sendable, Equatable {
    public var code: InstitutionCode
    public var name: String
    public var shortName: String
    /// An open list: `przedszkole`, `szkola-podstawowa`, `liceum`, …
    public var type: String
    /// In the order given; the first is the main address.
    public var addresses: [String]

    public init(
        code: InstitutionCode, name: String, shortName: String, type: String,
        addresses: [String]
    ) {
        self.code = code
        self.name = name
        self.shortName = shortName
        self.type = type
        self.addresses = addresses
    }
}

/// What a person may do.
public enum Role: String, Sendable, CaseIterable {
    case staff
    case sectionHead = "section-head"
    case director
    case admin
    case schoolDirector = "school-director"
    case schoolAccountant = "school-accountant"

    /// Department roles may write and send dispatches.
    public var isDepartment: Bool {
        switch self {
        case .staff, .sectionHead, .director, .admin: true
        case .schoolDirector, .schoolAccountant: false
        }
    }
}

/// A person of the department or of a school.
public struct Person: Sendable, Equatable {
    public var login: String
    public var name: String
    public var role: Role
    public var institution: InstitutionCode?
    public var address: String?

    public init(
        login: String, name: String, role: Role, institution: InstitutionCode? = nil,
        address: String? = nil
    ) {
        self.login = login
        self.name = name
        self.role = role
        self.institution = institution
        self.address = address
    }
}

/// How an import changed the directory.
public struct ImportSummary: Sendable, Equatable {
    public var added: [InstitutionCode] = []
    public var updated: [InstitutionCode] = []
    public var unchanged: [InstitutionCode] = []
}

extension Ledger {
    // MARK: - Institutions

    /// Adds or updates institutions by code, all in one transaction.
    /// - Throws: `SQLiteError`.
    public func importInstitutions(_ institutions: [Institution], actor: String) throws
        -> ImportSummary
    {
        try write("importing institutions") { db in
            var summary = ImportSummary()
            for institution in institutions {
                let existing = try self.institution(institution.code, db: db)
                if existing == institution {
                    summary.unchanged.append(institution.code)
                    continue
                }
                try db.query(
                    """
                    INSERT INTO institutions(code, name, short_name, type) VALUES (?, ?, ?, ?)
                    ON CONFLICT(code) DO UPDATE SET name = excluded.name,
                        short_name = excluded.short_name, type = excluded.type
                    """,
                    [institution.code, institution.name, institution.shortName,
                     institution.type])
                try replaceAddresses(of: institution, db: db)
                if existing == nil {
                    summary.added.append(institution.code)
                } else {
                    summary.updated.append(institution.code)
                }
            }
            try appendEvent(
                db, actor: actor, kind: "directory-imported",
                detail: "added \(summary.added.count), updated \(summary.updated.count), "
                    + "unchanged \(summary.unchanged.count)")
            return summary
        }
    }

    private func replaceAddresses(of institution: Institution, db: SQLiteConnection) throws {
        let kept = Set(institution.addresses.map { $0.lowercased() })
        for row in try db.query(
            "SELECT normalized FROM institution_addresses WHERE institution_code = ?",
            [institution.code]) where !kept.contains(row.text("normalized"))
        {
            try db.query(
                "DELETE FROM institution_addresses WHERE institution_code = ? AND normalized = ?",
                [institution.code, row.text("normalized")])
        }
        for (position, address) in institution.addresses.enumerated() {
            try db.query(
                """
                INSERT INTO institution_addresses(institution_code, address, normalized, position)
                VALUES (?, ?, ?, ?)
                ON CONFLICT(institution_code, normalized) DO UPDATE SET
                    address = excluded.address, position = excluded.position
                """,
                [institution.code, address, address.lowercased(), position])
        }
    }

    /// The institution with `code`, if any.
    /// - Throws: `SQLiteError`.
    public func institution(_ code: InstitutionCode) throws -> Institution? {
        try institution(code, db: db)
    }

    func institution(_ code: InstitutionCode, db: SQLiteConnection) throws -> Institution? {
        guard let row = try db.first("SELECT * FROM institutions WHERE code = ?", [code])
        else { return nil }
        let addresses = try db.query(
            "SELECT address FROM institution_addresses WHERE institution_code = ? "
                + "ORDER BY position", [code]
        ).map { $0.text("address") }
        return Institution(
            code: row.text("code"), name: row.text("name"), shortName: row.text("short_name"),
            type: row.text("type"), addresses: addresses)
    }

    /// Every institution, by code.
    /// - Throws: `SQLiteError`.
    public func institutions() throws -> [Institution] {
        try db.query("SELECT code FROM institutions ORDER BY code").compactMap {
            try institution($0.text("code"))
        }
    }

    /// Codes of the institutions that list `address` (case-insensitive).
    /// - Throws: `SQLiteError`.
    public func institutions(withAddress address: String) throws -> [InstitutionCode] {
        try db.query(
            "SELECT DISTINCT institution_code FROM institution_addresses WHERE normalized = ?",
            [address.lowercased()]
        ).map { $0.text("institution_code") }
    }

    // MARK: - People

    /// Adds a person, or updates the one with that login.
    /// - Throws: `LedgerError(.badData)` for an unknown institution; `SQLiteError`.
    public func addPerson(_ person: Person, actor: String) throws {
        try write("adding person \(person.login)") { db in
            if let code = person.institution, try institution(code, db: db) == nil {
                throw LedgerError.badData("no institution with code \(code)")
            }
            try db.query(
                """
                INSERT INTO people(login, name, role, institution_code, address)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(login) DO UPDATE SET name = excluded.name, role = excluded.role,
                    institution_code = excluded.institution_code, address = excluded.address
                """,
                [person.login, person.name, person.role.rawValue, person.institution,
                 person.address])
            try appendEvent(
                db, actor: actor, kind: "person-saved",
                detail: "\(person.login) as \(person.role.rawValue)")
        }
    }

    /// The person with `login`, if any.
    /// - Throws: `SQLiteError`.
    public func person(_ login: String) throws -> Person? {
        guard let row = try db.first("SELECT * FROM people WHERE login = ?", [login])
        else { return nil }
        return Person(
            login: row.text("login"), name: row.text("name"),
            role: Role(rawValue: row.text("role")) ?? .staff,
            institution: row.string("institution_code"), address: row.string("address"))
    }

    // MARK: - Groups

    /// Creates group `name` or adds members to it.
    /// - Throws: `LedgerError(.badData)` naming codes not in the directory.
    public func addToGroup(_ name: String, codes: [InstitutionCode], actor: String) throws {
        try write("adding to group \(name)") { db in
            let unknown = try codes.filter { try institution($0, db: db) == nil }
            guard unknown.isEmpty else {
                throw LedgerError.badData(
                    "no institution with code \(unknown.joined(separator: ", "))")
            }
            try db.query("INSERT OR IGNORE INTO groups(name) VALUES (?)", [name])
            for code in codes {
                try db.query(
                    "INSERT OR IGNORE INTO group_members(group_name, institution_code) "
                        + "VALUES (?, ?)", [name, code])
            }
            try appendEvent(
                db, actor: actor, kind: "group-changed",
                detail: "\(name): \(codes.joined(separator: " "))")
        }
    }

    /// The codes in group `name`, or nil when there is no such group.
    /// - Throws: `SQLiteError`.
    public func groupMembers(_ name: String) throws -> [InstitutionCode]? {
        guard try db.first("SELECT name FROM groups WHERE name = ?", [name]) != nil
        else { return nil }
        return try db.query(
            "SELECT institution_code FROM group_members WHERE group_name = ? "
                + "ORDER BY institution_code", [name]
        ).map { $0.text("institution_code") }
    }

    /// Every group with its members, by name.
    /// - Throws: `SQLiteError`.
    public func groups() throws -> [(name: String, members: [InstitutionCode])] {
        try db.query("SELECT name FROM groups ORDER BY name").map { row in
            let name = row.text("name")
            return (name, try groupMembers(name) ?? [])
        }
    }
}
