//! `decode.rs` reads exactly what the serde derives of the API types write.

use ayuda_api::{
    PublicArticle, PublicSiteConfig, RelatedArticle, SearchHit, SearchResponse, SuggestReason,
    SuggestResponse, SuggestedArticle, TagFacet, Translation, VoteRequest, VoteTotals,
};
use ayuda_widget::api::vote_body;
use ayuda_widget::decode::FromJs;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen_test::wasm_bindgen_test;

/// Serialises with serde_json, parses with the browser, decodes with `FromJs`.
fn round_trip<T: Serialize + FromJs + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let parsed = js_sys::JSON::parse(&json).unwrap();
    assert_eq!(T::from_js(&parsed).as_ref(), Some(value), "{json}");
}

fn parse<T: FromJs>(json: &str) -> Option<T> {
    T::from_js(&js_sys::JSON::parse(json).unwrap())
}

/// What serde_json makes of `json`, to compare with `parse`.
fn serde<T: DeserializeOwned>(json: &str) -> Option<T> {
    serde_json::from_str(json).ok()
}

#[wasm_bindgen_test]
fn every_answer_type_round_trips() {
    round_trip(&PublicSiteConfig {
        key: "demo".into(),
        name: "Demo «Ñ»".into(),
        default_locale: "es".into(),
        locales: vec!["es".into(), "en".into()],
        brand_color: "#1f6feb".into(),
    });
    round_trip(&SearchResponse {
        hits: vec![SearchHit {
            slug: "pagos".into(),
            locale: "es".into(),
            title: "Pagos".into(),
            snippet: "Cómo <mark>pagar</mark> &lt;x&gt;".into(),
            title_html: "<mark>Pagos</mark>".into(),
            url: "http://a.test/help/demo/es/pagos".into(),
            score: 1.5,
        }],
        total: 41,
        facets: vec![TagFacet {
            tag: "billing".into(),
            count: 3,
        }],
        fallback: true,
    });
    round_trip(&SuggestResponse {
        articles: vec![
            SuggestedArticle {
                slug: "a".into(),
                locale: "en".into(),
                title: "A".into(),
                summary: "S".into(),
                url: "u".into(),
                reason: SuggestReason::Context,
            },
            SuggestedArticle {
                slug: "b".into(),
                locale: "en".into(),
                title: "B".into(),
                summary: String::new(),
                url: "u".into(),
                reason: SuggestReason::Popular,
            },
        ],
    });
    round_trip(&PublicArticle {
        slug: "pagos".into(),
        locale: "es".into(),
        title: "Pagos".into(),
        html: "<p>x</p>".into(),
        summary: "x".into(),
        tags: vec!["billing".into()],
        url: "u".into(),
        updated_at: "2026-01-01T00:00:00Z".into(),
        translations: vec![Translation {
            locale: "en".into(),
            slug: "payments".into(),
            url: "v".into(),
        }],
        helpful: 12,
        not_helpful: -1,
        related: vec![RelatedArticle {
            slug: "r".into(),
            locale: "es".into(),
            title: "R".into(),
            url: "w".into(),
        }],
    });
    round_trip(&VoteTotals {
        helpful: 3,
        not_helpful: 0,
    });
}

#[wasm_bindgen_test]
fn defaults_and_failures_match_serde() {
    // `#[serde(default)]` fields may be absent.
    let old_server = r#"{"hits":[{"slug":"s","locale":"es","title":"T","snippet":"x","url":"u","score":1}],"total":1}"#;
    assert_eq!(
        parse::<SearchResponse>(old_server),
        serde::<SearchResponse>(old_server)
    );
    assert_eq!(
        parse::<SearchResponse>(old_server).unwrap().hits[0].title_html,
        ""
    );
    let no_reason =
        r#"{"articles":[{"slug":"s","locale":"es","title":"T","summary":"","url":"u"}]}"#;
    assert_eq!(
        parse::<SuggestResponse>(no_reason),
        serde::<SuggestResponse>(no_reason)
    );
    // Required fields may not; nor may they have the wrong type.
    for bad in [
        r#"{"total":1}"#,
        r#"{"hits":[{"slug":"s"}],"total":1}"#,
        r#"{"hits":[],"total":"1"}"#,
        r#"{"hits":[],"total":-1}"#,
        r#"{"hits":{},"total":1}"#,
        r#"[]"#,
        r#"null"#,
    ] {
        assert_eq!(parse::<SearchResponse>(bad), None, "{bad}");
        assert_eq!(serde::<SearchResponse>(bad), None, "{bad}");
    }
    assert_eq!(parse::<PublicSiteConfig>(r#"{"key":"demo"}"#), None);
}

#[wasm_bindgen_test]
fn the_vote_body_is_a_vote_request() {
    let vote = VoteRequest {
        helpful: false,
        visitor_id: "abc_123".into(),
        locale: Some("es".into()),
    };
    let sent: VoteRequest = serde_json::from_str(&vote_body(&vote)).unwrap();
    assert_eq!(sent, vote);
}
