import Foundation
import Ledger

// The thin executable: read the command line, run one command, map its error to one line
// on stderr and a fixed exit code (sysexits.h).

let exitCode: Int32
do {
    exitCode = try Command.run(Array(CommandLine.arguments.dropFirst()))
} catch let error as CategorizedError {
    FileHandle.standardError.write(Data("schoolpost: \(error.description)\n".utf8))
    exitCode = ExitCode.of(error.category)
} catch {
    FileHandle.standardError.write(Data("schoolpost: internal error: \(error)\n".utf8))
    exitCode = ExitCode.of(.internal)
}
exit(exitCode)
