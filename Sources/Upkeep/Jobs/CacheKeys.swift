/// Every cache key the statistics and cache jobs write, in one place.
///
/// User-scoped entries (profiles, recommendations, user graphs) are written with
/// ``CacheEntry/user`` set to ``owner(of:)`` — the id part of the `User` node key — so
/// `CacheStore.invalidate(user:)` with that id drops them all.
///
/// | Key | Written by | Value |
/// |---|---|---|
/// | `stats:daily:2026-12-02` | statistics, `usage-statistics` | ``DailyStatistics`` |
/// | `stats:quality:2026-12-03` | statistics, `content-quality` | ``ContentQualityReport`` |
/// | `recommendations:<userID>` | statistics, `recommendations` | ``RecommendationList`` |
/// | `profile:<userID>` | statistics, `user-profiles` | ``UserProfile`` |
/// | `query:<normalised text>` | cache, `preload-results` | ``CachedSearchResult`` |
/// | `tags:tree` | cache, `tag-tree` | ``TagTree`` |
/// | `user:<userID>:graph` | cache, `user-graphs` | ``UserGraphSnapshot`` |
///
/// Values are JSON written with ``CacheValueCoding``.
public enum CacheKeys {
    /// `stats:daily:<YYYY-MM-DD>`: the daily statistics of `day`.
    public static func dailyStatistics(_ day: CalendarDay) -> String { "stats:daily:\(day)" }

    /// `stats:quality:<YYYY-MM-DD>`: the content quality report computed on `day`.
    public static func contentQuality(_ day: CalendarDay) -> String { "stats:quality:\(day)" }

    /// `recommendations:<userID>`: a user's recommendations.
    public static func recommendations(_ user: NodeKey) -> String { "recommendations:\(user.id)" }

    /// `profile:<userID>`: a user's profile.
    public static func profile(_ user: NodeKey) -> String { "profile:\(user.id)" }

    /// `query:<normalised text>`: the preloaded results of a search; `text` is normalised first
    /// with ``HotQueries/normalize(_:)``.
    public static func query(_ text: String) -> String { "query:\(HotQueries.normalize(text))" }

    /// `tags:tree`: the tag hierarchy.
    public static let tagTree = "tags:tree"

    /// `user:<userID>:graph`: a user's pre-warmed relationship neighbourhood.
    public static func userGraph(_ user: NodeKey) -> String { "user:\(user.id):graph" }

    /// The ``CacheEntry/user`` value of a user's entries: the id part of the user's key.
    public static func owner(of user: NodeKey) -> String { user.id }
}
