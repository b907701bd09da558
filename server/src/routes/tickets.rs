//! The widget's ticket API under `/api/v1/sites/{site}/…`: support hours, visitor tokens,
//! uploads, tickets, messages, read marks, typing, CSAT, deflections and the SSE stream.
//!
//! Every ticket call proves who is asking (a signed visitor token and/or an identified user
//! with a valid `user_hash`) and answers 404 for tickets that are not the caller's, exactly as
//! for tickets that do not exist: ids can be neither read nor probed.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use ayuda_api::Author;
use ayuda_api::{
    CsatInput, DeflectionInput, NewMessageInput, NewTicketInput, PublicMessage, PublicThread,
    PublicTicketList, ReadMark, ReplyExpectation, SupportInfo, VisitorToken,
};
use ayuda_desk::{Expectation, Level, Rating, Status, Survey};
use ayuda_store::{NewAttachment, NewMessage, SiteRow, Ticket};
use jiff::Timestamp;
use serde::Deserialize;

use crate::desk::hub::Notice;
use crate::desk::identity::{Claims, Requester};
use crate::desk::{self, attachments, settings};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::routes::events;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sites/{site}/support", get(support))
        .route("/sites/{site}/visitors", post(new_visitor))
        .route(
            "/sites/{site}/attachments",
            post(upload).layer(DefaultBodyLimit::max(attachments::MAX_FILE_BYTES + 1)),
        )
        .route("/sites/{site}/attachments/{file}", get(own_upload))
        .route("/sites/{site}/tickets", get(list).post(create))
        .route("/sites/{site}/tickets/{id}", get(thread))
        .route("/sites/{site}/tickets/{id}/messages", post(reply))
        .route("/sites/{site}/tickets/{id}/read", post(read))
        .route("/sites/{site}/tickets/{id}/typing", post(typing))
        .route("/sites/{site}/tickets/{id}/csat", post(csat))
        .route("/sites/{site}/tickets/{id}/events", get(stream))
        .route(
            "/sites/{site}/tickets/{id}/attachments/{file}",
            get(ticket_file),
        )
        .route("/sites/{site}/deflections", post(deflect))
}

fn rate_limited(result: Result<(), u64>) -> AppResult<()> {
    result.map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })
}

fn ticket_not_found() -> AppError {
    AppError::not_found("no such ticket")
}

/// The site and the verified requester.
fn who(
    state: &AppState,
    site: &str,
    claims: &Claims,
) -> AppResult<(std::sync::Arc<SiteRow>, Requester)> {
    let site = state.site(site)?;
    let requester = claims.verify(&site)?;
    Ok((site, requester))
}

/// The ticket `id` of `site` if `requester` owns it; 404 otherwise.
async fn owned(
    state: &AppState,
    site: &SiteRow,
    requester: &Requester,
    id: &str,
) -> AppResult<Ticket> {
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ticket_not_found());
    }
    match state.store.ticket_by_public_id(id).await? {
        Some(ticket) if ticket.site == site.key && requester.owns(&ticket) => Ok(ticket),
        _ => Err(ticket_not_found()),
    }
}

#[derive(Deserialize)]
struct LocaleQuery {
    locale: Option<String>,
}

async fn support(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppQuery(query): AppQuery<LocaleQuery>,
) -> AppResult<AppJson<SupportInfo>> {
    let site = state.site(&site)?;
    let locale = query
        .locale
        .filter(|l| ayuda_kb::locale::is_valid_locale(l))
        .unwrap_or_else(|| site.default_locale.clone());
    let settings = settings::load(&state, &site.key).await?;
    let hours = settings.business_hours()?;
    let now = Timestamp::now();
    let expectations = Level::ALL
        .iter()
        .rev()
        .map(|&level| {
            let expectation = Expectation::compute(&hours, &settings.sla, level, now);
            ReplyExpectation {
                level,
                reply_by: expectation.map(|e| e.reply_by.as_millisecond()),
                message: expectation.map_or_else(
                    || {
                        if locale.starts_with("es") {
                            "Te responderemos lo antes posible".to_owned()
                        } else {
                            "We'll answer as soon as we can".to_owned()
                        }
                    },
                    |e| e.message(&locale),
                ),
            }
        })
        .collect();
    Ok(AppJson(SupportInfo {
        available: hours.is_open(now),
        time_zone: settings.hours.time_zone.clone(),
        next_open: if hours.is_open(now) {
            None
        } else {
            hours.next_open(now).map(|t| t.as_millisecond())
        },
        categories: settings.categories,
        expectations,
    }))
}

async fn new_visitor(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<(StatusCode, AppJson<VisitorToken>)> {
    let site = state.site(&site)?;
    let (visitor_id, token) = desk::identity::new_visitor(&site);
    Ok((
        StatusCode::CREATED,
        AppJson(VisitorToken { visitor_id, token }),
    ))
}

#[derive(Deserialize)]
struct UploadQuery {
    name: Option<String>,
}

async fn upload(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    claims: Claims,
    query: Result<axum::extract::Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> AppResult<(StatusCode, AppJson<ayuda_api::AttachmentInfo>)> {
    let (site, requester) = who(&state, &site, &claims)?;
    let query = query?;
    let upload = attachments::read_upload(query.name.as_deref(), body)?;
    let owner = requester.owner_key();
    rate_limited(state.limits.uploads.take(&requester.limit_key(&site.key)))?;
    if state.store.pending_uploads(&owner).await? >= attachments::MAX_PENDING_UPLOADS {
        return Err(AppError::RateLimited {
            retry_after_secs: 60,
        });
    }
    let meta = state
        .store
        .insert_attachment(&NewAttachment {
            site: &site.key,
            owner: &owner,
            name: &upload.name,
            content_type: upload.content_type,
            sha256: &upload.sha256,
            data: &upload.data,
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        AppJson(desk::attachment_info(&site.key, None, &meta)),
    ))
}

/// The uploader's own not-yet-sent file (for previews in the form).
async fn own_upload(
    State(state): State<AppState>,
    AppPath((site, file)): AppPath<(String, String)>,
    claims: Claims,
) -> AppResult<Response> {
    let (site, requester) = who(&state, &site, &claims)?;
    let owner = requester.owner_key();
    let meta = attachments::find(&state, &file, |m| {
        m.site == site.key && m.owner == owner && m.message_id.is_none()
    })
    .await?;
    attachments::send(&state, &meta).await
}

async fn ticket_file(
    State(state): State<AppState>,
    AppPath((site, id, file)): AppPath<(String, String, String)>,
    claims: Claims,
) -> AppResult<Response> {
    let (site, requester) = who(&state, &site, &claims)?;
    let ticket = owned(&state, &site, &requester, &id).await?;
    let meta = attachments::find(&state, &file, |m| m.ticket_id == Some(ticket.id)).await?;
    // Files on internal notes are the agents' only.
    if let Some(message) = meta.message_id {
        let visible = state
            .store
            .messages_after(ticket.id, message - 1, false, 1)
            .await?
            .first()
            .is_some_and(|m| m.id == message);
        if !visible {
            return Err(AppError::not_found("no such file"));
        }
    }
    attachments::send(&state, &meta).await
}

async fn create(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    claims: Claims,
    AppJson(input): AppJson<NewTicketInput>,
) -> AppResult<(StatusCode, AppJson<PublicThread>)> {
    let (site, requester) = who(&state, &site, &claims)?;
    rate_limited(state.limits.tickets.take(&requester.limit_key(&site.key)))?;
    let ticket = desk::filing::file_ticket(&state, &site, &requester, &input).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(desk::public_thread(&state, &ticket).await?),
    ))
}

async fn list(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    claims: Claims,
) -> AppResult<AppJson<PublicTicketList>> {
    let (site, requester) = who(&state, &site, &claims)?;
    let mut tickets = match &requester.user_id {
        Some(user) => state.store.tickets_for_user(&site.key, user).await?,
        None => Vec::new(),
    };
    if let Some(visitor) = &requester.visitor_id {
        for ticket in state.store.tickets_for_visitor(&site.key, visitor).await? {
            if requester.owns(&ticket) && !tickets.iter().any(|t| t.id == ticket.id) {
                tickets.push(ticket);
            }
        }
    }
    tickets.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
    tickets.truncate(100);
    let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
    let unread = state.store.unread_counts(&ids).await?;
    let count = |id: i64| unread.iter().find(|(t, _)| *t == id).map_or(0, |(_, n)| *n);
    let tickets: Vec<_> = tickets
        .iter()
        .map(|t| desk::public_ticket(t, count(t.id)))
        .collect();
    let total = tickets.iter().map(|t| t.unread).sum();
    Ok(AppJson(PublicTicketList {
        tickets,
        unread: total,
    }))
}

async fn thread(
    State(state): State<AppState>,
    AppPath((site, id)): AppPath<(String, String)>,
    claims: Claims,
) -> AppResult<AppJson<PublicThread>> {
    let (site, requester) = who(&state, &site, &claims)?;
    let ticket = owned(&state, &site, &requester, &id).await?;
    Ok(AppJson(desk::public_thread(&state, &ticket).await?))
}

async fn reply(
    State(state): State<AppState>,
    AppPath((site, id)): AppPath<(String, String)>,
    claims: Claims,
    AppJson(input): AppJson<NewMessageInput>,
) -> AppResult<(StatusCode, AppJson<PublicMessage>)> {
    let (site, requester) = who(&state, &site, &claims)?;
    let ticket = owned(&state, &site, &requester, &id).await?;
    if input.internal || input.status.is_some() || input.send_at.is_some() {
        return Err(AppError::forbidden(
            "set internal, status or send_at (agents only)",
        ));
    }
    let body = desk::check_message(&input.body, &input.attachments)?;
    rate_limited(state.limits.messages.take(&requester.limit_key(&site.key)))?;
    // A closed ticket is read-only; `post` checks it before anything is stored.
    let (message, _) = desk::messages::post(
        &state,
        &ticket,
        &NewMessage {
            attachments: input.attachments.clone(),
            attachment_owner: requester.owner_key(),
            ..NewMessage::text(
                Author::User,
                requester
                    .user_id
                    .clone()
                    .or_else(|| requester.visitor_id.clone()),
                body,
            )
        },
        None,
    )
    .await?;
    // The user has obviously seen everything up to their own message.
    state.store.mark_read(ticket.id, message.id).await?;
    let public = desk::public_messages(&state, &ticket, std::slice::from_ref(&message)).await?;
    let public = public
        .into_iter()
        .next()
        .ok_or_else(|| AppError::Internal("stored message vanished".into()))?;
    Ok((StatusCode::CREATED, AppJson(public)))
}

async fn read(
    State(state): State<AppState>,
    AppPath((site, id)): AppPath<(String, String)>,
    claims: Claims,
    AppJson(mark): AppJson<ReadMark>,
) -> AppResult<StatusCode> {
    let (site, requester) = who(&state, &site, &claims)?;
    rate_limited(state.limits.light.take(&requester.limit_key(&site.key)))?;
    let ticket = owned(&state, &site, &requester, &id).await?;
    state.store.mark_read(ticket.id, mark.last_read).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn typing(
    State(state): State<AppState>,
    AppPath((site, id)): AppPath<(String, String)>,
    claims: Claims,
) -> AppResult<StatusCode> {
    let (site, requester) = who(&state, &site, &claims)?;
    rate_limited(state.limits.light.take(&requester.limit_key(&site.key)))?;
    let ticket = owned(&state, &site, &requester, &id).await?;
    state
        .hub
        .publish(
            ticket.id,
            Notice::Typing(ayuda_api::Typing {
                author: Author::User,
                name: None,
            }),
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}

async fn csat(
    State(state): State<AppState>,
    AppPath((site, id)): AppPath<(String, String)>,
    claims: Claims,
    AppJson(input): AppJson<CsatInput>,
) -> AppResult<(StatusCode, AppJson<ayuda_api::PublicTicket>)> {
    let (site, requester) = who(&state, &site, &claims)?;
    rate_limited(state.limits.light.take(&requester.limit_key(&site.key)))?;
    let ticket = owned(&state, &site, &requester, &id).await?;
    let rating: Rating = desk::parse_word(&input.rating)?;
    let comment = desk::text_field(input.comment.as_deref(), "comment", 100_000)?;
    // The desk's survey rules: solved tickets only (still answerable once closed), one
    // answer, a bounded comment.
    let mut survey = match (&ticket.csat_rating, ticket.status) {
        (Some(_), _) => return Err(ayuda_desk::Error::AlreadyAnswered.into()),
        (None, Status::Closed) if ticket.solved_at.is_some() => Survey::from_answer(None),
        (None, status) => Survey::offer(status)?,
    };
    let answer = survey.answer(rating, comment.as_deref())?.clone();
    let stored = state
        .store
        .set_csat(
            ticket.id,
            answer.rating,
            answer.comment.as_deref(),
            ayuda_store::now_ms(),
        )
        .await?;
    if !stored {
        return Err(ayuda_desk::Error::AlreadyAnswered.into());
    }
    state.hub.publish(ticket.id, Notice::Ticket).await;
    let ticket = state
        .store
        .ticket(ticket.id)
        .await?
        .ok_or_else(ticket_not_found)?;
    Ok((
        StatusCode::CREATED,
        AppJson(desk::public_ticket(&ticket, 0)),
    ))
}

async fn deflect(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    headers: HeaderMap,
    claims: Claims,
    AppJson(input): AppJson<DeflectionInput>,
) -> AppResult<StatusCode> {
    let site = state.site(&site)?;
    // Anonymous deflections are fine; a token that is sent must be valid.
    let visitor = match &claims.visitor {
        Some(_) => claims.verify(&site)?.visitor_id,
        None => None,
    };
    let key = visitor.clone().unwrap_or_else(|| {
        headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("anonymous")
            .to_owned()
    });
    rate_limited(
        state
            .limits
            .light
            .take(&format!("{}\0deflect\0{key}", site.key)),
    )?;
    let locale = input
        .locale
        .filter(|l| ayuda_kb::locale::is_valid_locale(l))
        .unwrap_or_else(|| site.default_locale.clone());
    let slug = desk::required(Some(&input.slug), "slug", 200)?;
    let article = state
        .store
        .published(&slug, &locale)
        .await?
        .filter(|a| a.sites.is_empty() || a.sites.iter().any(|s| *s == site.key))
        .ok_or_else(AppError::article_not_found)?;
    let query = desk::text_field(input.query.as_deref(), "query", 200)?;
    state
        .store
        .add_deflection(
            &site.key,
            &article.slug,
            &locale,
            query.as_deref(),
            visitor.as_deref(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn stream(
    State(state): State<AppState>,
    AppPath((site, id)): AppPath<(String, String)>,
    claims: Claims,
    headers: HeaderMap,
    AppQuery(query): AppQuery<events::CursorQuery>,
) -> AppResult<impl IntoResponse> {
    let (site, requester) = who(&state, &site, &claims)?;
    let ticket = owned(&state, &site, &requester, &id).await?;
    let cursor = events::cursor(&headers, &query);
    Ok(events::stream(
        state,
        ticket,
        events::Audience::Requester,
        cursor,
    ))
}
