import Ledger
import MailBridge

extension Ledger {
    /// The files a dispatch was written with, read from the store, ready to attach to the
    /// request itself and to each reminder of it.
    /// - Throws: `LedgerError` when a blob is missing from the store.
    func outgoingAttachments(of dispatch: Dispatch) throws -> [OutgoingAttachment] {
        try dispatch.attachments.map {
            OutgoingAttachment(filename: $0.filename, contentType: $0.contentType,
                               data: try store.data(for: $0.sha256))
        }
    }
}
