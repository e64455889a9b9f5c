import Foundation
import Synchronization
import Testing
@testable import MailBridge

@Suite("IMAP IDLE against the private Dovecot",
       .enabled(if: TestMailServers.shouldRun, TestMailServers.skipComment))
struct TransportIdleTests {
    @Test("waiting wakes when mail arrives, times out when none does, stops when asked")
    func idle() throws {
        let servers = try TestMailServers.running()
        let endpoint = try ServerEndpoint(
            url: "imap://sp9@127.0.0.1:\(servers.port("IMAP_PORT"))")
        let inbox = try IMAPMailbox(configuration: IMAPConfiguration(
            endpoint: endpoint, password: .secretsFile(path: try servers.secretsFile()),
            timeout: 5))
        _ = try inbox.fetchNew(after: nil, limit: 10)

        let quiet = Date()
        try inbox.waitForMail(upTo: 1.5) { false }
        let quietTook = Date().timeIntervalSince(quiet)

        let stop = Atomic<Bool>(false)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.5)
            stop.store(true, ordering: .relaxed)
        }
        let stopped = Date()
        try inbox.waitForMail(upTo: 30) { stop.load(ordering: .relaxed) }
        let stoppedTook = Date().timeIntervalSince(stopped)

        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.7)
            let raw = TestMailServers.message(
                from: "sp1@schools.example.net", to: "sp9@schools.example.net",
                subject: "idle", body: "nowa wiadomość")
            _ = servers.save(raw, to: "sp9")
        }
        let woke = Date()
        try inbox.waitForMail(upTo: 30) { false }
        let wokeTook = Date().timeIntervalSince(woke)
        let fetched = try inbox.fetchNew(after: nil, limit: 10)

        #expect(quietTook >= 1.4)
        #expect(stoppedTook < 10)
        #expect(wokeTook < 10)
        #expect(fetched.count == 1)
    }
}
