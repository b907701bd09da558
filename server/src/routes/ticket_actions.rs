//! What agents do to a ticket beyond replying: merge it into another of the same requester,
//! split a message into a new ticket, upload files for a reply, list and cancel the replies
//! scheduled for later, and turn the answer into a draft article (agents and admins).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use ayuda_api::{Article, AttachmentInfo, Author, ErrorCode, TicketDetail};
use ayuda_store::{Content, NewArticleRow, NewAttachment, NewTicket, Ticket};
use serde::Deserialize;

use crate::auth::Desk;
use crate::desk::views::{ScheduledReply, scheduled_reply};
use crate::desk::{self, attachments};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::routes::staff_tickets::{detail_of, load};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tickets/{id}/merge", post(merge))
        .route("/tickets/{id}/split", post(split))
        .route(
            "/tickets/{id}/attachments",
            post(upload).layer(DefaultBodyLimit::max(attachments::MAX_FILE_BYTES + 1)),
        )
        .route("/tickets/{id}/macros/{macro_id}/files", post(macro_files))
        .route("/tickets/{id}/scheduled", get(scheduled))
        .route("/scheduled-replies/{id}", delete(cancel_scheduled))
        .route("/tickets/{id}/article", post(article))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeInput {
    into: i64,
}

/// Two tickets are the same requester's when the host app's user id matches, or (for
/// anonymous visitors) the same e-mail on the same site.
fn same_requester(a: &Ticket, b: &Ticket) -> bool {
    same_person(
        (&a.site, a.user_id.as_deref(), &a.email),
        (&b.site, b.user_id.as_deref(), &b.email),
    )
}

/// (site, host app's user id, e-mail) twice: the same person?
fn same_person(a: (&str, Option<&str>, &str), b: (&str, Option<&str>, &str)) -> bool {
    if a.0 != b.0 {
        return false;
    }
    match (a.1, b.1) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.2.eq_ignore_ascii_case(b.2),
        _ => false,
    }
}

/// `POST /tickets/{id}/merge` `{into}`: the ticket's messages, files and history go to
/// `into`; it is closed with a link to it. Refused across two requesters.
async fn merge(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<MergeInput>,
) -> AppResult<AppJson<TicketDetail>> {
    if input.into == id {
        return Err(AppError::invalid(
            "into: a ticket cannot be merged into itself",
        ));
    }
    let from = load(&state, id).await?;
    let into = load(&state, input.into).await?;
    if !same_requester(&from, &into) {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidState,
            "only tickets of the same requester can be merged",
        ));
    }
    if state.store.merged_into(into.id).await?.is_some() {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidState,
            "into: that ticket was merged into another one",
        ));
    }
    state
        .store
        .merge_tickets(from.id, into.id, staff.user.id, ayuda_store::now_ms())
        .await
        .map_err(|error| match error {
            ayuda_store::Error::Conflict(_) => AppError::client(
                StatusCode::CONFLICT,
                ErrorCode::InvalidState,
                "this ticket was merged already",
            ),
            other => other.into(),
        })?;
    // Both tickets changed and have new messages: one notice each. (A per-ticket `Resync`
    // would reach every staff console as "re-read everything".)
    for ticket in [from.id, into.id] {
        state.hub.publish(ticket, desk::hub::Notice::Posted).await;
    }
    let into = load(&state, into.id).await?;
    Ok(AppJson(detail_of(&state, &into).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SplitInput {
    message_id: i64,
}

/// `POST /tickets/{id}/split` `{message_id}`: a user's message becomes a new ticket of the same
/// requester (with its files), routed and timed like any new ticket; both tickets say so.
async fn split(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<SplitInput>,
) -> AppResult<(StatusCode, AppJson<TicketDetail>)> {
    let ticket = load(&state, id).await?;
    let message = state
        .store
        .messages_after(ticket.id, input.message_id.saturating_sub(1), true, 1)
        .await?
        .into_iter()
        .find(|m| m.id == input.message_id)
        .ok_or_else(|| AppError::not_found("no such message on this ticket"))?;
    if message.author_kind != Author::User {
        return Err(AppError::invalid(
            "message_id: only the requester's messages can be split into a ticket",
        ));
    }
    let subject: String = message
        .body
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or(&ticket.subject)
        .trim()
        .chars()
        .take(120)
        .collect();
    let new = NewTicket {
        site: ticket.site.clone(),
        visitor_id: ticket.visitor_id.clone(),
        user_id: ticket.user_id.clone(),
        name: ticket.name.clone(),
        email: ticket.email.clone(),
        company: ticket.company.clone(),
        subject,
        category: ticket.category.clone(),
        level: ticket.level,
        tier: ticket.tier,
        status: ayuda_api::Status::Open,
        group_key: ticket.group_key.clone(),
        assignee_id: Some(staff.user.id),
        tags: ticket.tags.clone(),
        environment: ticket.environment.clone(),
        body: message.body.clone(),
        channel: ticket.channel.clone(),
        locale: ticket.locale.clone(),
        user_attributes: ticket.user_attributes.clone(),
        attachments: Vec::new(),
        attachment_owner: String::new(),
    };
    let created = desk::filing::file_split(&state, &new).await?;
    let first = state
        .store
        .messages_after(created.id, 0, true, 1)
        .await?
        .into_iter()
        .next();
    if let Some(first) = first {
        state
            .store
            .move_attachments(message.id, created.id, first.id)
            .await?;
    }
    let detail = serde_json::json!({ "from": ticket.id, "message": message.id, "into": created.id, "by": staff.user.id });
    state
        .store
        .ticket_event(ticket.id, "split", &detail)
        .await?;
    state
        .store
        .ticket_event(created.id, "split", &detail)
        .await?;
    let note = ayuda_store::NewMessage {
        internal: true,
        ..ayuda_store::NewMessage::text(
            Author::System,
            None,
            format!("Message split into ticket #{}.", created.id),
        )
    };
    desk::messages::post(&state, &ticket, &note, None).await?;
    state
        .hub
        .publish(created.id, desk::hub::Notice::Created)
        .await;
    let created = load(&state, created.id).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(detail_of(&state, &created).await?),
    ))
}

#[derive(Deserialize)]
struct UploadQuery {
    name: Option<String>,
}

/// `POST /tickets/{id}/attachments?name=FILE` with the raw file: a file for the agent's next
/// reply on this ticket (201, its id to put in `attachments`).
async fn upload(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    query: Result<axum::extract::Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> AppResult<(StatusCode, AppJson<AttachmentInfo>)> {
    let ticket = load(&state, id).await?;
    let query = query?;
    let upload = attachments::read_upload(query.name.as_deref(), body)?;
    let owner = desk::agent_owner(staff.user.id);
    if state.store.pending_uploads(&owner).await? >= attachments::MAX_PENDING_UPLOADS {
        return Err(AppError::RateLimited {
            retry_after_secs: 60,
        });
    }
    let meta = state
        .store
        .insert_attachment(&NewAttachment {
            site: &ticket.site,
            owner: &owner,
            name: &upload.name,
            content_type: upload.content_type,
            sha256: &upload.sha256,
            data: &upload.data,
        })
        .await?;
    let mut info = desk::attachment_info(&ticket.site, None, &meta);
    info.url = format!("/api/v1/attachments/{}", meta.public_id);
    Ok((StatusCode::CREATED, AppJson(info)))
}

/// `POST /tickets/{id}/macros/{macro_id}/files`: copies of a macro's files as the agent's
/// uploads on this ticket (201), for a reply the agent writes from the macro's text.
async fn macro_files(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath((id, macro_id)): AppPath<(i64, i64)>,
) -> AppResult<(StatusCode, AppJson<Vec<AttachmentInfo>>)> {
    let ticket = load(&state, id).await?;
    if state.store.macro_by_id(macro_id).await?.is_none() {
        return Err(AppError::not_found("no such macro"));
    }
    let owner = desk::agent_owner(staff.user.id);
    let count = i64::try_from(state.store.macro_files(macro_id).await?.len()).unwrap_or(i64::MAX);
    let pending = state.store.pending_uploads(&owner).await?;
    if pending.saturating_add(count) > attachments::MAX_PENDING_UPLOADS {
        return Err(AppError::RateLimited {
            retry_after_secs: 60,
        });
    }
    let copies = state
        .store
        .copy_macro_files(macro_id, &ticket.site, &owner)
        .await?;
    let infos = copies
        .iter()
        .map(|meta| {
            let mut info = desk::attachment_info(&ticket.site, None, meta);
            info.url = format!("/api/v1/attachments/{}", meta.public_id);
            info
        })
        .collect();
    Ok((StatusCode::CREATED, AppJson(infos)))
}

async fn scheduled(
    _: Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Vec<ScheduledReply>>> {
    let ticket = load(&state, id).await?;
    let rows = state.store.scheduled_replies(ticket.id).await?;
    Ok(AppJson(rows.into_iter().map(scheduled_reply).collect()))
}

/// `DELETE /scheduled-replies/{id}`: the author (or an admin) cancels a reply not sent yet.
async fn cancel_scheduled(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    let row = state
        .store
        .scheduled_reply(id)
        .await?
        .filter(|row| row.claimed_at.is_none())
        .ok_or_else(|| AppError::not_found("no reply waiting by that id"))?;
    if row.author_id != staff.user.id && staff.role != ayuda_api::Role::Admin {
        return Err(AppError::forbidden("cancel another agent's reply"));
    }
    if state.store.cancel_scheduled_reply(id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found("no reply waiting by that id"))
    }
}

/// `POST /tickets/{id}/article`: a draft article from the ticket, for an editor to finish:
/// the subject as its title, the last public agent reply as its body, in the ticket's language.
async fn article(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<Article>)> {
    let ticket = load(&state, id).await?;
    let messages = state
        .store
        .messages_after(ticket.id, 0, false, 10_000)
        .await?;
    let answer = messages
        .iter()
        .rev()
        .find(|m| m.author_kind == Author::Agent && !m.internal)
        .ok_or_else(|| {
            AppError::client(
                StatusCode::CONFLICT,
                ErrorCode::InvalidState,
                "this ticket has no agent reply to turn into an article",
            )
        })?;
    let title: String = ticket.subject.chars().take(200).collect();
    let content: Content =
        crate::validate::content(&title, &answer.body, &["from-ticket".to_owned()], &[])?;
    let base = ayuda_kb::frontmatter::slugify(&title);
    let slug = format!("{}-{}", base.trim_matches('-'), ticket.id)
        .trim_start_matches('-')
        .to_owned();
    crate::validate::check_slug(&slug)?;
    let locale = crate::validate::check_locale(&ticket.locale)
        .or_else(|_| crate::validate::check_locale(&state.settings.default_locale))?;
    let row = state
        .store
        .create_article(&NewArticleRow {
            translation_key: slug.clone(),
            slug,
            locale,
            status: "draft".to_owned(),
            sites: vec![ticket.site.clone()],
            author: Some(staff.user.email.clone()),
            content,
        })
        .await?;
    state.sync_article(row.id).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(crate::routes::articles::to_wire(row)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requesters_match_by_user_id_or_email_on_one_site() {
        let ana = ("demo", None, "Ana@Example.com");
        assert!(same_person(ana, ("demo", None, "ana@example.com")));
        assert!(!same_person(ana, ("other", None, "ana@example.com")));
        assert!(!same_person(ana, ("demo", Some("u1"), "ana@example.com")));
        assert!(same_person(
            ("demo", Some("u1"), "a@x.com"),
            ("demo", Some("u1"), "b@x.com")
        ));
        assert!(!same_person(
            ("demo", Some("u1"), "a@x.com"),
            ("demo", Some("u2"), "a@x.com")
        ));
    }
}
