import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let status = await UpkeepCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)
