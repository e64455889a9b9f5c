/// The headers every automatic message of ours carries, so that other robots do not answer
/// it and our own bridge never answers itself (RFC 3834; Microsoft's suppression header).
public enum AutomaticMail {
    /// Our own loop header: mail that comes back carrying it is ours.
    public static let loopHeader = "X-Schoolpost-Loop"

    public static func headers(mailbox: String) -> [HeaderField] {
        [
            HeaderField(name: "Auto-Submitted", value: "auto-generated"),
            HeaderField(name: "X-Auto-Response-Suppress", value: "All"),
            HeaderField(name: loopHeader, value: mailbox),
        ]
    }
}
