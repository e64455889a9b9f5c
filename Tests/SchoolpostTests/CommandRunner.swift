import Foundation

/// Runs the built `schoolpost` binary and other programs, as a person would from a shell.
struct CommandRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary `swift build` made beside the tests.
    static var schoolpost: URL {
        let products = Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            + [packageRoot.appending(path: ".build/debug")]
        return products.map { $0.appending(path: "schoolpost") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? packageRoot.appending(path: ".build/debug/schoolpost")
    }

    var folder: URL
    var environment: [String: String] = [:]

    /// Runs `schoolpost --ledger folder/schoolpost.db ARGS`.
    @discardableResult
    func schoolpost(_ arguments: [String], input: Data? = nil) throws -> Output {
        try run(Self.schoolpost.path,
                ["--ledger", folder.appending(path: "schoolpost.db").path] + arguments,
                input: input)
    }

    /// Runs any program with the runner's environment added.
    @discardableResult
    func run(_ program: String, _ arguments: [String], input: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Files, not pipes: a daemon the program starts may inherit its output and keep a
        // pipe open for ever, so reading to the end would never return.
        let capture = FileManager.default.temporaryDirectory
            .appending(path: "run-\(UUID().uuidString)")
        let outURL = capture.appendingPathExtension("out")
        let errURL = capture.appendingPathExtension("err")
        let inURL = capture.appendingPathExtension("in")
        try (input ?? Data()).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            for url in [outURL, errURL, inURL] { try? FileManager.default.removeItem(at: url) }
        }
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        try stdin.close()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
