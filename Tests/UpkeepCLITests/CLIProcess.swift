import Foundation

/// Runs the built `upkeep` executable as a child process, as a user would.
struct CLIProcess {
    /// What a finished run printed and how it exited.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The `upkeep` binary next to the test bundle in the build directory.
    static var executable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("upkeep").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("upkeep")
    }

    /// Runs `upkeep` with `arguments` in `directory`, feeding `input` on standard input.
    static func run(_ arguments: [String], in directory: URL, input: String? = nil) throws -> Result {
        let process = try start(arguments, in: directory, input: input)
        let output = process.standardOutput.fileHandleForReading.readDataToEndOfFile()
        let error = process.standardError.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Result(
            status: process.process.terminationStatus, standardOutput: String(decoding: output, as: UTF8.self),
            standardError: String(decoding: error, as: UTF8.self))
    }

    /// A started child process with its pipes.
    struct Running {
        var process: Process
        var standardOutput: Pipe
        var standardError: Pipe
    }

    /// Starts `upkeep` with `arguments` in `directory` without waiting for it.
    static func start(_ arguments: [String], in directory: URL, input: String? = nil) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
        }
        try stdin.fileHandleForWriting.close()
        return Running(process: process, standardOutput: output, standardError: error)
    }

    /// A fresh empty directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("upkeep-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
