//! Timestamps on the wire: RFC 3339 in UTC.

/// Unix milliseconds → `2026-11-23T10:00:00.123Z`.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// `2026-11-23T10:00:00Z` (any offset) → Unix milliseconds; `None` when it is not RFC 3339.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    text.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}
