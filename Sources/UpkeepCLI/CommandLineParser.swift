/// A declared option of a command: a flag such as `--json` or an option with a value such as
/// `--limit N`.
struct OptionSpec: Sendable {
    /// The option as typed, for example `--limit`.
    var name: String
    /// The value's placeholder in help, or `nil` for a flag that takes no value.
    var valueName: String?
    /// One line of help.
    var help: String

    /// A flag without a value.
    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help)
    }

    /// An option that takes a value.
    static func value(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help)
    }
}

/// A command-line mistake: exit code 2 with a one-line message naming the bad argument.
struct UsageError: Error, CustomStringConvertible {
    /// What was wrong.
    var message: String
    /// The command whose help the user should read, such as `job`.
    var command: String?

    var description: String { message }
}

/// The arguments of one command after parsing.
struct ParsedArguments: Sendable {
    /// The command's path, such as `["cron", "next"]`.
    var command: [String]
    /// Values of options that take one, by option name.
    var values: [String: String] = [:]
    /// Flags that were given.
    var flags: Set<String> = []
    /// Arguments that are not options, in order.
    var positionals: [String] = []

    /// Whether `flag` was given.
    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The value of `option`, or `nil`.
    func value(_ option: String) -> String? { values[option] }

    /// The value of `option` as a positive integer, `fallback` when absent.
    ///
    /// - Throws: ``UsageError`` naming the option and the text when it is not a positive integer.
    func positiveInt(_ option: String, default fallback: Int) throws -> Int {
        guard let text = values[option] else { return fallback }
        guard let number = Int(text), number > 0 else {
            throw UsageError(message: "\(option) expects a positive integer, got '\(text)'", command: command.first)
        }
        return number
    }

    /// The value of `option` as a positive number, `fallback` when absent.
    ///
    /// - Throws: ``UsageError`` naming the option and the text when it is not a positive number.
    func positiveDouble(_ option: String, default fallback: Double) throws -> Double {
        guard let text = values[option] else { return fallback }
        guard let number = Double(text), number.isFinite, number > 0 else {
            throw UsageError(message: "\(option) expects a positive number, got '\(text)'", command: command.first)
        }
        return number
    }
}

/// Splits arguments into options and positionals against a command's declared options.
enum CommandLineParser {
    /// Parses `arguments` (after the command words) for a command accepting `options`.
    ///
    /// Accepts `--name value`, `--name=value` and `--` to end options.
    ///
    /// - Throws: ``UsageError`` for an unknown option, a missing value, or a value given to a flag.
    static func parse(_ arguments: [String], command: [String], options: [OptionSpec]) throws -> ParsedArguments {
        var parsed = ParsedArguments(command: command)
        var index = 0
        var optionsEnded = false
        let commandName = command.joined(separator: " ")

        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard !optionsEnded, argument.hasPrefix("-"), argument != "-" else {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }

            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            guard let spec = options.first(where: { $0.name == name }) else {
                throw UsageError(message: "unknown option '\(name)' for 'upkeep \(commandName)'", command: commandName)
            }

            if spec.valueName == nil {
                guard parts.count == 1 else {
                    throw UsageError(message: "option '\(name)' takes no value", command: commandName)
                }
                parsed.flags.insert(name)
            } else if parts.count == 2 {
                parsed.values[name] = parts[1]
            } else if index < arguments.count {
                parsed.values[name] = arguments[index]
                index += 1
            } else {
                throw UsageError(
                    message: "option '\(name)' needs a value (\(spec.valueName ?? "VALUE"))", command: commandName)
            }
        }
        return parsed
    }
}
