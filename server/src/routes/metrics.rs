//! Help-desk metrics per day, group and agent, and the volume forecast (agents and admins).

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use ayuda_desk::forecast::{Backtest, DEFAULT_WEEKS, MAX_WEEKS, WeekGrid};
use ayuda_desk::{Level, Status, TicketRecord};
use ayuda_store::{ArticleActivity, InboxFilter, MetricsScope, Ticket};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::auth::Desk;
use crate::desk::{self, settings};
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/metrics/forecast", get(forecast))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsQuery {
    /// First day, `YYYY-MM-DD` (in the site's time zone); default 30 days ago.
    from: Option<String>,
    /// Last day, inclusive; default today.
    to: Option<String>,
    site: Option<String>,
    /// Only tickets of this group (deflections, which belong to none, are left out).
    group: Option<String>,
    /// Only tickets assigned to this agent (a user id; deflections are left out).
    agent: Option<String>,
}

#[derive(Serialize)]
struct Metrics {
    from: String,
    to: String,
    time_zone: String,
    /// Unsolved tickets now.
    backlog: i64,
    overall: ayuda_desk::Report,
    by_day: Vec<(String, ayuda_desk::Report)>,
    by_group: Vec<(String, ayuda_desk::Report)>,
    by_agent: Vec<(i64, ayuda_desk::Report)>,
    /// The articles' views (all time) and votes (in the period), of the site when one is named.
    articles: Articles,
}

#[derive(Serialize)]
struct Articles {
    views: i64,
    helpful: i64,
    unhelpful: i64,
}

impl From<ArticleActivity> for Articles {
    fn from(a: ArticleActivity) -> Self {
        Articles {
            views: a.views,
            helpful: a.helpful,
            unhelpful: a.unhelpful,
        }
    }
}

/// The scope of a metrics query: the site's key (checked against the known sites), a group
/// key and an agent's id, each validated.
fn scope(
    state: &AppState,
    site: Option<&str>,
    group: Option<&str>,
    agent: Option<&str>,
) -> AppResult<MetricsScope> {
    let site = match site {
        Some(site) => Some(state.site(site)?.key.clone()),
        None => None,
    };
    if let Some(group) = group {
        desk::validate_key(group, "group")?;
    }
    let agent = match agent {
        Some(text) => Some(
            text.parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| AppError::invalid("agent must be an agent's user id, like 4"))?,
        ),
        None => None,
    };
    Ok(MetricsScope {
        site,
        group: group.map(str::to_owned),
        agent,
    })
}

pub fn record(ticket: &Ticket) -> TicketRecord {
    let ts = |ms: i64| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let marks = ticket.sla_marks();
    let now = ayuda_store::now_ms();
    TicketRecord {
        created: ts(ticket.created_at),
        level: ticket.level,
        channel: ticket.channel.clone(),
        group: ticket.group_key.clone(),
        agent: ticket.assignee_id.map(ayuda_desk::AgentId),
        first_response_at: ticket.first_response_at.map(ts),
        solved_at: ticket.solved_at.map(ts),
        reopened: u32::try_from(ticket.reopened).unwrap_or(0),
        agent_replies: u32::try_from(ticket.agent_replies).unwrap_or(0),
        csat: ticket.csat_rating,
        deflected: false,
        first_response_breached: marks.first_response_breached(now),
        resolution_breached: marks.resolution_breached(),
        handle_time_minutes: u32::try_from(ticket.handle_seconds / 60).unwrap_or(0),
    }
}

async fn metrics(
    _: Desk,
    State(state): State<AppState>,
    AppQuery(query): AppQuery<MetricsQuery>,
) -> AppResult<AppJson<Metrics>> {
    let scope = scope(
        &state,
        query.site.as_deref(),
        query.group.as_deref(),
        query.agent.as_deref(),
    )?;
    let site_key = scope.site.clone();
    let settings = settings::load(
        &state,
        site_key.as_deref().unwrap_or(ayuda_store::DEMO_SITE_KEY),
    )
    .await?;
    let hours = settings.business_hours()?;
    let tz = hours.time_zone().clone();
    let today = Timestamp::now().to_zoned(tz.clone()).date();
    let parse = |text: Option<&str>, default: jiff::civil::Date| -> AppResult<jiff::civil::Date> {
        match text {
            Some(t) => t
                .parse::<jiff::civil::Date>()
                .map_err(|_| AppError::invalid("from and to are dates like 2026-11-30")),
            None => Ok(default),
        }
    };
    let from = parse(
        query.from.as_deref(),
        today.saturating_sub(jiff::Span::new().days(30)),
    )?;
    let to = parse(query.to.as_deref(), today)?;
    if to < from || from.until(to).map_or(true, |s| s.get_days() > 3660) {
        return Err(AppError::invalid(
            "to must not be before from, and at most ten years apart",
        ));
    }
    let start = from
        .to_zoned(tz.clone())
        .map_err(|e| AppError::invalid(e.to_string()))?
        .timestamp()
        .as_millisecond();
    let end = to
        .tomorrow()
        .and_then(|d| d.to_zoned(tz.clone()))
        .map_err(|e| AppError::invalid(e.to_string()))?
        .timestamp()
        .as_millisecond();
    let tickets = state.store.tickets_in_scope(start, end, &scope).await?;
    // A deflection belongs to no group and no agent: a narrowed view has none.
    let deflections = if scope.group.is_none() && scope.agent.is_none() {
        state
            .store
            .deflections_between(start, end, site_key.as_deref())
            .await?
    } else {
        Vec::new()
    };
    let articles = state
        .store
        .article_activity(start, end, site_key.as_deref())
        .await?;
    let mut records: Vec<TicketRecord> = tickets.iter().map(record).collect();
    for d in &deflections {
        records.push(TicketRecord {
            created: Timestamp::from_millisecond(d.created_at).unwrap_or(Timestamp::UNIX_EPOCH),
            level: Level::L1,
            channel: "widget".into(),
            group: None,
            agent: None,
            first_response_at: None,
            solved_at: None,
            reopened: 0,
            agent_replies: 0,
            csat: None,
            deflected: true,
            first_response_breached: false,
            resolution_breached: false,
            handle_time_minutes: 0,
        });
    }
    let unsolved = InboxFilter {
        statuses: vec![Status::New, Status::Open, Status::Pending],
        site: site_key.clone(),
        group: scope.group.clone(),
        assignee: scope.agent.map(Some),
        ..InboxFilter::default()
    };
    let backlog = state.store.inbox(&unsolved, ayuda_store::now_ms()).await?.1;
    Ok(AppJson(Metrics {
        from: from.to_string(),
        to: to.to_string(),
        time_zone: settings.hours.time_zone.clone(),
        backlog,
        overall: ayuda_desk::summarize(&records, &hours),
        by_day: ayuda_desk::metrics::summarize_by_day(&records, &hours)
            .into_iter()
            .map(|(d, r)| (d.to_string(), r))
            .collect(),
        by_group: ayuda_desk::metrics::summarize_by_group(&records, &hours)
            .into_iter()
            .collect(),
        by_agent: ayuda_desk::metrics::summarize_by_agent(&records, &hours)
            .into_iter()
            .map(|(a, r)| (a.0, r))
            .collect(),
        articles: articles.into(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForecastQuery {
    site: Option<String>,
    /// How many past full weeks to average, 1–52; default 8.
    weeks: Option<i64>,
}

/// The coming week's expected tickets per local weekday and hour (see
/// [`ayuda_desk::forecast`]).
#[derive(Serialize)]
struct ForecastAnswer {
    time_zone: String,
    /// The weeks asked for.
    weeks: usize,
    /// The known weeks averaged (fewer than `weeks` while history is short).
    weeks_used: usize,
    /// Monday first, hours 0–23 local.
    by_hour: WeekGrid,
    by_day: [f64; 7],
    total: f64,
    error: Backtest,
}

async fn forecast(
    _: Desk,
    State(state): State<AppState>,
    AppQuery(query): AppQuery<ForecastQuery>,
) -> AppResult<AppJson<ForecastAnswer>> {
    let weeks = match query.weeks {
        None => DEFAULT_WEEKS,
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_WEEKS).contains(n))
            .ok_or_else(|| AppError::invalid(format!("weeks must be 1–{MAX_WEEKS}")))?,
    };
    let site_key = scope(&state, query.site.as_deref(), None, None)?.site;
    let settings = settings::load(
        &state,
        site_key.as_deref().unwrap_or(ayuda_store::DEMO_SITE_KEY),
    )
    .await?;
    let hours = settings.business_hours()?;
    let tz = hours.time_zone();
    let now = Timestamp::now();
    let (start, end) = ayuda_desk::forecast::window(now, tz, weeks)
        .ok_or_else(|| AppError::Internal("the forecast's weeks are out of range".into()))?;
    let ts = |ms: i64| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    let created: Vec<Timestamp> = state
        .store
        .ticket_times_between(
            start.as_millisecond(),
            end.as_millisecond(),
            site_key.as_deref(),
        )
        .await?
        .into_iter()
        .map(ts)
        .collect();
    // Before any ticket there is no history: the forecast is empty.
    let history_start = state
        .store
        .first_ticket_at(site_key.as_deref())
        .await?
        .map_or(now, ts);
    let forecast = ayuda_desk::forecast(&created, history_start, tz, now, weeks);
    Ok(AppJson(ForecastAnswer {
        time_zone: settings.hours.time_zone.clone(),
        weeks,
        weeks_used: forecast.weeks_used,
        by_hour: forecast.by_hour,
        by_day: forecast.by_day,
        total: forecast.total,
        error: forecast.error,
    }))
}
