//! Filing a ticket from the widget's contact form: validate, route, assign, compute the SLA
//! fields and the automatic first reply, store everything in one transaction, notify once.

use std::collections::BTreeMap;

use ayuda_api::{Author, Impact, NewTicketInput};
use ayuda_desk::{Expectation, Level, Status, SupportSettings, TicketFacts, Tier};
use ayuda_kb::search::SearchQuery;
use ayuda_store::{NewMessage, NewTicket, Ticket};
use jiff::Timestamp;

use super::attachments::claim_error;
use super::hub::Notice;
use super::identity::Requester;
use super::settings;
use super::{
    MAX_ATTACHMENTS, SlaSubject, assignment::pick_agent, attachments, ms, parse_word, required,
    sla_fields, text_field,
};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Validated contact-form input, ready to store.
struct CheckedForm {
    name: String,
    email: String,
    company: Option<String>,
    subject: String,
    body: String,
    category: Option<String>,
    level: Level,
    locale: String,
    environment: serde_json::Value,
    attributes: BTreeMap<String, String>,
}

fn check_environment(env: &ayuda_api::Environment) -> AppResult<serde_json::Value> {
    let mut out = serde_json::Map::new();
    let fields = [
        ("url", &env.url, 2000),
        ("route", &env.route, 300),
        ("browser", &env.browser, 200),
        ("os", &env.os, 200),
        ("screen", &env.screen, 50),
        ("locale", &env.locale, 35),
        ("time_zone", &env.time_zone, 64),
        ("app_version", &env.app_version, 100),
    ];
    for (name, value, max) in fields {
        if let Some(v) = text_field(value.as_deref(), &format!("environment.{name}"), max)? {
            out.insert(name.to_owned(), serde_json::Value::String(v));
        }
    }
    if env.context.len() > 30 {
        return Err(AppError::invalid("environment.context: at most 30 entries"));
    }
    let mut context = serde_json::Map::new();
    for (k, v) in &env.context {
        let key = required(Some(k), "environment.context key", 64)?;
        let value = text_field(Some(v), "environment.context value", 500)?.unwrap_or_default();
        context.insert(key, serde_json::Value::String(value));
    }
    if !context.is_empty() {
        out.insert("context".to_owned(), serde_json::Value::Object(context));
    }
    Ok(serde_json::Value::Object(out))
}

fn check_form(
    input: &NewTicketInput,
    settings: &SupportSettings,
    default_locale: &str,
) -> AppResult<CheckedForm> {
    let name = required(input.name.as_deref(), "name", 200)?;
    let email = required(input.email.as_deref(), "email", 254)?;
    crate::auth::check_email(&email)?;
    let company = text_field(input.company.as_deref(), "company", 200)?;
    let subject = required(Some(&input.subject), "subject", 200)?;
    let trying = text_field(input.trying.as_deref(), "trying", 5000)?;
    let happened = required(Some(&input.happened), "happened", 10_000)?;
    let category = match text_field(input.category.as_deref(), "category", 64)? {
        Some(key) if settings.categories.iter().any(|c| c.key == key) => Some(key),
        Some(_) => {
            return Err(AppError::invalid(
                "category is not one of this site's categories",
            ));
        }
        None => None,
    };
    let level = parse_word::<Impact>(&input.impact)?.level();
    let locale = match input.locale.as_deref() {
        Some(l) if ayuda_kb::locale::is_valid_locale(l) => l.to_owned(),
        Some(_) => return Err(AppError::invalid("locale is not a valid language code")),
        None => default_locale.to_owned(),
    };
    if input.attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::invalid(format!(
            "at most {MAX_ATTACHMENTS} attachments"
        )));
    }
    if input.user_attributes.len() > 30 {
        return Err(AppError::invalid("user_attributes: at most 30 entries"));
    }
    let mut attributes = BTreeMap::new();
    for (k, v) in &input.user_attributes {
        attributes.insert(
            required(Some(k), "user_attributes key", 64)?,
            text_field(Some(v), "user_attributes value", 500)?.unwrap_or_default(),
        );
    }
    let body = match trying {
        Some(trying) => format!("{trying}\n\n{happened}"),
        None => happened,
    };
    Ok(CheckedForm {
        name,
        email,
        company,
        subject,
        body,
        category,
        level,
        locale,
        environment: check_environment(&input.environment)?,
        attributes,
    })
}

/// Files a ticket from the widget: validate, route, assign, compute the SLA fields and the
/// automatic first reply, then store all of it with the first message and its attachments in
/// one transaction, and notify once.
pub async fn file_ticket(
    state: &AppState,
    site: &ayuda_store::SiteRow,
    who: &Requester,
    input: &NewTicketInput,
) -> AppResult<Ticket> {
    let settings = settings::load(state, &site.key).await?;
    let form = check_form(input, &settings, &site.default_locale)?;
    for id in &input.attachments {
        attachments::check_id(id)?;
    }
    let facts = TicketFacts {
        site: site.key.clone(),
        category: form.category.clone(),
        level: Some(form.level),
        language: form.locale.clone(),
        user_attributes: form.attributes.clone(),
        subject: form.subject.clone(),
        body: form.body.clone(),
    };
    let rules = settings::routing_rules(state).await?;
    let routed = ayuda_desk::route(&rules, &facts);
    let agents = state.store.agents().await?;
    let assignee = match routed.assignee {
        Some(agent) if agents.iter().any(|a| a.user_id == agent.0) => Some(agent.0),
        _ => pick_agent(state, routed.group.as_deref()).await?,
    };
    let level = routed.level.unwrap_or(form.level);
    let at = Timestamp::now();
    let subject = SlaSubject {
        id: 0,
        level,
        status: Status::New,
        created_at: ms(at),
        first_response_at: None,
    };
    let sla = sla_fields(&subject, &[], &settings, at)?;
    let mut replies = Vec::new();
    if settings.auto_reply.enabled {
        match auto_reply(
            state,
            &site.key,
            &form.subject,
            &form.locale,
            level,
            &settings,
            at,
        ) {
            Ok(body) => replies.push(NewMessage::text(Author::Bot, None, body)),
            // The ticket is stored and acknowledged either way.
            Err(error) => tracing::warn!(%error, "automatic first reply failed"),
        }
    }
    let new = NewTicket {
        site: site.key.clone(),
        visitor_id: who.visitor_id.clone(),
        user_id: who.user_id.clone(),
        name: form.name,
        email: form.email,
        company: form.company,
        subject: form.subject,
        category: form.category,
        level,
        tier: Tier::FirstLine,
        status: Status::New,
        group_key: routed.group.clone(),
        assignee_id: assignee,
        tags: routed.tags.clone(),
        environment: form.environment,
        body: form.body,
        channel: "widget".to_owned(),
        locale: form.locale,
        user_attributes: serde_json::to_value(&form.attributes).unwrap_or(serde_json::Value::Null),
        attachments: input.attachments.clone(),
        attachment_owner: who.owner_key(),
    };
    let filed = ayuda_store::Filing {
        at: ms(at),
        sla: Some(sla),
        replies,
    };
    let ticket = state
        .store
        .file_ticket(&new, &filed)
        .await
        .map_err(claim_error)?;
    if let Some(query) = last_search(input) {
        // Best effort: the ticket is filed whatever happens to this note for the editors.
        let recorded = state
            .store
            .record_ticket_search(ticket.id, &site.key, &ticket.locale, &query, ms(at))
            .await;
        if let Err(error) = recorded {
            tracing::warn!(%error, "the search before a ticket was not recorded");
        }
    }
    state.hub.publish(ticket.id, Notice::Created).await;
    Ok(ticket)
}

/// The widget's last search before the ticket, as the search log keeps queries: trimmed, lower
/// case, at most 200 characters, without control characters; none when empty.
fn last_search(input: &NewTicketInput) -> Option<String> {
    let query: String = input
        .last_search
        .as_deref()?
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let query = query.trim().to_lowercase();
    (!query.is_empty()).then(|| crate::error::truncate(&query, 200))
}

/// The automatic first reply to a ticket about `subject`: matching articles (when confident)
/// and when to expect a human answer. It is stored with the ticket, in the same transaction.
fn auto_reply(
    state: &AppState,
    site: &str,
    subject: &str,
    locale: &str,
    level: Level,
    settings: &SupportSettings,
    at: Timestamp,
) -> AppResult<String> {
    let spanish = locale.starts_with("es");
    let query = SearchQuery {
        site: Some(site),
        limit: settings.auto_reply.max_articles.max(1) * 3,
        ..SearchQuery::new(subject, locale)
    };
    let results = state.index.search(&query)?;
    let articles: Vec<String> = results
        .hits
        .iter()
        .filter(|hit| {
            ayuda_desk::autoreply::confidence(subject, &hit.title_html, &hit.snippet)
                >= settings.auto_reply.min_confidence
        })
        .take(settings.auto_reply.max_articles)
        .map(|hit| {
            format!(
                "- {}: {}",
                hit.title,
                state.article_url(site, &hit.locale, &hit.slug)
            )
        })
        .collect();
    let hours = settings.business_hours()?;
    let expectation =
        Expectation::compute(&hours, &settings.sla, level, at).map(|e| e.message(locale));
    let mut body = String::from(if spanish {
        "¡Gracias! Hemos recibido tu solicitud."
    } else {
        "Thanks! We've received your request."
    });
    if let Some(expect) = expectation {
        body.push(' ');
        body.push_str(&expect);
        body.push('.');
    }
    if !articles.is_empty() {
        body.push_str(if spanish {
            "\n\nMientras tanto, puede que estos artículos te ayuden:\n"
        } else {
            "\n\nMeanwhile, these articles may help:\n"
        });
        body.push_str(&articles.join("\n"));
    }
    Ok(body)
}

/// Files `new` as it is (a message split off another ticket: its requester, level and
/// assignee already decided), with the SLA clocks of a ticket filed now and no automatic
/// reply. The caller publishes the notice.
pub async fn file_split(state: &AppState, new: &NewTicket) -> AppResult<Ticket> {
    let settings = settings::load(state, &new.site).await?;
    let at = Timestamp::now();
    let subject = SlaSubject {
        id: 0,
        level: new.level,
        status: new.status,
        created_at: ms(at),
        first_response_at: None,
    };
    let sla = sla_fields(&subject, &[], &settings, at)?;
    let filed = ayuda_store::Filing {
        at: ms(at),
        sla: Some(sla),
        replies: Vec::new(),
    };
    state
        .store
        .file_ticket(new, &filed)
        .await
        .map_err(claim_error)
}
