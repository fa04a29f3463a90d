import Foundation

extension RelationshipsJob {
    /// The settings of the relationships job, decodable from JSON in which every key is optional.
    ///
    /// ```json
    /// { "decay": "halfLife", "halfLifeDays": 30, "floor": 0, "boostMode": "countOnce" }
    /// ```
    public struct Configuration: Sendable, Hashable {
        /// Which decay model to apply.
        public enum Decay: String, Sendable, Hashable, Codable, CaseIterable {
            /// ``HalfLifeDecay`` with ``halfLifeDays`` and ``floor``; the default.
            case halfLife
            /// The seed's ``StepDecay``, at most once per ``stepPeriodDays``.
            case step
        }

        /// Which interactions the boost counts.
        public enum BoostMode: String, Sendable, Hashable, Codable, CaseIterable {
            /// Each interaction once, in the first update after it; the default.
            case countOnce
            /// Every interaction in the last ``boostWindowDays`` days, on every run (the seed).
            case window
        }

        /// The decay model. Default ``Decay/halfLife``.
        public var decay: Decay
        /// The half-life of ``Decay/halfLife`` decay, in days. Default 30.
        public var halfLifeDays: Double
        /// The value ``Decay/halfLife`` decay relaxes towards, in `[0, 1]`. Default 0.
        public var floor: Double
        /// The period of ``Decay/step`` decay, in days. Default 7.
        public var stepPeriodDays: Double
        /// Which interactions the boost counts. Default ``BoostMode/countOnce``.
        public var boostMode: BoostMode
        /// The window of ``BoostMode/window``, in days. Default 30.
        public var boostWindowDays: Int
        /// What each interaction adds. Default 0.05.
        public var boostPerInteraction: Double
        /// The most one update adds. Default 0.3.
        public var boostCap: Double
        /// Only relationships whose weight was last written more than this many days ago are
        /// updated. Default 0: every relationship, on every run.
        public var minimumAgeDays: Double
        /// Whether the cache entries of users at either end of a changed relationship are
        /// invalidated. Default `true`.
        public var invalidateCaches: Bool

        /// Creates a configuration; every parameter has the documented default.
        public init(
            decay: Decay = .halfLife,
            halfLifeDays: Double = 30,
            floor: Double = 0,
            stepPeriodDays: Double = 7,
            boostMode: BoostMode = .countOnce,
            boostWindowDays: Int = 30,
            boostPerInteraction: Double = BehaviourBoost.defaultPerInteraction,
            boostCap: Double = BehaviourBoost.defaultCap,
            minimumAgeDays: Double = 0,
            invalidateCaches: Bool = true
        ) {
            self.decay = decay
            self.halfLifeDays = halfLifeDays
            self.floor = floor
            self.stepPeriodDays = stepPeriodDays
            self.boostMode = boostMode
            self.boostWindowDays = boostWindowDays
            self.boostPerInteraction = boostPerInteraction
            self.boostCap = boostCap
            self.minimumAgeDays = minimumAgeDays
            self.invalidateCaches = invalidateCaches
        }

        /// The weight update these settings describe.
        ///
        /// - Throws: ``ParameterError`` naming the first setting out of range, for example
        ///   `relationships.halfLifeDays` when it is not in `(0, 36500]`.
        public func weightUpdate() throws -> WeightUpdate {
            try Self.requireDays(halfLifeDays, "halfLifeDays")
            try Self.requireDays(stepPeriodDays, "stepPeriodDays")
            try ParameterError.requireUnitInterval(floor, "relationships.floor")
            try ParameterError.requireUnitInterval(boostPerInteraction, "relationships.boostPerInteraction")
            try ParameterError.requireUnitInterval(boostCap, "relationships.boostCap")
            try Self.requireDays(Double(boostWindowDays), "boostWindowDays", minimum: 1)

            let model: DecayModel
            switch decay {
            case .halfLife:
                model = .halfLife(try HalfLifeDecay(halfLife: .seconds(halfLifeDays * 86_400), floor: floor))
            case .step:
                model = .step(try StepDecay(period: .seconds(stepPeriodDays * 86_400)))
            }
            let mode: BehaviourBoost.Mode = boostMode == .countOnce ? .countOnce : .window(days: boostWindowDays)
            let boost = try BehaviourBoost(perInteraction: boostPerInteraction, cap: boostCap, mode: mode)
            return WeightUpdate(decay: model, boost: boost)
        }

        /// How long ago a weight must have been written for the job to update it.
        ///
        /// - Throws: ``ParameterError`` when ``minimumAgeDays`` is negative or above 36500.
        public func minimumAge() throws -> TimeInterval {
            guard minimumAgeDays != 0 else { return 0 }
            try Self.requireDays(minimumAgeDays, "minimumAgeDays")
            return minimumAgeDays * 86_400
        }

        private static func requireDays(_ days: Double, _ name: String, minimum: Double = 0) throws {
            guard days > 0, days >= minimum, days <= 36_500 else {
                let requirement = minimum > 0 ? "between \(Int(minimum)) and 36500" : "above 0 and at most 36500"
                throw ParameterError(parameter: "relationships.\(name)", value: "\(days)", requirement: requirement)
            }
        }
    }
}

extension RelationshipsJob.Configuration: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case decay, halfLifeDays, floor, stepPeriodDays, boostMode, boostWindowDays
        case boostPerInteraction, boostCap, minimumAgeDays, invalidateCaches
    }

    /// Decodes a configuration; a missing key takes its default.
    ///
    /// - Throws: `DecodingError` when a present key has the wrong type or an unknown name;
    ///   ``ConfigurationError`` when a key is not one of the settings.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        decay = try container.decode(.decay, default: defaults.decay)
        halfLifeDays = try container.decode(.halfLifeDays, default: defaults.halfLifeDays)
        floor = try container.decode(.floor, default: defaults.floor)
        stepPeriodDays = try container.decode(.stepPeriodDays, default: defaults.stepPeriodDays)
        boostMode = try container.decode(.boostMode, default: defaults.boostMode)
        boostWindowDays = try container.decode(.boostWindowDays, default: defaults.boostWindowDays)
        boostPerInteraction = try container.decode(.boostPerInteraction, default: defaults.boostPerInteraction)
        boostCap = try container.decode(.boostCap, default: defaults.boostCap)
        minimumAgeDays = try container.decode(.minimumAgeDays, default: defaults.minimumAgeDays)
        invalidateCaches = try container.decode(.invalidateCaches, default: defaults.invalidateCaches)
    }
}
