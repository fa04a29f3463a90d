import Foundation
import Testing

@testable import Upkeep

@Suite struct ConfigurationTests {
    @Test func emptyObjectDecodesToDefaults() throws {
        let configuration = try UpkeepConfiguration.decode(Data("{}".utf8))
        #expect(configuration.batchSize == 1_000)
        #expect(configuration.relationships == RelationshipsJob.Configuration())
        #expect(configuration.service.workerCount == 2)
        #expect(configuration.service.scheduler.schedules == ScheduleConfiguration.defaults)
        #expect(configuration.jobs.count == 5)
    }

    @Test func nestedValuesOverrideOnlyWhatTheyName() throws {
        let json = """
            {"batchSize": 250, "relationships": {"halfLifeDays": 14},
             "service": {"workerCount": 4, "worker": {"retry": {"maxAttempts": 3}}}}
            """
        let configuration = try UpkeepConfiguration.decode(Data(json.utf8))
        #expect(configuration.batchSize == 250)
        #expect(configuration.relationships.halfLifeDays == 14)
        #expect(configuration.relationships.boostCap == RelationshipsJob.Configuration().boostCap)
        #expect(configuration.service.workerCount == 4)
        #expect(configuration.service.worker.retry.maxAttempts == 3)
        #expect(configuration.service.worker.retry.baseSeconds == 30)
    }

    @Test func unknownTopLevelKeyIsNamed() {
        let error = #expect(throws: ConfigurationError.self) {
            try UpkeepConfiguration.decode(Data(#"{"relationship": {}}"#.utf8), file: "upkeep.json")
        }
        #expect(error?.code == .unknownKey)
        #expect(error?.description.hasPrefix("upkeep.json: relationship: unknown key") == true)
    }

    @Test(arguments: [
        (#"{"relationships": {"halfLifeDay": 10}}"#, "relationships.halfLifeDay"),
        (#"{"cache": {"graphHop": 2}}"#, "cache.graphHop"),
        (#"{"sync": {"consistencySlice": 10}}"#, "sync.consistencySlice"),
        (#"{"statistics": {"quality": {"titleWieght": 1}}}"#, "statistics.quality.titleWieght"),
        (
            #"{"service": {"scheduler": {"schedules": [{"job": "sync", "expresion": "0 * * * *"}]}}}"#,
            "service.scheduler.schedules.[0].expresion"
        ),
        (#"{"service": {"worker": {"retry": {"jiter": true}}}}"#, "service.worker.retry.jiter"),
    ])
    func misspelledNestedKeyIsRejectedWithItsPath(json: String, keyPath: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try UpkeepConfiguration.decode(Data(json.utf8), file: "upkeep.json")
        }
        #expect(error?.code == .unknownKey)
        #expect(error?.keyPath == keyPath)
        #expect(error?.file == "upkeep.json", "the file is named for nested keys too")
        #expect(error?.message.hasPrefix("unknown key; expected one of ") == true)
    }

    @Test func wrongTypeNamesTheKeyPath() {
        let error = #expect(throws: ConfigurationError.self) {
            try UpkeepConfiguration.decode(Data(#"{"relationships": {"halfLifeDays": "long"}}"#.utf8))
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.keyPath == "relationships.halfLifeDays")
    }

    @Test func malformedJSONIsReported() {
        let error = #expect(throws: ConfigurationError.self) {
            try UpkeepConfiguration.decode(Data("{not json".utf8), file: "c.json")
        }
        #expect(error?.code == .malformed)
        #expect(error?.description.contains("not valid JSON") == true)
    }

    @Test func nonPositiveBatchSizeIsRejected() {
        let error = #expect(throws: ConfigurationError.self) {
            try UpkeepConfiguration.decode(Data(#"{"batchSize": 0}"#.utf8))
        }
        #expect(error?.keyPath == "batchSize")
    }
}

@Suite struct ConfigurationValidationTests {
    @Test func badCronExpressionInAScheduleIsRejectedWhenLoaded() {
        let json = #"{"service": {"scheduler": {"schedules": [{"job": "sync", "expression": "61 * * * *"}]}}}"#
        let error = #expect(throws: ConfigurationError.self) {
            try UpkeepConfiguration.decode(Data(json.utf8), file: "c.json")
        }
        #expect(error?.keyPath == "service.scheduler")
        #expect(error?.description.contains("61") == true)
    }

    @Test func outOfRangeJobParameterIsRejectedWhenLoaded() {
        let error = #expect(throws: ConfigurationError.self) {
            try UpkeepConfiguration.decode(Data(#"{"relationships": {"halfLifeDays": -3}}"#.utf8))
        }
        #expect(error?.keyPath == "relationships")
    }
}
