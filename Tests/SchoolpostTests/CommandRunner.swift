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

    /// Runs any program with the runner's environment added, through posix_spawn and
    /// waitpid: Foundation's Process was seen to miss the exit of a script that starts
    /// daemons, and output goes to files because such daemons inherit it and would keep
    /// a pipe open for ever.
    @discardableResult
    func run(_ program: String, _ arguments: [String], input: Data? = nil) throws -> Output {
        let capture = FileManager.default.temporaryDirectory
            .appending(path: "run-\(UUID().uuidString)")
        let paths = ["in", "out", "err"].map { capture.appendingPathExtension($0).path }
        try (input ?? Data()).write(to: URL(fileURLWithPath: paths[0]))
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, paths[0], O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, paths[1], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, paths[2], O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // The shell enters the folder, then becomes the program.
        let words = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", folder.path, program]
            + arguments
        let argv = words.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid = pid_t()
        let spawned = Self.withDefaultSignals {
            posix_spawn(&pid, "/bin/sh", &actions, $0, argv, envp)
        }
        guard spawned == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}

        let exited = status & 0x7f == 0
        return Output(
            status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
            stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: paths[1])),
                           as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: paths[2])),
                           as: UTF8.self))
    }

    /// Spawn attributes giving the child an empty signal mask and default handlers. The
    /// test runner's threads block nearly every signal and a spawned child inherits the
    /// mask: a Dovecot started that way ignored `doveadm stop` (SIGTERM) and went down
    /// only by the kill -9 of `mailservers.sh stop`.
    static func withDefaultSignals<T>(_ body: (UnsafePointer<posix_spawnattr_t>) -> T) -> T {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2,
                       SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        posix_spawnattr_setflags(&attributes, Int16(flags))
        return body(&attributes)
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appending(path: "\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
