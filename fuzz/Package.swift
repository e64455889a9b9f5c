// swift-tools-version:6.0
import PackageDescription

// A libFuzzer target for the mail reader, kept apart so the main package keeps its shape.
// Build: swift build -c release -Xswiftc -sanitize=fuzzer,address (see docs/FAULTS.md).
let package = Package(
    name: "schoolpost-fuzz",
    dependencies: [.package(name: "schoolpost", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "MailFuzz",
            dependencies: ["CFuzzDriver", .product(name: "MailBridge", package: "schoolpost")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
