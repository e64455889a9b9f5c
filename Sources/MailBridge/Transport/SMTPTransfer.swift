import CCurlShim
import Foundation

/// One SMTP transaction on one curl easy handle: the upload source, the collected reply
/// lines and the mapping of the result to a `SendOutcome`.
/// See https://curl.se/libcurl/c/smtp-mail.html
final class SMTPTransfer {
    private let payload: [UInt8]
    private var offset = 0
    private(set) var replyLines: [String] = []
    /// Whether the server's last line was a `334` challenge (for the trace's redaction).
    private var challenged = false

    init(payload: Data) {
        self.payload = [UInt8](payload)
    }

    // MARK: - Running

    func run(
        configuration: SMTPConfiguration, password: String?, requireTLS: Bool,
        from: String, to recipient: String
    ) throws -> SendOutcome {
        let endpoint = configuration.endpoint
        let context = "sending to \(endpoint)"
        guard let handle = curl_easy_init() else {
            throw CurlError(code: Int(CURLE_FAILED_INIT.rawValue),
                            message: "curl_easy_init failed", context: context)
        }
        defer { curl_easy_cleanup(handle) }

        let recipients = curl_slist_append(nil, "<\(recipient)>")
        defer { curl_slist_free_all(recipients) }
        var resolve: UnsafeMutablePointer<curl_slist>?
        if let address = endpoint.connectAddress {
            resolve = curl_slist_append(nil, "\(endpoint.host):\(endpoint.port):\(address)")
        }
        defer { curl_slist_free_all(resolve) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let me = Unmanaged.passUnretained(self).toOpaque()
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            var options = CurlOptions(handle: handle)
            options.set(CURLOPT_ERRORBUFFER,
                        pointer: UnsafeMutableRawPointer(buffer.baseAddress))
            setUp(&options, configuration: configuration, password: password,
                  requireTLS: requireTLS, from: from, recipients: recipients, resolve: resolve)
            options.set(CURLOPT_READDATA, pointer: me)
            options.set(CURLOPT_HEADERDATA, pointer: me)
            if ProtocolTrace.isOn {
                options.set(CURLOPT_VERBOSE, 1)
                sp_curl_setopt_debug(handle, smtpDebugCallback)
                options.set(CURLOPT_DEBUGDATA, pointer: me)
            }
            if let failure = options.firstFailure { return failure }
            return withExtendedLifetime(self) { curl_easy_perform(handle) }
        }

        var responseCode = 0
        sp_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
        let detailBytes = errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let detail = String(decoding: detailBytes, as: UTF8.self).replacingPassword(password)
        return try outcome(code, responseCode: responseCode, detail: detail, context: context)
    }

    private func setUp(
        _ options: inout CurlOptions, configuration: SMTPConfiguration, password: String?,
        requireTLS: Bool, from: String, recipients: UnsafeMutablePointer<curl_slist>?,
        resolve: UnsafeMutablePointer<curl_slist>?
    ) {
        let endpoint = configuration.endpoint
        let urlHost = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        let helo = configuration.heloName.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed) ?? "localhost"
        let url = "\(endpoint.scheme.rawValue)://\(urlHost):\(endpoint.port)/\(helo)"
        options.set(CURLOPT_URL, url)
        options.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        options.set(CURLOPT_NOSIGNAL, 1)
        options.set(CURLOPT_VERBOSE, 0)
        options.set(CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        options.set(CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000))
        if let resolve { options.set(CURLOPT_RESOLVE, list: resolve) }

        // "TRY" would fall back to plaintext silently; require TLS or use none at all.
        let ssl = requireTLS && endpoint.scheme == .smtp ? CURLUSESSL_ALL : CURLUSESSL_NONE
        options.set(CURLOPT_USE_SSL, Int(ssl.rawValue))
        options.set(CURLOPT_SSL_VERIFYPEER, 1)
        options.set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = endpoint.caFile { options.set(CURLOPT_CAINFO, caFile) }
        if let user = endpoint.user {
            options.set(CURLOPT_USERNAME, user)
            options.set(CURLOPT_PASSWORD, password ?? "")
        }

        options.set(CURLOPT_MAIL_FROM, "<\(from)>")
        options.set(CURLOPT_MAIL_RCPT, list: recipients)
        // Without UPLOAD curl sends VRFY and reports success (C-LIBRARIES.md).
        options.set(CURLOPT_UPLOAD, 1)
        options.set(CURLOPT_INFILESIZE_LARGE, offset: curl_off_t(payload.count))
        options.set(CURLOPT_READFUNCTION, callback: smtpReadCallback)
        options.set(CURLOPT_HEADERFUNCTION, callback: smtpHeaderCallback)
    }

    // MARK: - Callbacks

    fileprivate func fill(_ buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, payload.count - offset)
        guard count > 0 else { return 0 }
        payload.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }

    fileprivate func receive(_ buffer: UnsafeMutablePointer<CChar>, count: Int) {
        let bytes = UnsafeRawBufferPointer(start: buffer, count: count)
        let line = String(decoding: bytes, as: UTF8.self)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
        if !line.isEmpty { replyLines.append(line) }
    }

    /// One conversation line for the trace: commands and replies, never the message.
    fileprivate func trace(
        _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>, _ size: Int
    ) {
        let sent = type == CURLINFO_HEADER_OUT
        guard sent || type == CURLINFO_HEADER_IN else { return }
        let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) {
            let shown = ProtocolTrace.redact(String(line), sent: sent, afterChallenge: challenged)
            ProtocolTrace.emit("smtp \(sent ? ">" : "<") \(shown)")
            if !sent { challenged = line.hasPrefix("334") } else { challenged = false }
        }
    }

    // MARK: - Outcome

    /// The final reply is the last line; the code tells temporary from permanent, since
    /// the CURLcode does not (C-LIBRARIES.md).
    private func outcome(
        _ code: CURLcode, responseCode: Int, detail: String, context: String
    ) throws -> SendOutcome {
        // curl may already have sent QUIT after a refusal: take the last line carrying
        // the reported code, not the "221 Bye".
        let prefix = String(responseCode)
        let last = replyLines.last { $0.hasPrefix(prefix) } ?? replyLines.last ?? ""
        if code == CURLE_OK {
            if (200..<300).contains(responseCode) { return .accepted(response: last) }
            return .deferred(code: responseCode, response: last)
        }

        switch code {
        case CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_PEER_FAILED_VERIFICATION,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_URL_MALFORMAT,
             CURLE_UNSUPPORTED_PROTOCOL, CURLE_REMOTE_ACCESS_DENIED:
            throw CurlError(code, detail: detail, context: context)
        default:
            break
        }
        switch responseCode {
        case 500..<600: return .refused(code: responseCode, response: last)
        case 400..<500: return .deferred(code: responseCode, response: last)
        default:
            // No 4xx/5xx reply: a lost connection, a timeout, a TLS failure mid-way.
            let failure = CurlError(code, detail: detail, context: context).description
            let words = last.isEmpty ? failure : "\(failure) (last reply: \(last))"
            return .deferred(code: nil, response: words)
        }
    }
}

// MARK: - C callbacks (capture nothing; the transfer travels as the context pointer)

private let smtpReadCallback: sp_curl_data_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.fill(buffer, capacity: size * count)
}

private let smtpHeaderCallback: sp_curl_data_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    let transfer = Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receive(buffer, count: size * count)
    return size * count
}

extension String {
    /// This text with every occurrence of `secret` masked.
    func replacingPassword(_ secret: String?) -> String {
        guard let secret, !secret.isEmpty else { return self }
        return replacingOccurrences(of: secret, with: "***")
    }
}

/// curl's debug callback: context is the `SMTPTransfer` passed as DEBUGDATA.
private let smtpDebugCallback: sp_curl_debug_callback = { _, type, data, size, context in
    guard let context, let data else { return 0 }
    Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue().trace(type, data, size)
    return 0
}
