import Foundation

/// Process-wide signal settings for socket clients.
enum SignalSetup {
    private static let ignored: Bool = {
        // A write after the server closed the socket would otherwise kill the process.
        signal(SIGPIPE, SIG_IGN)
        return true
    }()

    static func ignoreBrokenPipes() {
        precondition(ignored)
    }
}
