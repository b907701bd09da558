//! The JSON bodies of the panel's POSTs, built with the browser's own `JSON.stringify` (no
//! JSON library in the wasm). A browser test reads each back with the server's serde types.

use ayuda_api::{
    CsatInput, DeflectionInput, NewMessageInput, NewTicketInput, ReadMark, VoteRequest,
};
use wasm_bindgen::JsValue;

/// The JSON body of a vote (`VoteRequest`).
pub fn vote_body(vote: &VoteRequest) -> String {
    let object = js_sys::Object::new();
    crate::bridge::set(&object, "helpful", &JsValue::from_bool(vote.helpful));
    crate::bridge::set(&object, "visitor_id", &JsValue::from_str(&vote.visitor_id));
    if let Some(locale) = &vote.locale {
        crate::bridge::set(&object, "locale", &JsValue::from_str(locale));
    }
    js_sys::JSON::stringify(&object)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn stringify(object: &js_sys::Object) -> String {
    js_sys::JSON::stringify(object)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn set_str(object: &js_sys::Object, key: &str, value: &str) {
    crate::bridge::set(object, key, &JsValue::from_str(value));
}

fn set_opt(object: &js_sys::Object, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        set_str(object, key, value);
    }
}

fn set_list(object: &js_sys::Object, key: &str, values: &[String]) {
    let array: js_sys::Array = values.iter().map(|v| JsValue::from_str(v)).collect();
    crate::bridge::set(object, key, &array);
}

fn map_object(map: &std::collections::BTreeMap<String, String>) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in map {
        set_str(&object, key, value);
    }
    object
}

/// The JSON body of `POST …/tickets`.
pub fn ticket_body(input: &NewTicketInput) -> String {
    let o = js_sys::Object::new();
    set_opt(&o, "name", input.name.as_ref());
    set_opt(&o, "email", input.email.as_ref());
    set_opt(&o, "company", input.company.as_ref());
    set_str(&o, "subject", &input.subject);
    set_opt(&o, "trying", input.trying.as_ref());
    set_str(&o, "happened", &input.happened);
    set_opt(&o, "category", input.category.as_ref());
    set_str(&o, "impact", &input.impact);
    let env = &input.environment;
    let e = js_sys::Object::new();
    set_opt(&e, "url", env.url.as_ref());
    set_opt(&e, "route", env.route.as_ref());
    crate::bridge::set(&e, "context", &map_object(&env.context));
    set_opt(&e, "browser", env.browser.as_ref());
    set_opt(&e, "os", env.os.as_ref());
    set_opt(&e, "screen", env.screen.as_ref());
    set_opt(&e, "locale", env.locale.as_ref());
    set_opt(&e, "time_zone", env.time_zone.as_ref());
    set_opt(&e, "app_version", env.app_version.as_ref());
    crate::bridge::set(&o, "environment", &e);
    set_list(&o, "attachments", &input.attachments);
    set_opt(&o, "locale", input.locale.as_ref());
    crate::bridge::set(&o, "user_attributes", &map_object(&input.user_attributes));
    set_opt(&o, "last_search", input.last_search.as_ref());
    stringify(&o)
}

/// The JSON body of a user's `POST …/messages` (`internal` and `status` are for agents).
pub fn message_body(input: &NewMessageInput) -> String {
    let o = js_sys::Object::new();
    set_str(&o, "body", &input.body);
    set_list(&o, "attachments", &input.attachments);
    stringify(&o)
}

pub fn read_body(mark: &ReadMark) -> String {
    let o = js_sys::Object::new();
    crate::bridge::set(&o, "last_read", &JsValue::from_f64(mark.last_read as f64));
    stringify(&o)
}

pub fn csat_body(input: &CsatInput) -> String {
    let o = js_sys::Object::new();
    set_str(&o, "rating", &input.rating);
    set_opt(&o, "comment", input.comment.as_ref());
    stringify(&o)
}

pub fn deflection_body(input: &DeflectionInput) -> String {
    let o = js_sys::Object::new();
    set_str(&o, "slug", &input.slug);
    set_opt(&o, "locale", input.locale.as_ref());
    set_opt(&o, "query", input.query.as_ref());
    stringify(&o)
}
