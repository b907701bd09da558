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
        position: "left".into(),
        launcher_text: Some("¿Ayuda? «»".into()),
        logo_url: None,
        look: true,
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

#[wasm_bindgen_test]
fn every_desk_answer_type_round_trips() {
    use ayuda_api::{
        AttachmentInfo, Category, PublicMessage, PublicThread, PublicTicket, PublicTicketList,
        ReplyExpectation, SupportInfo, VisitorToken,
    };
    use std::collections::BTreeMap;
    round_trip(&VisitorToken {
        visitor_id: "v1".into(),
        token: "v1.sig".into(),
    });
    for next_open in [None, Some(1_700_000_000_000)] {
        round_trip(&SupportInfo {
            available: next_open.is_none(),
            time_zone: "Europe/Madrid".into(),
            next_open,
            categories: vec![
                Category {
                    key: "billing".into(),
                    labels: BTreeMap::from([("es".into(), "Facturación".into())]),
                },
                Category {
                    key: "other".into(),
                    labels: BTreeMap::new(),
                },
            ],
            expectations: vec![ReplyExpectation {
                level: ayuda_api::Level::L3,
                reply_by: next_open,
                message: "En 1 hora".into(),
            }],
        });
    }
    let attachment = AttachmentInfo {
        id: "a1".into(),
        name: "captura.png".into(),
        content_type: "image/png".into(),
        size: 10 * 1024 * 1024,
        url: "/api/v1/sites/demo/attachments/a1".into(),
    };
    round_trip(&attachment);
    let message = |id, name: Option<&str>| PublicMessage {
        id,
        author: ayuda_api::Author::Agent,
        author_name: name.map(Into::into),
        body: "<b>hola</b>\n".into(),
        attachments: vec![attachment.clone()],
        created_at: 1_700_000_000_123,
    };
    round_trip(&message(1, None));
    let ticket = |csat: Option<ayuda_api::Rating>| PublicTicket {
        id: "T1".into(),
        subject: "S".into(),
        status: ayuda_api::Status::Solved,
        level: ayuda_api::Level::L2,
        created_at: 1,
        updated_at: 2,
        unread: 3,
        csat_pending: csat.is_none(),
        csat,
    };
    round_trip(&ticket(None));
    round_trip(&ticket(Some(ayuda_api::Rating::Good)));
    round_trip(&PublicThread {
        ticket: ticket(None),
        messages: vec![message(1, Some("Ana")), message(2, None)],
    });
    round_trip(&PublicTicketList {
        tickets: vec![ticket(Some(ayuda_api::Rating::Bad))],
        unread: 0,
    });
}

#[wasm_bindgen_test]
fn desk_defaults_and_failures_match_serde() {
    use ayuda_api::{Category, PublicMessage, PublicTicket, SupportInfo};
    // Absent `labels` is empty; absent or null options are None.
    let category = r#"{"key":"billing"}"#;
    assert_eq!(parse::<Category>(category), serde::<Category>(category));
    let support = r#"{"available":false,"time_zone":"UTC","next_open":null,"categories":[],"expectations":[{"level":"l1","message":"m"}]}"#;
    assert_eq!(parse::<SupportInfo>(support), serde::<SupportInfo>(support));
    assert!(parse::<SupportInfo>(support).is_some());
    let message = r#"{"id":1,"author":"bot","body":"b","attachments":[],"created_at":5}"#;
    assert_eq!(
        parse::<PublicMessage>(message),
        serde::<PublicMessage>(message)
    );
    for bad in [
        r#"{"id":1.5,"author":"bot","body":"b","attachments":[],"created_at":5}"#,
        r#"{"id":1,"author":"bot","author_name":3,"body":"b","attachments":[],"created_at":5}"#,
        r#"{"id":1,"author":"bot","body":"b","created_at":5}"#,
        r#"{"id":1,"author":"bot","body":"b","attachments":[{"id":"a"}],"created_at":5}"#,
    ] {
        assert_eq!(parse::<PublicMessage>(bad), None, "{bad}");
        assert_eq!(serde::<PublicMessage>(bad), None, "{bad}");
    }
    let ticket = r#"{"id":"T","subject":"s","status":"open","level":"l1","created_at":1,"updated_at":1,"unread":-1,"csat_pending":false}"#;
    assert_eq!(parse::<PublicTicket>(ticket), None);
    assert_eq!(serde::<PublicTicket>(ticket), None);
    // A word outside the vocabulary is as invalid as a wrong type.
    let unknown = r#"{"id":"T","subject":"s","status":"archived","level":"l1","created_at":1,"updated_at":1,"unread":0,"csat_pending":false}"#;
    assert_eq!(parse::<PublicTicket>(unknown), None);
    assert_eq!(serde::<PublicTicket>(unknown), None);
    let typing = r#"{"author":"agent"}"#;
    assert_eq!(
        parse::<ayuda_api::Typing>(typing),
        serde::<ayuda_api::Typing>(typing)
    );
    let labels = r#"{"key":"k","labels":{"es":3}}"#;
    assert_eq!(parse::<Category>(labels), None);
    assert_eq!(serde::<Category>(labels), None);
}

#[wasm_bindgen_test]
fn the_desk_request_bodies_are_what_the_server_reads() {
    use ayuda_api::{
        CsatInput, DeflectionInput, Environment, NewMessageInput, NewTicketInput, ReadMark,
    };
    use ayuda_widget::api::{csat_body, deflection_body, message_body, read_body, ticket_body};
    use std::collections::BTreeMap;
    let full = NewTicketInput {
        name: Some("Ana \"N\"".into()),
        email: Some("ana@example.com".into()),
        company: Some("Facturo".into()),
        subject: "No puedo\nfacturar".into(),
        trying: Some("Emitir".into()),
        happened: "<script>".into(),
        category: Some("billing".into()),
        impact: "blocked".into(),
        environment: Environment {
            url: Some("https://app.test/x?y=1".into()),
            route: Some("billing".into()),
            context: BTreeMap::from([("tags".into(), "a, b".into())]),
            browser: Some("Chrome 124".into()),
            os: Some("Linux".into()),
            screen: Some("1920×1080".into()),
            locale: Some("es-ES".into()),
            time_zone: Some("Europe/Madrid".into()),
            app_version: Some("2.3".into()),
        },
        attachments: vec!["a1".into(), "a2".into()],
        locale: Some("es".into()),
        user_attributes: BTreeMap::from([("plan".into(), "pro".into())]),
        last_search: Some("facturar \"rápido\"".into()),
    };
    // `deny_unknown_fields` on the server's types: nothing extra may be sent.
    let sent: NewTicketInput = serde_json::from_str(&ticket_body(&full)).unwrap();
    assert_eq!(sent, full);
    let minimal = NewTicketInput {
        subject: "s".into(),
        happened: "h".into(),
        impact: "question".into(),
        ..NewTicketInput::default()
    };
    let sent: NewTicketInput = serde_json::from_str(&ticket_body(&minimal)).unwrap();
    assert_eq!(sent, minimal);
    let reply = NewMessageInput {
        body: "hola".into(),
        attachments: vec!["a1".into()],
        ..NewMessageInput::default()
    };
    let sent: NewMessageInput = serde_json::from_str(&message_body(&reply)).unwrap();
    assert_eq!(sent, reply);
    let mark = ReadMark { last_read: 42 };
    assert_eq!(
        serde_json::from_str::<ReadMark>(&read_body(&mark)).unwrap(),
        mark
    );
    for comment in [None, Some("Gracias".to_owned())] {
        let csat = CsatInput {
            rating: "good".into(),
            comment,
        };
        assert_eq!(
            serde_json::from_str::<CsatInput>(&csat_body(&csat)).unwrap(),
            csat
        );
    }
    let deflection = DeflectionInput {
        slug: "pagos".into(),
        locale: Some("es".into()),
        query: None,
    };
    assert_eq!(
        serde_json::from_str::<DeflectionInput>(&deflection_body(&deflection)).unwrap(),
        deflection
    );
}
