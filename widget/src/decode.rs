//! Reading the API's answers into the `ayuda-api` types straight from the browser's own JSON
//! parser (`response.json()`), field by field.
//!
//! Why not serde_json: its parser and the visitors it instantiates for every type were a
//! fifth of the panel's wasm (about 20 KB of the 100 KB brotli budget). The browser already
//! has a JSON parser; what is left here is a few lines per type. The rules follow the types'
//! serde attributes: a required field that is missing or of the wrong type makes the whole
//! answer invalid (`ApiError::BadData`), a `#[serde(default)]` field falls back to its
//! default. A browser test round-trips every type through serde_json and this module, so the
//! two cannot drift apart silently.

use std::collections::BTreeMap;

use ayuda_api::{
    AttachmentInfo, Category, PublicArticle, PublicMessage, PublicSiteConfig, PublicThread,
    PublicTicket, PublicTicketList, RelatedArticle, ReplyExpectation, SearchHit, SearchResponse,
    SuggestReason, SuggestResponse, SuggestedArticle, SupportInfo, TagFacet, Translation, Typing,
    VisitorToken, VoteTotals, Word,
};
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

/// A type that can be read from a parsed JSON value.
pub trait FromJs: Sized {
    fn from_js(value: &JsValue) -> Option<Self>;
}

fn field(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A required string.
fn string(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string()
}

/// A `#[serde(default)]` string.
fn string_or_empty(object: &JsValue, key: &str) -> String {
    string(object, key).unwrap_or_default()
}

/// A required word of a vocabulary family (`status`, `level`…); an unknown word is invalid,
/// as it is for serde.
fn word<T: Word>(object: &JsValue, key: &str) -> Option<T> {
    as_word(&field(object, key))
}

fn as_word<T: Word>(value: &JsValue) -> Option<T> {
    T::parse(&value.as_string()?)
}

/// A required integer (JSON numbers arrive as `f64`; fractions are refused).
fn integer(object: &JsValue, key: &str) -> Option<i64> {
    as_integer(&field(object, key))
}

/// An `Option` field: absent or `null` is `None` (as serde reads it), anything else must be
/// valid.
fn optional<T>(
    object: &JsValue,
    key: &str,
    read: impl Fn(&JsValue) -> Option<T>,
) -> Option<Option<T>> {
    let value = field(object, key);
    if value.is_undefined() || value.is_null() {
        Some(None)
    } else {
        read(&value).map(Some)
    }
}

fn as_integer(value: &JsValue) -> Option<i64> {
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0 && n.abs() <= 9.007_199_254_740_991e15)
        .map(|n| n as i64)
}

fn unsigned<T: TryFrom<i64>>(object: &JsValue, key: &str) -> Option<T> {
    integer(object, key).and_then(|n| T::try_from(n).ok())
}

fn count(object: &JsValue, key: &str) -> Option<usize> {
    integer(object, key).and_then(|n| usize::try_from(n).ok())
}

/// A required array whose every element must be valid.
fn list<T: FromJs>(object: &JsValue, key: &str) -> Option<Vec<T>> {
    let value = field(object, key);
    if !Array::is_array(&value) {
        return None;
    }
    Array::from(&value).iter().map(|v| T::from_js(&v)).collect()
}

/// A `#[serde(default)]` array: absent means empty, present must be valid.
fn list_or_empty<T: FromJs>(object: &JsValue, key: &str) -> Option<Vec<T>> {
    if field(object, key).is_undefined() {
        Some(Vec::new())
    } else {
        list(object, key)
    }
}

/// The answer of a request whose success has no body (204).
impl FromJs for () {
    fn from_js(_: &JsValue) -> Option<Self> {
        Some(())
    }
}

/// Any answer, as it is.
impl FromJs for JsValue {
    fn from_js(value: &JsValue) -> Option<Self> {
        Some(value.clone())
    }
}

impl FromJs for String {
    fn from_js(value: &JsValue) -> Option<Self> {
        value.as_string()
    }
}

impl FromJs for PublicSiteConfig {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(PublicSiteConfig {
            key: string(v, "key")?,
            name: string(v, "name")?,
            default_locale: string(v, "default_locale")?,
            locales: list(v, "locales")?,
            brand_color: string(v, "brand_color")?,
            position: string(v, "position").unwrap_or_else(|| "right".to_owned()),
            launcher_text: optional(v, "launcher_text", JsValue::as_string)?,
            logo_url: optional(v, "logo_url", JsValue::as_string)?,
            look: field(v, "look").as_bool().unwrap_or(false),
        })
    }
}

impl FromJs for SearchResponse {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(SearchResponse {
            hits: list(v, "hits")?,
            total: count(v, "total")?,
            facets: list_or_empty(v, "facets")?,
            fallback: field(v, "fallback").as_bool().unwrap_or(false),
        })
    }
}

impl FromJs for SearchHit {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(SearchHit {
            slug: string(v, "slug")?,
            locale: string(v, "locale")?,
            title: string(v, "title")?,
            snippet: string(v, "snippet")?,
            title_html: string_or_empty(v, "title_html"),
            url: string(v, "url")?,
            score: field(v, "score").as_f64()? as f32,
        })
    }
}

impl FromJs for TagFacet {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(TagFacet {
            tag: string(v, "tag")?,
            count: u64::try_from(integer(v, "count")?).ok()?,
        })
    }
}

impl FromJs for SuggestResponse {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(SuggestResponse {
            articles: list(v, "articles")?,
        })
    }
}

impl FromJs for SuggestedArticle {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(SuggestedArticle {
            slug: string(v, "slug")?,
            locale: string(v, "locale")?,
            title: string(v, "title")?,
            summary: string(v, "summary")?,
            url: string(v, "url")?,
            // A reason a newer server invents is shown like a popular article.
            reason: match string(v, "reason").as_deref() {
                Some("context") => SuggestReason::Context,
                _ => SuggestReason::Popular,
            },
        })
    }
}

impl FromJs for PublicArticle {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(PublicArticle {
            slug: string(v, "slug")?,
            locale: string(v, "locale")?,
            title: string(v, "title")?,
            html: string(v, "html")?,
            summary: string(v, "summary")?,
            tags: list(v, "tags")?,
            url: string(v, "url")?,
            updated_at: string(v, "updated_at")?,
            translations: list(v, "translations")?,
            helpful: integer(v, "helpful")?,
            not_helpful: integer(v, "not_helpful")?,
            related: list_or_empty(v, "related")?,
        })
    }
}

impl FromJs for Translation {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Translation {
            locale: string(v, "locale")?,
            slug: string(v, "slug")?,
            url: string(v, "url")?,
        })
    }
}

impl FromJs for RelatedArticle {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(RelatedArticle {
            slug: string(v, "slug")?,
            locale: string(v, "locale")?,
            title: string(v, "title")?,
            url: string(v, "url")?,
        })
    }
}

impl FromJs for VoteTotals {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(VoteTotals {
            helpful: integer(v, "helpful")?,
            not_helpful: integer(v, "not_helpful")?,
        })
    }
}

/// A `#[serde(default)]` map of strings: absent means empty, present must be an object of
/// strings.
fn string_map(object: &JsValue, key: &str) -> Option<BTreeMap<String, String>> {
    let value = field(object, key);
    if value.is_undefined() {
        return Some(BTreeMap::new());
    }
    if !value.is_object() || Array::is_array(&value) {
        return None;
    }
    let object = js_sys::Object::from(value);
    js_sys::Object::entries(&object)
        .iter()
        .map(|entry| {
            let pair = Array::from(&entry);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

impl FromJs for VisitorToken {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(VisitorToken {
            visitor_id: string(v, "visitor_id")?,
            token: string(v, "token")?,
        })
    }
}

impl FromJs for Category {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Category {
            key: string(v, "key")?,
            labels: string_map(v, "labels")?,
        })
    }
}

impl FromJs for ReplyExpectation {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(ReplyExpectation {
            level: word(v, "level")?,
            reply_by: optional(v, "reply_by", as_integer)?,
            message: string(v, "message")?,
        })
    }
}

impl FromJs for SupportInfo {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(SupportInfo {
            available: field(v, "available").as_bool()?,
            time_zone: string(v, "time_zone")?,
            next_open: optional(v, "next_open", as_integer)?,
            categories: list(v, "categories")?,
            expectations: list(v, "expectations")?,
        })
    }
}

impl FromJs for AttachmentInfo {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(AttachmentInfo {
            id: string(v, "id")?,
            name: string(v, "name")?,
            content_type: string(v, "content_type")?,
            size: unsigned(v, "size")?,
            url: string(v, "url")?,
        })
    }
}

impl FromJs for PublicMessage {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(PublicMessage {
            id: integer(v, "id")?,
            author: word(v, "author")?,
            author_name: optional(v, "author_name", JsValue::as_string)?,
            body: string(v, "body")?,
            attachments: list(v, "attachments")?,
            created_at: integer(v, "created_at")?,
        })
    }
}

impl FromJs for PublicTicket {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(PublicTicket {
            id: string(v, "id")?,
            subject: string(v, "subject")?,
            status: word(v, "status")?,
            level: word(v, "level")?,
            created_at: integer(v, "created_at")?,
            updated_at: integer(v, "updated_at")?,
            unread: unsigned(v, "unread")?,
            csat_pending: field(v, "csat_pending").as_bool()?,
            csat: optional(v, "csat", as_word)?,
        })
    }
}

impl FromJs for PublicThread {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(PublicThread {
            ticket: PublicTicket::from_js(&field(v, "ticket"))?,
            messages: list(v, "messages")?,
        })
    }
}

impl FromJs for PublicTicketList {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(PublicTicketList {
            tickets: list(v, "tickets")?,
            unread: unsigned(v, "unread")?,
        })
    }
}

impl FromJs for Typing {
    fn from_js(v: &JsValue) -> Option<Self> {
        Some(Typing {
            author: word(v, "author")?,
            name: optional(v, "name", JsValue::as_string)?,
        })
    }
}
