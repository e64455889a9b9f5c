import Foundation
import Ledger

/// An exclusive lock beside the ledger (`<ledger>.bridge.lock`): one bridge per ledger.
/// The kernel drops a `flock` when its process dies, so a killed bridge leaves none behind.
public final class BridgeLock {
    private var descriptor: Int32

    /// - Throws: `LedgerError(.temporary)` when another bridge holds the ledger.
    public init(ledgerPath: String) throws {
        let path = ledgerPath + ".bridge.lock"
        descriptor = open(path, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else {
            throw LedgerError(.temporary, "cannot open the bridge lock \(path)")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw LedgerError(.temporary, "another bridge is running on \(ledgerPath)")
        }
    }

    /// Lets another bridge start.
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit {
        release()
    }
}
