import CEtpan
import CTLSShim
import Foundation

/// One libetpan IMAP connection: connect (plain, STARTTLS or implicit TLS) with our own
/// certificate check, LOGIN, SELECT, UID FETCH, and the moves.
///
/// Not Sendable: confined to the thread that made it. Every call blocks.
final class IMAPSession {
    private let handle: UnsafeMutablePointer<mailimap>
    private let password: String
    private(set) var selectedMailbox: String?
    private var folderReady: Set<String> = []

    /// The UIDVALIDITY and UIDNEXT the last SELECT reported.
    private(set) var uidValidity: UInt32 = 0
    private(set) var uidNext: UInt32 = 0

    /// Connects, secures and logs in.
    /// - Throws: `IMAPError`.
    init(configuration: IMAPConfiguration, password: String) throws {
        let endpoint = configuration.endpoint
        guard let user = endpoint.user else {
            throw IMAPError(.configuration, detail: "the IMAP URL names no user")
        }
        guard let handle = mailimap_new(0, nil) else {
            throw IMAPError(.connect, detail: "mailimap_new failed")
        }
        self.handle = handle
        self.password = password
        mailimap_set_timeout(handle, time_t(max(1, configuration.timeout)))
        if ProtocolTrace.isOn { mailimap_set_logger(handle, imapTraceLogger, nil) }

        try connect(endpoint, plaintextOnLoopback: configuration.plaintextOnLoopback)
        try login(user: user)
    }

    deinit {
        if handle.pointee.imap_stream != nil { mailimap_logout(handle) }
        mailimap_free(handle)
    }

    // MARK: - Connecting

    private func connect(_ endpoint: ServerEndpoint, plaintextOnLoopback: Bool) throws {
        let name = strdup(endpoint.host)
        defer { free(name) }

        if endpoint.scheme == .imaps {
            let rc = mailimap_ssl_connect_with_callback(
                handle, endpoint.dialAddress, endpoint.port, imapServerNameCallback, name)
            try check(rc, .connect, connected: true)
            try verifyCertificate(endpoint)
            return
        }

        let rc = mailimap_socket_connect(handle, endpoint.dialAddress, endpoint.port)
        try check(rc, .connect, connected: true)
        if endpoint.isLoopback, plaintextOnLoopback { return }

        // libetpan does not check that the server offers STARTTLS (C-LIBRARIES.md).
        try refreshCapabilities()
        guard mailimap_has_extension(handle, "STARTTLS") == 1 else {
            throw IMAPError(.startTLS, detail: "the server does not offer STARTTLS")
        }
        try check(mailimap_socket_starttls_with_callback(handle, imapServerNameCallback, name),
                  .startTLS)
        try verifyCertificate(endpoint)
    }

    /// Checks the peer's chain and host name with GnuTLS: libetpan's GnuTLS build checks
    /// neither (C-LIBRARIES.md).
    private func verifyCertificate(_ endpoint: ServerEndpoint) throws {
        guard let stream = handle.pointee.imap_stream,
              let chain = mailstream_get_certificate_chain(stream) else {
            throw IMAPError(.certificate, detail: "the server sent no certificate")
        }
        defer { mailstream_certificate_chain_free(chain) }

        var pointers: [UnsafePointer<UInt8>?] = []
        var lengths: [Int] = []
        for index in 0..<carray_count(chain) {
            guard let raw = carray_get(chain, index) else { continue }
            let der = raw.assumingMemoryBound(to: MMAPString.self)
            guard let bytes = der.pointee.str else { continue }
            pointers.append(UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self))
            lengths.append(der.pointee.len)
        }

        var reason = [CChar](repeating: 0, count: 512)
        let rc = pointers.withUnsafeBufferPointer { certs in
            sp_tls_verify_chain(certs.baseAddress, lengths, certs.count, endpoint.host,
                                endpoint.caFile, &reason, reason.count)
        }
        guard rc == 0 else {
            let bytes = reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let text = String(decoding: bytes, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw IMAPError(.certificate, detail: "\(endpoint.host): \(text)")
        }
    }

    private func login(user: String) throws {
        try check(mailimap_login(handle, user, password), .login)
        try refreshCapabilities()
    }

    private func refreshCapabilities() throws {
        var data: UnsafeMutablePointer<mailimap_capability_data>?
        try check(mailimap_capability(handle, &data), .capability)
        mailimap_capability_data_free(data)
    }

    /// Whether the server announced `name` (e.g. "MOVE", "UIDPLUS") after login.
    func has(_ name: String) -> Bool {
        mailimap_has_extension(handle, name) == 1
    }

    // MARK: - Waiting

    /// Waits in IDLE (RFC 2177) until the server says something about the selected
    /// mailbox, `seconds` pass, or `shouldStop` turns true.
    /// - Returns: whether the server spoke (new mail is likely), false on a time-out, or
    ///   nil when the server has no IDLE or nothing is selected (the caller sleeps).
    /// - Throws: `IMAPError`.
    func idle(seconds: Double, shouldStop: () -> Bool) throws -> Bool? {
        guard mailimap_has_idle(handle) != 0, selectedMailbox != nil else { return nil }

        try check(mailimap_idle(handle), .idle)
        // The server's first news may have come in the same packet as its "+ idling" and
        // sit in libetpan's buffer, where poll() on the socket never sees it.
        var spoke = (handle.pointee.imap_stream?.pointee.read_buffer_len ?? 0) > 0
        let fd = mailimap_idle_get_fd(handle)
        let deadline = Date().addingTimeInterval(seconds)
        while !spoke && Date() < deadline && !shouldStop() {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 250)
            if ready < 0 && errno != EINTR {
                throw IMAPError(.idle, detail: "poll failed while idling (errno \(errno))")
            }
            spoke = ready > 0
        }
        try check(mailimap_idle_done(handle), .idle)
        return spoke
    }

    // MARK: - Reading

    /// SELECTs `mailbox` (again), refreshing UIDVALIDITY and UIDNEXT.
    func select(_ mailbox: String) throws {
        try check(mailimap_select(handle, mailbox), .select)
        selectedMailbox = mailbox
        guard let info = handle.pointee.imap_selection_info else {
            throw IMAPError(.select, detail: "no selection information after SELECT")
        }
        uidValidity = info.pointee.sel_uidvalidity
        uidNext = info.pointee.sel_uidnext
    }

    /// The UIDs at or above `first`, ascending. `first:*` also returns the highest message
    /// when `first` is above it (RFC 3501, 6.4.8), so smaller UIDs are dropped here.
    func uids(from first: UInt32) throws -> [UInt32] {
        var found: [UInt32] = []
        try fetch(first: first, last: 0, withBody: false) { uid, _ in
            if uid >= first { found.append(uid) }
        }
        return found.sorted()
    }

    /// The raw messages with UIDs in `first...last`, read with BODY.PEEK[] so no \Seen flag
    /// is set.
    func messages(first: UInt32, last: UInt32) throws -> [(uid: UInt32, raw: Data)] {
        var found: [(uid: UInt32, raw: Data)] = []
        try fetch(first: first, last: last, withBody: true) { uid, body in
            if let body, uid >= first, uid <= last { found.append((uid, body)) }
        }
        return found.sorted { $0.uid < $1.uid }
    }

    private func fetch(
        first: UInt32, last: UInt32, withBody: Bool, each: (UInt32, Data?) -> Void
    ) throws {
        guard let set = mailimap_set_new_interval(first, last) else {
            throw IMAPError(.fetch, detail: "out of memory")
        }
        defer { mailimap_set_free(set) }
        guard let type = mailimap_fetch_type_new_fetch_att_list_empty() else {
            throw IMAPError(.fetch, detail: "out of memory")
        }
        defer { mailimap_fetch_type_free(type) }
        mailimap_fetch_type_new_fetch_att_list_add(type, mailimap_fetch_att_new_uid())
        if withBody {
            let section = mailimap_section_new(nil)
            mailimap_fetch_type_new_fetch_att_list_add(
                type, mailimap_fetch_att_new_body_peek_section(section))
        }

        var result: UnsafeMutablePointer<clist>?
        try check(mailimap_uid_fetch(handle, set, type, &result), .fetch)
        defer { if let result { mailimap_fetch_list_free(result) } }

        var cell = result?.pointee.first
        while let current = cell {
            cell = current.pointee.next
            guard let raw = current.pointee.data else { continue }
            let attributes = raw.assumingMemoryBound(to: mailimap_msg_att.self)
            if let (uid, body) = Self.read(attributes), uid > 0 { each(uid, body) }
        }
    }

    /// The UID and the BODY[] bytes of one FETCH response.
    private static func read(_ message: UnsafeMutablePointer<mailimap_msg_att>)
        -> (UInt32, Data?)? {
        var uid: UInt32 = 0
        var body: Data?
        var cell = message.pointee.att_list?.pointee.first
        while let current = cell {
            cell = current.pointee.next
            guard let raw = current.pointee.data else { continue }
            let item = raw.assumingMemoryBound(to: mailimap_msg_att_item.self)
            guard item.pointee.att_type == MAILIMAP_MSG_ATT_ITEM_STATIC,
                  let value = item.pointee.att_data.att_static else { continue }
            switch Int(value.pointee.att_type) {
            case MAILIMAP_MSG_ATT_UID:
                uid = value.pointee.att_data.att_uid
            case MAILIMAP_MSG_ATT_BODY_SECTION:
                if let section = value.pointee.att_data.att_body_section {
                    let length = section.pointee.sec_length
                    if let bytes = section.pointee.sec_body_part {
                        body = Data(bytes: bytes, count: length)
                    } else {
                        body = Data()
                    }
                }
            default:
                break
            }
        }
        return (uid, body)
    }

    // MARK: - Moving

    /// Makes sure `folder` exists: CREATE, tolerating ALREADYEXISTS (checked by LIST, so
    /// no response code needs parsing).
    func ensureFolder(_ folder: String) throws {
        if folderReady.contains(folder) { return }
        if try !exists(folder) {
            let rc = mailimap_create(handle, folder)
            if rc != MAILIMAP_NO_ERROR, try !exists(folder) {
                try check(rc, .create)
            }
        }
        folderReady.insert(folder)
    }

    private func exists(_ folder: String) throws -> Bool {
        var list: UnsafeMutablePointer<clist>?
        try check(mailimap_list(handle, "", folder, &list), .create)
        defer { if let list { mailimap_list_result_free(list) } }
        return (list?.pointee.count ?? 0) > 0
    }

    /// UID MOVE of one message.
    func move(uid: UInt32, to folder: String) throws {
        let set = try single(uid)
        defer { mailimap_set_free(set) }
        try check(mailimap_uid_move(handle, set, folder), .move)
    }

    /// UID COPY, then +FLAGS.SILENT (\Deleted), then UID EXPUNGE (plain EXPUNGE when the
    /// server lacks UIDPLUS).
    func copyAndExpunge(uid: UInt32, to folder: String) throws {
        let set = try single(uid)
        defer { mailimap_set_free(set) }
        try check(mailimap_uid_copy(handle, set, folder), .copy)

        guard let flags = mailimap_flag_list_new_empty() else {
            throw IMAPError(.store, detail: "out of memory")
        }
        mailimap_flag_list_add(flags, mailimap_flag_new_deleted())
        guard let store = mailimap_store_att_flags_new_add_flags_silent(flags) else {
            mailimap_flag_list_free(flags)
            throw IMAPError(.store, detail: "out of memory")
        }
        defer { mailimap_store_att_flags_free(store) }
        try check(mailimap_uid_store(handle, set, store), .store)

        if has("UIDPLUS") {
            try check(mailimap_uid_expunge(handle, set), .expunge)
        } else {
            try check(mailimap_expunge(handle), .expunge)
        }
    }

    private func single(_ uid: UInt32) throws -> UnsafeMutablePointer<mailimap_set> {
        guard let set = mailimap_set_new_single(uid) else {
            throw IMAPError(.move, detail: "out of memory")
        }
        return set
    }

    // MARK: - Errors

    private func check(_ rc: Int32, _ step: IMAPError.Step, connected: Bool = false) throws {
        let fine = rc == MAILIMAP_NO_ERROR
            || (connected && (rc == MAILIMAP_NO_ERROR_AUTHENTICATED
                              || rc == MAILIMAP_NO_ERROR_NON_AUTHENTICATED))
        if fine { return }
        var words = ""
        if let response = handle.pointee.imap_response {
            words = String(cString: response).replacingPassword(password)
        }
        throw IMAPError(step, code: Int(rc), detail: words)
    }
}

/// Sets the TLS server name (SNI) before the handshake; `data` is a C string.
private let imapServerNameCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?)
    -> Void = { context, data in
        guard let context, let data else { return }
        mailstream_ssl_set_server_name(context, data.assumingMemoryBound(to: CChar.self))
    }

/// libetpan's protocol logger, for `ProtocolTrace`: "private data" (the LOGIN password) is
/// dropped whole, LOGIN and AUTHENTICATE lines are redacted, message bodies are not shown.
private let imapTraceLogger: @convention(c) (
    UnsafeMutablePointer<mailimap>?, Int32, UnsafePointer<CChar>?, Int, UnsafeMutableRawPointer?
) -> Void = { _, type, text, size, _ in
    let sent = Int(type) == MAILSTREAM_LOG_TYPE_DATA_SENT
    let received = Int(type) == MAILSTREAM_LOG_TYPE_DATA_RECEIVED
    guard sent || received, let text else { return }
    let bytes = UnsafeRawBufferPointer(start: text, count: size)
    for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
        .prefix(20)
    {
        ProtocolTrace.emit("imap \(sent ? ">" : "<") "
                           + ProtocolTrace.redact(String(line.prefix(300)), sent: sent))
    }
}
