import Foundation
import Testing

@testable import Upkeep

@Suite struct CacheValuesTests {
    @Test func keysHaveTheDocumentedForms() {
        let user = NodeKey(.user, 42)
        #expect(
            CacheKeys.dailyStatistics(InsightsFixtures.day("2026-12-03"))
                == "stats:daily:2026-12-03")
        #expect(
            CacheKeys.contentQuality(InsightsFixtures.day("2026-12-03"))
                == "stats:quality:2026-12-03")
        #expect(CacheKeys.profile(user) == "profile:42")
        #expect(CacheKeys.recommendations(user) == "recommendations:42")
        #expect(CacheKeys.userGraph(user) == "user:42:graph")
        #expect(CacheKeys.query("  Swift   JOBS ") == "query:swift jobs")
        #expect(CacheKeys.tagTree == "tags:tree")
        #expect(CacheKeys.owner(of: user) == "42")
    }

    @Test func profileUsesTheSeedsFieldNamesAndMillisecondDates() throws {
        let engagement = Engagement(
            totalItems: 4, recentItems: 3, score: 60, streak: Streak(current: 2, longest: 5))
        let profile = UserProfile(
            user: NodeKey(.user, 7), engagement: engagement, timeZone: "Asia/Tokyo",
            updatedAt: Date(epochMilliseconds: 1_796_256_000_123))
        let data = try CacheValueCoding.encode(profile)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

        #expect(
            Set(object.keys) == [
                "user_id", "total_items", "recent_items", "engagement_score", "current_streak",
                "longest_streak", "time_zone", "updated_at",
            ])
        #expect(object["updated_at"] as? String == "2026-12-03T00:00:00.123Z")
        #expect(try CacheValueCoding.decode(UserProfile.self, from: data) == profile)
    }

    @Test func millisecondDatesRoundTripExactly() throws {
        for millis: Int64 in [0, 1, 999, -1, -1_001, 1_796_256_000_123, 1_796_256_000_999] {
            let date = Date(epochMilliseconds: millis)
            let text = CacheValueCoding.format(date)
            #expect(CacheValueCoding.parse(text) == date, "\(text)")
        }
        #expect(CacheValueCoding.format(Date(epochMilliseconds: -1)) == "1969-12-31T23:59:59.999Z")
        #expect(
            CacheValueCoding.parse("2026-12-03T00:00:00Z")
                == Date(epochMilliseconds: 1_796_256_000_000))
    }

    @Test func decodingNamesAMalformedDate() {
        let json = Data(#"{"user_id":"1","items":[],"generated_at":"yesterday"}"#.utf8)
        #expect {
            try CacheValueCoding.decode(RecommendationList.self, from: json)
        } throws: { error in
            String(describing: error).contains("yesterday")
        }
    }
}
