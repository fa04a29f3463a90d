/// A parameter of an algorithm or a job configuration is outside the range it allows.
///
/// Thrown by the initialisers of ``HalfLifeDecay``, ``StepDecay``, ``BehaviourBoost``,
/// ``CleanupPolicy`` and ``DeletionGuard``, and by the jobs when their configuration holds such a
/// value. The description names the parameter, the value and the rule it breaks.
public struct ParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The parameter's name, for example `halfLifeDays`.
    public var parameter: String
    /// The rejected value, as text.
    public var value: String
    /// What the parameter must be, for example `positive and finite`.
    public var requirement: String

    /// Creates an error for `parameter`, which held `value` but must be `requirement`.
    public init(parameter: String, value: String, requirement: String) {
        self.parameter = parameter
        self.value = value
        self.requirement = requirement
    }

    /// The parameter, its value and the rule it breaks, in one message.
    public var description: String {
        "invalid parameter \(parameter) = \(value): must be \(requirement)"
    }

    /// Throws unless `value` is finite and greater than zero.
    static func requirePositive(_ value: Double, _ parameter: String) throws {
        guard value.isFinite, value > 0 else {
            throw ParameterError(parameter: parameter, value: "\(value)", requirement: "positive and finite")
        }
    }

    /// Throws unless `value` is finite and zero or greater.
    static func requireNonNegative(_ value: Double, _ parameter: String) throws {
        guard value.isFinite, value >= 0 else {
            throw ParameterError(parameter: parameter, value: "\(value)", requirement: "zero or more and finite")
        }
    }

    /// Throws unless `value` lies in `[0, 1]`.
    static func requireUnitInterval(_ value: Double, _ parameter: String) throws {
        guard value >= 0, value <= 1 else {
            throw ParameterError(parameter: parameter, value: "\(value)", requirement: "between 0 and 1")
        }
    }
}
