//! The agents' workspace's calls: the inbox and its counts and saved views, one ticket and
//! every change to it (replies, notes, scheduled replies, macros, escalation, merge, split,
//! an article from it), who else is on it, and the agent's own availability and heartbeat.
//!
//! Types the console does not share through `ayuda-api` (a macro, a saved view, the counts,
//! viewers, a scheduled reply) are mirrored here from the server's JSON.

use ayuda_api::{
    AgentInfo, AgentInput, Article, AttachmentInfo, ErrorBody, EscalateInput, InboxPage, Level,
    Status, TicketDetail, TicketPatch,
};
use serde::{Deserialize, Serialize};

use web_sys::Blob;

use super::{ApiError, Body, Call, Refusal};
use crate::desk_query::InboxFilter;

const TICKETS: &str = "/api/v1/tickets";
const VIEWS: &str = "/api/v1/desk/views";

/// `GET /api/v1/desk/views`: one of the agent's saved inbox views.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The inbox address's query without its `?` (`status=open&level=l2`).
    pub query: String,
}

/// `POST /api/v1/desk/views`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewView<'a> {
    pub name: &'a str,
    pub query: &'a str,
}

/// A saved view's count in [`Counts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedCount {
    pub id: i64,
    pub count: i64,
}

/// `GET /api/v1/desk/counts`: unsolved tickets per built-in view, and per saved view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub mine: i64,
    pub unassigned: i64,
    pub due_soon: i64,
    pub breached: i64,
    pub all: i64,
    #[serde(default)]
    pub saved: Vec<SavedCount>,
    /// Unsolved tickets per level (`l1`, `l2`, `l3`).
    #[serde(default)]
    pub levels: std::collections::BTreeMap<String, i64>,
    /// Unsolved tickets per group key (groups holding none are absent).
    #[serde(default)]
    pub groups: std::collections::BTreeMap<String, i64>,
}

impl Counts {
    /// The count of a built-in view (`mine`, …) or a saved one (`saved:4`).
    pub fn of(&self, view: &str) -> Option<i64> {
        match view {
            "mine" => Some(self.mine),
            "unassigned" => Some(self.unassigned),
            "due_soon" => Some(self.due_soon),
            "breached" => Some(self.breached),
            "all" => Some(self.all),
            other => {
                let id: i64 = other.strip_prefix("saved:")?.parse().ok()?;
                self.saved.iter().find(|s| s.id == id).map(|s| s.count)
            }
        }
    }
}

/// `GET /api/v1/macros`: a canned reply with field changes (`ayuda_desk::Macro` flattened).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacroView {
    pub id: i64,
    pub name: String,
    pub reply: String,
    #[serde(default)]
    pub set_status: Option<Status>,
    #[serde(default)]
    pub add_tags: Vec<String>,
    #[serde(default)]
    pub set_level: Option<Level>,
    /// Sent (as copies) with the reply when it is applied.
    #[serde(default)]
    pub files: Vec<AttachmentInfo>,
}

/// Another staff member with the ticket open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: i64,
    pub name: String,
    pub typing: bool,
}

/// `POST /api/v1/tickets/{id}/viewing`'s answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewers {
    pub viewers: Vec<Viewer>,
}

/// A reply waiting to be sent (`POST …/messages` with `send_at`, `GET …/scheduled`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheduled {
    pub id: i64,
    pub ticket_id: i64,
    pub body: String,
    pub internal: bool,
    /// Unix ms.
    pub send_at: i64,
    pub author_id: i64,
}

/// `event: ticket` on `GET /api/v1/desk/events`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEvent {
    pub ticket: i64,
    /// `created` | `message` | `ticket` | `posted`.
    pub kind: String,
}

/// `POST /api/v1/tickets/{id}/messages`, as the agent's composer sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outgoing {
    pub body: String,
    pub internal: bool,
    /// Ids of files uploaded for it (`POST /api/v1/tickets/{id}/attachments`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    /// The status to set with the reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The newest message the agent has seen: a newer one holds the reply (409).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seen_up_to: Option<i64>,
    /// Send later, at this Unix ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_at: Option<i64>,
}

/// What became of a reply.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent {
    /// Posted (201): the ticket as it is now.
    Posted(Box<TicketDetail>),
    /// Scheduled (202).
    Scheduled(Scheduled),
    /// Held (409 `newer_messages`): nothing was stored; the server's words.
    Held(Option<String>),
}

#[derive(Serialize)]
struct Typing {
    typing: bool,
}

#[derive(Serialize)]
struct Into {
    into: i64,
}

#[derive(Serialize)]
struct Split {
    message_id: i64,
}

#[derive(Serialize)]
struct Active {
    active: bool,
}

/// `GET /api/v1/tickets?…`: one page of the inbox.
pub async fn inbox(filter: &InboxFilter) -> Result<InboxPage, ApiError> {
    Call::get(&filter.api_url()).send().await?.json()
}

/// `GET /api/v1/desk/counts`
pub async fn counts() -> Result<Counts, ApiError> {
    Call::get("/api/v1/desk/counts").send().await?.json()
}

/// `GET /api/v1/desk/views`
pub async fn views() -> Result<Vec<SavedView>, ApiError> {
    Call::get(VIEWS).send().await?.json()
}

/// `POST /api/v1/desk/views`: 201 with the view.
pub async fn save_view(csrf_token: &str, view: &NewView<'_>) -> Result<SavedView, Refusal> {
    Call::change("POST", VIEWS, csrf_token, Some(view))?
        .send()
        .await?
        .checked_json()
}

/// `DELETE /api/v1/desk/views/{id}`: 204.
pub async fn delete_view(csrf_token: &str, id: i64) -> Result<(), Refusal> {
    Call::delete(&format!("{VIEWS}/{id}"), csrf_token)
        .send()
        .await?
        .checked()
}

/// `GET /api/v1/tickets/{id}`
pub async fn ticket(id: i64) -> Result<TicketDetail, ApiError> {
    Call::get(&format!("{TICKETS}/{id}")).send().await?.json()
}

/// `PATCH /api/v1/tickets/{id}`
pub async fn patch(
    csrf_token: &str,
    id: i64,
    patch: &TicketPatch,
) -> Result<TicketDetail, Refusal> {
    Call::change("PATCH", &format!("{TICKETS}/{id}"), csrf_token, Some(patch))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/tickets/{id}/messages`: posted, scheduled (with `send_at`) or held.
pub async fn send(csrf_token: &str, id: i64, message: &Outgoing) -> Result<Sent, Refusal> {
    let url = format!("{TICKETS}/{id}/messages");
    let answer = Call::change("POST", &url, csrf_token, Some(message))?
        .send()
        .await?;
    if answer.status == 409
        && let Ok(body) = serde_json::from_str::<ErrorBody>(&answer.body)
        && body.error.code.as_str() == "newer_messages"
    {
        return Ok(Sent::Held(Some(body.error.message)));
    }
    if answer.status == 202 {
        return answer.checked_json().map(Sent::Scheduled);
    }
    answer
        .checked_json()
        .map(|detail| Sent::Posted(Box::new(detail)))
}

/// `POST /api/v1/tickets/{id}/attachments?name=…` with the file's bytes: 201 with its id, for
/// the next reply's `attachments`.
pub async fn upload(
    csrf_token: &str,
    id: i64,
    name: &str,
    file: Blob,
) -> Result<AttachmentInfo, Refusal> {
    let url = format!(
        "{TICKETS}/{id}/attachments?name={}",
        crate::query::encode(name)
    );
    Call {
        method: "POST",
        url: &url,
        csrf_token: Some(csrf_token),
        body: Some(Body::Blob(file)),
    }
    .send()
    .await?
    .checked_json()
}

/// `GET /api/v1/tickets/{id}/scheduled`
pub async fn scheduled(id: i64) -> Result<Vec<Scheduled>, ApiError> {
    Call::get(&format!("{TICKETS}/{id}/scheduled"))
        .send()
        .await?
        .json()
}

/// `DELETE /api/v1/scheduled-replies/{id}`: 204.
pub async fn cancel_scheduled(csrf_token: &str, id: i64) -> Result<(), Refusal> {
    Call::delete(&format!("/api/v1/scheduled-replies/{id}"), csrf_token)
        .send()
        .await?
        .checked()
}

/// `DELETE /api/v1/attachments/{file}`: a file taken off a reply before it was sent.
pub async fn discard_upload(csrf_token: &str, file: &str) -> Result<(), Refusal> {
    let file = crate::query::encode(file);
    Call::delete(&format!("/api/v1/attachments/{file}"), csrf_token)
        .send()
        .await?
        .checked()
}

/// `POST /api/v1/tickets/{id}/escalate`
pub async fn escalate(
    csrf_token: &str,
    id: i64,
    input: &EscalateInput,
) -> Result<TicketDetail, Refusal> {
    let url = format!("{TICKETS}/{id}/escalate");
    Call::change("POST", &url, csrf_token, Some(input))?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/macros`
pub async fn macros() -> Result<Vec<MacroView>, ApiError> {
    Call::get("/api/v1/macros").send().await?.json()
}

/// `POST /api/v1/tickets/{id}/macros/{macro_id}`: posts its reply and makes its changes.
pub async fn apply_macro(
    csrf_token: &str,
    id: i64,
    macro_id: i64,
) -> Result<TicketDetail, Refusal> {
    let url = format!("{TICKETS}/{id}/macros/{macro_id}");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/tickets/{id}/macros/{macro_id}/files`: copies of the macro's files as the
/// agent's own uploads on this ticket (201), for a reply the agent writes from the macro's
/// text; 429 when the agent would hold more than 20 unsent files.
pub async fn macro_files(
    csrf_token: &str,
    id: i64,
    macro_id: i64,
) -> Result<Vec<AttachmentInfo>, Refusal> {
    let url = format!("{TICKETS}/{id}/macros/{macro_id}/files");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/tickets/{id}/typing`: the requester sees "typing…".
pub async fn typing(csrf_token: &str, id: i64) -> Result<(), ApiError> {
    let url = format!("{TICKETS}/{id}/typing");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .success()
}

/// `POST /api/v1/tickets/{id}/viewing`: "I have it open (and am typing)"; the others.
pub async fn viewing(csrf_token: &str, id: i64, typing: bool) -> Result<Viewers, ApiError> {
    let url = format!("{TICKETS}/{id}/viewing");
    Call::change("POST", &url, csrf_token, Some(&Typing { typing }))?
        .send()
        .await?
        .json()
}

/// `DELETE /api/v1/tickets/{id}/viewing`: "I closed it".
pub async fn stop_viewing(csrf_token: &str, id: i64) -> Result<(), ApiError> {
    Call::delete(&format!("{TICKETS}/{id}/viewing"), csrf_token)
        .send()
        .await?
        .success()
}

/// `POST /api/v1/tickets/{id}/merge`: the target's detail (409 `invalid_state` across two
/// requesters).
pub async fn merge(csrf_token: &str, id: i64, into: i64) -> Result<TicketDetail, Refusal> {
    let url = format!("{TICKETS}/{id}/merge");
    Call::change("POST", &url, csrf_token, Some(&Into { into }))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/tickets/{id}/split`: a new ticket from one message (201, its detail).
pub async fn split(csrf_token: &str, id: i64, message_id: i64) -> Result<TicketDetail, Refusal> {
    let url = format!("{TICKETS}/{id}/split");
    Call::change("POST", &url, csrf_token, Some(&Split { message_id }))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/tickets/{id}/article`: a draft article from the ticket (201).
pub async fn create_article(csrf_token: &str, id: i64) -> Result<Article, Refusal> {
    let url = format!("{TICKETS}/{id}/article");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/agents`
pub async fn agents() -> Result<Vec<AgentInfo>, ApiError> {
    Call::get("/api/v1/agents").send().await?.json()
}

/// `PUT /api/v1/agents/{id}` with `{"available": …}`.
pub async fn set_available(
    csrf_token: &str,
    id: i64,
    available: bool,
) -> Result<AgentInfo, Refusal> {
    let input = AgentInput {
        available: Some(available),
        ..AgentInput::default()
    };
    Call::change(
        "PUT",
        &format!("/api/v1/agents/{id}"),
        csrf_token,
        Some(&input),
    )?
    .send()
    .await?
    .checked_json()
}

/// `POST /api/v1/agents/me/heartbeat`: the console is open (`active`: and in use).
pub async fn heartbeat(csrf_token: &str, active: bool) -> Result<AgentInfo, ApiError> {
    Call::change(
        "POST",
        "/api/v1/agents/me/heartbeat",
        csrf_token,
        Some(&Active { active }),
    )?
    .send()
    .await?
    .json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_new_shapes_read_and_write() -> Result<(), serde_json::Error> {
        let counts: Counts = serde_json::from_str(
            r#"{"mine":2,"unassigned":1,"due_soon":0,"breached":3,"all":9,"saved":[{"id":4,"count":5}]}"#,
        )?;
        assert_eq!(counts.of("breached"), Some(3));
        assert_eq!(counts.of("saved:4"), Some(5));
        assert_eq!(counts.of("saved:5"), None);
        assert_eq!(counts.of("nope"), None);
        let m: MacroView = serde_json::from_str(
            r#"{"id":1,"name":"Gracias","reply":"Hola {{user.name}}","set_status":"solved","add_tags":["x"],"set_level":null}"#,
        )?;
        assert_eq!(m.set_status, Some(Status::Solved));
        assert!(m.files.is_empty());
        let m: MacroView = serde_json::from_str(
            r#"{"id":1,"name":"Guía","reply":"Adjunta.","files":[{"id":"0123456789abcdef0123456789abcdef","name":"guia.pdf","content_type":"application/pdf","size":9,"url":"/api/v1/macros/1/files/0123456789abcdef0123456789abcdef"}]}"#,
        )?;
        assert_eq!(m.files[0].content_type, "application/pdf");
        let out = Outgoing {
            body: "Hola".to_owned(),
            internal: false,
            seen_up_to: Some(9),
            ..Outgoing::default()
        };
        assert_eq!(
            serde_json::to_string(&out)?,
            r#"{"body":"Hola","internal":false,"seen_up_to":9}"#
        );
        let event: DeskEvent = serde_json::from_str(r#"{"ticket":5,"kind":"created"}"#)?;
        assert_eq!(event.ticket, 5);
        Ok(())
    }
}
