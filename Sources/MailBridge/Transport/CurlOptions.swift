import CCurlShim

/// Typed `curl_easy_setopt` calls through CCurlShim that remember the first failure.
/// See https://curl.se/libcurl/c/curl_easy_setopt.html
struct CurlOptions {
    let handle: UnsafeMutableRawPointer
    private(set) var firstFailure: CURLcode?

    init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    private mutating func note(_ code: CURLcode) {
        if code != CURLE_OK, firstFailure == nil { firstFailure = code }
    }

    mutating func set(_ option: CURLoption, _ value: Int) {
        note(sp_curl_setopt_long(handle, option, value))
    }

    mutating func set(_ option: CURLoption, offset value: curl_off_t) {
        note(sp_curl_setopt_offset(handle, option, value))
    }

    /// curl copies string options (since 7.17), so the Swift string need not outlive this.
    mutating func set(_ option: CURLoption, _ value: String) {
        note(value.withCString { sp_curl_setopt_string(handle, option, $0) })
    }

    mutating func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) {
        note(sp_curl_setopt_pointer(handle, option, value))
    }

    mutating func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?) {
        note(sp_curl_setopt_list(handle, option, value))
    }

    mutating func set(_ option: CURLoption, callback value: sp_curl_data_callback) {
        note(sp_curl_setopt_callback(handle, option, value))
    }
}
