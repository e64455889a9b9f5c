import CCurlShim

/// `curl_global_init` exactly once per process, before the first handle.
enum CurlGlobal {
    private static let result: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    static func ensureInitialized() {
        precondition(result == CURLE_OK, "curl_global_init failed with \(result.rawValue)")
    }
}
