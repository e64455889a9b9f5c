/// Process-wide preparation for the mail transports.
public enum TransportSetup {
    /// Runs `curl_global_init` and ignores SIGPIPE. Call once at start-up, before other
    /// threads start; `SMTPTransport` and `IMAPMailbox` also do it on first use.
    public static func prepareProcess() {
        CurlGlobal.ensureInitialized()
        SignalSetup.ignoreBrokenPipes()
    }
}
