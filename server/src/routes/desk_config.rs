//! The desk's configuration (admins): routing rules, per-site support settings, the site
//! secret host backends sign `user_hash` with.

use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use ayuda_desk::{Expectation, Level, Routed, Rule, SupportSettings, TicketFacts};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::auth::{Admin, Desk};
use crate::desk;
use crate::desk::settings;
use crate::error::{AppJson, AppPath, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/desk/routing", get(routing).put(put_routing))
        .route(
            "/desk/settings/{site}",
            get(site_settings).put(put_site_settings),
        )
        .route("/desk/secret/{site}", get(site_secret))
        .route("/desk/secret/{site}/rotate", post(rotate_secret))
        .route("/desk/routing/test", post(test_routing))
        .route("/desk/settings/{site}/preview", post(preview_settings))
}

/// Checks rules the way saving them does.
async fn check_rules(state: &AppState, rules: &[Rule]) -> AppResult<()> {
    if rules.len() > 200 {
        return Err(crate::error::AppError::invalid("at most 200 routing rules"));
    }
    for rule in rules {
        if let Some(group) = &rule.actions.group {
            desk::validate_key(group, "group")?;
        }
        if let Some(agent) = rule.actions.assignee {
            desk::check_assignee(state, agent.0).await?;
        }
        desk::new_tags(&[], &rule.actions.tags, &[])?;
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutingTest {
    /// Rules not saved yet; the saved ones when absent.
    #[serde(default)]
    rules: Option<Vec<Rule>>,
    ticket: TicketFacts,
}

/// `POST /desk/routing/test`: which rule a sample ticket would match and what it would do,
/// with the saved rules or the ones being edited. Nothing is stored.
async fn test_routing(
    _: Admin,
    State(state): State<AppState>,
    AppJson(input): AppJson<RoutingTest>,
) -> AppResult<AppJson<Routed>> {
    let rules = match input.rules {
        Some(rules) => {
            check_rules(&state, &rules).await?;
            rules
        }
        None => settings::routing_rules(&state).await?,
    };
    let facts = &input.ticket;
    desk::text_field(Some(&facts.subject), "ticket.subject", 300)?;
    desk::text_field(Some(&facts.body), "ticket.body", 20_000)?;
    if facts.user_attributes.len() > 50 {
        return Err(crate::error::AppError::invalid(
            "ticket.user_attributes: at most 50",
        ));
    }
    Ok(AppJson(ayuda_desk::route(&rules, facts)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsPreview {
    settings: SupportSettings,
    #[serde(default)]
    level: Option<String>,
    /// When the ticket would be filed (Unix ms); now when absent.
    #[serde(default)]
    at: Option<i64>,
}

#[derive(Serialize)]
struct PreviewAnswer {
    available_now: bool,
    first_response_due: Option<i64>,
    resolution_due: Option<i64>,
    /// What the widget would tell the user, in each language.
    expectation_en: String,
    expectation_es: String,
}

/// `POST /desk/settings/{site}/preview`: with these (unsaved) hours and targets, when would a
/// ticket filed now (or `at`) be answered and resolved, and what would the widget say.
async fn preview_settings(
    _: Admin,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppJson(input): AppJson<SettingsPreview>,
) -> AppResult<AppJson<PreviewAnswer>> {
    state.site(&site)?;
    settings::validate(&input.settings)?;
    let level = match input.level.as_deref() {
        Some(level) => desk::parse_word::<Level>(level)?,
        None => Level::L1,
    };
    let at = match input.at {
        Some(ms) => Timestamp::from_millisecond(ms)
            .map_err(|_| crate::error::AppError::invalid("at must be Unix milliseconds"))?,
        None => Timestamp::now(),
    };
    let hours = input
        .settings
        .business_hours()
        .map_err(|e| crate::error::AppError::invalid(format!("settings.hours: {e}")))?;
    let expectation = Expectation::compute(&hours, &input.settings.sla, level, at);
    let resolution = hours.add_business_duration(at, input.settings.sla.resolution.get(level));
    let text = |locale: &str| {
        expectation.map_or_else(
            || match locale {
                "es" => "El equipo no tiene horario de atención.".to_owned(),
                _ => "The team has no opening hours.".to_owned(),
            },
            |e| e.message(locale),
        )
    };
    Ok(AppJson(PreviewAnswer {
        available_now: expectation.is_some_and(|e| e.available_now),
        first_response_due: expectation.map(|e| e.reply_by.as_millisecond()),
        resolution_due: resolution.map(|t| t.as_millisecond()),
        expectation_en: text("en"),
        expectation_es: text("es"),
    }))
}

/// `POST /desk/secret/{site}/rotate`: a new secret for `user_hash`, shown this once; the old
/// one stops working at once. Audited.
async fn rotate_secret(
    Admin(staff): Admin,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    parts: axum::http::request::Parts,
) -> AppResult<AppJson<serde_json::Value>> {
    let site = state.site(&site)?;
    let secret = ayuda_store::random_secret();
    state.store.set_site_secret(&site.key, &secret).await?;
    state.sites.refresh(&state.store).await?;
    crate::audit::record(
        &state,
        Some(&staff.user),
        "site.secret_rotate",
        format!("site:{}", site.key),
        String::new(),
        crate::auth::client_address(&parts),
    )
    .await?;
    Ok(AppJson(
        serde_json::json!({ "site": site.key, "secret": secret }),
    ))
}

async fn routing(_: Desk, State(state): State<AppState>) -> AppResult<AppJson<Vec<Rule>>> {
    Ok(AppJson(settings::routing_rules(&state).await?))
}

async fn put_routing(
    _: Admin,
    State(state): State<AppState>,
    AppJson(rules): AppJson<Vec<Rule>>,
) -> AppResult<AppJson<Vec<Rule>>> {
    check_rules(&state, &rules).await?;
    settings::save_routing_rules(&state, &rules).await?;
    Ok(AppJson(rules))
}

async fn site_settings(
    _: Desk,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<AppJson<SupportSettings>> {
    let site = state.site(&site)?;
    Ok(AppJson(settings::load(&state, &site.key).await?))
}

async fn put_site_settings(
    _: Admin,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppJson(input): AppJson<SupportSettings>,
) -> AppResult<AppJson<SupportSettings>> {
    let site = state.site(&site)?;
    settings::save(&state, &site.key, &input).await?;
    // Due times of open tickets follow the new hours and targets.
    for id in state.store.unsolved_ticket_ids().await? {
        if let Some(ticket) = state.store.ticket(id).await?
            && ticket.site == site.key
        {
            desk::refresh_sla(&state, ticket).await?;
        }
    }
    Ok(AppJson(input))
}

async fn site_secret(
    _: Admin,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<AppJson<serde_json::Value>> {
    let site = state.site(&site)?;
    Ok(AppJson(serde_json::json!({
        "site": site.key,
        "secret": site.secret,
        "user_hash": "hex(HMAC-SHA256(key = secret, message = user_id))",
    })))
}
