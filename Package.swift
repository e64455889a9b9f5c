// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "schoolpost",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "schoolpost", targets: ["schoolpost"]),
        // For the separate fuzz package (fuzz/), which depends on this one by path.
        .library(name: "MailBridge", targets: ["MailBridge"]),
    ],
    targets: [
        // C libraries. Each system library is a module map with a one-line shim header;
        // the compiled shims wrap variadic or macro APIs Swift cannot call.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CEtpan", providers: [.apt(["libetpan-dev"])]),
        .systemLibrary(name: "CGnuTLS", providers: [.apt(["libgnutls28-dev"])]),
        .systemLibrary(name: "CXLSXWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CYtnef", providers: [.apt(["libytnef0-dev"])]),
        .systemLibrary(
            name: "CXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CZip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CFreeXL", providers: [.apt(["libfreexl-dev"])]),
        .target(
            name: "CCurlShim",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        .target(
            name: "CTLSShim",
            linkerSettings: [.linkedLibrary("gnutls")]
        ),

        // The four modules.
        .target(name: "Ledger", dependencies: ["CSQLite", "CGnuTLS"]),
        .target(
            name: "MailBridge",
            dependencies: ["Ledger", "CEtpan", "CYtnef", "CCurlShim", "CTLSShim"]
        ),
        .target(name: "Workflows", dependencies: ["Ledger", "MailBridge", "Reports"]),
        .target(
            name: "Reports", dependencies: ["Ledger", "CXLSXWriter", "CXML2", "CZip", "CFreeXL"]
        ),

        // The thin executable: argument parsing and exit codes only.
        .executableTarget(
            name: "schoolpost",
            dependencies: ["Ledger", "MailBridge", "Workflows", "Reports"]
        ),

        .testTarget(name: "LedgerTests", dependencies: ["Ledger"]),
        .testTarget(name: "MailBridgeTests", dependencies: ["MailBridge", "Ledger"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "Ledger", "MailBridge"]),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Ledger", "CXLSXWriter", "CZip"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SchoolpostTests",
            dependencies: ["Ledger", "MailBridge", "Workflows", "Reports", "CXLSXWriter"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
