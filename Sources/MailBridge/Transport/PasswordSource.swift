import Foundation

/// Where a server password comes from. Never the command line: an environment variable,
/// or a file that only its owner may read.
public enum PasswordSource: Sendable, Hashable {
    /// No password (no authentication).
    case none
    /// The value of an environment variable, e.g. `SCHOOLPOST_SMTP_PASSWORD`.
    case environment(String)
    /// The first line of a file owned by the current user with no group or other access.
    case secretsFile(path: String)

    /// Why the password could not be read; no description contains the password.
    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case variableUnset(String)
        case unreadable(path: String)
        case tooOpen(path: String)
        case notOwner(path: String)
        case empty

        public var description: String {
            switch self {
            case let .variableUnset(name): "password variable \(name) is not set"
            case let .unreadable(path): "secrets file \(path) cannot be read"
            case let .tooOpen(path):
                "secrets file \(path) is readable by group or others (chmod 600 it)"
            case let .notOwner(path): "secrets file \(path) belongs to another user"
            case .empty: "the password is empty"
            }
        }
    }

    /// Reads the password now.
    /// - Throws: `PasswordSource.ReadError`.
    public func read() throws -> String? {
        switch self {
        case .none:
            return nil
        case let .environment(name):
            guard let value = ProcessInfo.processInfo.environment[name] else {
                throw ReadError.variableUnset(name)
            }
            guard !value.isEmpty else { throw ReadError.empty }
            return value
        case let .secretsFile(path):
            return try Self.readSecretsFile(path)
        }
    }

    private static func readSecretsFile(_ path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ReadError.unreadable(path: path) }
        guard info.st_uid == geteuid() else { throw ReadError.notOwner(path: path) }
        guard info.st_mode & 0o077 == 0 else { throw ReadError.tooOpen(path: path) }

        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw ReadError.unreadable(path: path)
        }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            .first.map { String($0) } ?? ""
        let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard !password.isEmpty else { throw ReadError.empty }
        return password
    }
}
