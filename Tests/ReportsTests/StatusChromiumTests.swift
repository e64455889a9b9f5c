import Foundation
import Reports
import Testing

/// Headless Chromium (Debian package `chromium`), run on local files only: every host
/// name resolves to nothing, background services are off.
struct HeadlessChromium {
    let program: String

    /// The first `chromium` or `chromium-browser` on PATH.
    static let found: HeadlessChromium? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) {
                    return HeadlessChromium(program: candidate)
                }
            }
        }
        return nil
    }()

    /// Why the test does not run on this machine.
    static let skipNote = "skipped: chromium is not installed (Debian package chromium; "
        + "scripts/setup.sh --test installs it); SCHOOLPOST_REQUIRE_SERVERS=1 fails instead"

    /// Whether a missing chromium is a failure rather than a skip.
    static var required: Bool {
        ProcessInfo.processInfo.environment["SCHOOLPOST_REQUIRE_SERVERS"] == "1"
    }

    /// Runs chromium on `page` with `arguments`; returns its standard output.
    func run(_ arguments: [String], page: URL, artefacts: URL, timeout: Double = 120) throws
        -> String {
        let profile = artefacts.appending(path: "profile-\(UUID().uuidString)")
        let output = artefacts.appending(path: "chromium-\(UUID().uuidString).out")
        let errors = artefacts.appending(path: "chromium.log")
        try Data().write(to: output)
        if !FileManager.default.fileExists(atPath: errors.path) { try Data().write(to: errors) }
        defer { try? FileManager.default.removeItem(at: profile) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--user-data-dir=\(profile.path)", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--mute-audio",
            "--host-resolver-rules=MAP * ~NOTFOUND", "--lang=pl",
        ] + arguments + [page.absoluteString]
        process.standardOutput = try FileHandle(forWritingTo: output)
        let log = try FileHandle(forWritingTo: errors)
        log.seekToEndOfFile()
        process.standardError = log
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw ChromiumTimeout(seconds: timeout)
        }
        #expect(process.terminationStatus == 0, "chromium exit status, see \(errors.path)")
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }

    struct ChromiumTimeout: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "chromium did not finish in \(Int(seconds)) s" }
    }
}

@Suite("Status page in headless Chromium")
struct StatusChromiumTests {
    @Test("the status page renders its table and charts; the script sorts the table",
          .enabled(if: HeadlessChromium.found != nil || HeadlessChromium.required,
                   Comment(rawValue: HeadlessChromium.skipNote)))
    func rendered() throws {
        let chromium = try #require(HeadlessChromium.found,
                                    "SCHOOLPOST_REQUIRE_SERVERS=1 but chromium is not installed")
        let fixture = try StatusPageFixture()
        let artefacts = FileManager.default.temporaryDirectory
            .appending(path: "schoolpost-status-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        print("status page artefacts: \(artefacts.path)")
        let page = artefacts.appending(path: "stan.html")
        try Data(try fixture.report.html().utf8).write(to: page)
        let screenshot = artefacts.appending(path: "stan.png")

        _ = try chromium.run(["--screenshot=\(screenshot.path)", "--window-size=1280,2000"],
                             page: page, artefacts: artefacts)
        let dom = try chromium.run(["--dump-dom"], page: page, artefacts: artefacts)
        var sortedPage = URLComponents(url: page, resolvingAgainstBaseURL: false)
        sortedPage?.fragment = "sort=0-desc"
        let sortedURL = try #require(sortedPage?.url)
        let sorted = try chromium.run(["--dump-dom"], page: sortedURL, artefacts: artefacts)
        try Data(dom.utf8).write(to: artefacts.appending(path: "dom.html"))

        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 30_000, "a screenshot of \(png.count) bytes is too small")
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(Self.bigEndian(png, at: 16) == 1280 && Self.bigEndian(png, at: 20) == 2000)
        #expect(dom.contains("data-sortable=\"ready\""), "the page's script ran")
        #expect(Self.codes(in: dom).count == 20)
        #expect(dom.components(separatedBy: "<svg ").count - 1 == 4)
        #expect(dom.contains("<polyline"))
        #expect(!dom.contains("<script>alert"))
        #expect(Self.codes(in: sorted) == Self.codes(in: dom).sorted {
            $0.localizedStandardCompare($1) == .orderedDescending
        })
        #expect(sorted.contains("aria-sort=\"descending\""))
    }

    /// The codes in the first column of the table's body, in order.
    static func codes(in dom: String) -> [String] {
        guard let body = dom.components(separatedBy: "<tbody>").last?
            .components(separatedBy: "</tbody>").first
        else { return [] }
        return body.components(separatedBy: "<tr>").dropFirst().compactMap { row in
            guard let cell = row.range(of: "<td"),
                  let start = row[cell.upperBound...].range(of: ">"),
                  let end = row[start.upperBound...].range(of: "</td>")
            else { return nil }
            return String(row[start.upperBound..<end.lowerBound])
        }
    }

    static func bigEndian(_ data: Data, at offset: Int) -> Int {
        data.dropFirst(offset).prefix(4).reduce(0) { $0 << 8 | Int($1) }
    }
}
