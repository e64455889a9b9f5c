import CFuzzDriver
import Foundation

// Swift's executable has its own main, which keeps libFuzzer's out of the link: hand the
// command line to libFuzzer's driver instead.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
