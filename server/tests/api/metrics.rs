//! Metrics and the volume forecast over HTTP, on SQLite and PostgreSQL: figures checked
//! against tickets stored at known instants, the group and agent filters, the articles' views
//! and votes, and the bad inputs.

use ayuda_api::{Author, Level, Status, Tier};
use ayuda_store::{Filing, MessageEffects, NewMessage, NewTicket};
use jiff::civil::{Date, date};
use jiff::{Span, Timestamp, ToSpan};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, spawn_app_on};

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let app = super::spawn_app_on(super::Db::Sqlite).await.unwrap();
                    super::$name(app).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(app) = super::spawn_app_on(super::Db::Postgres).await else { return };
                    super::$name(app).await;
                }
            )*
        }
    };
}

on_both!(
    metrics_by_group_and_agent_on_known_tickets,
    metrics_filters_are_validated,
    article_views_and_votes_in_the_period,
    forecast_from_tickets_at_known_times,
    forecast_weeks_are_validated,
);

fn ticket(subject: &str, group: Option<&str>, assignee: Option<i64>) -> NewTicket {
    NewTicket {
        site: "demo".into(),
        visitor_id: Some("v1".into()),
        user_id: None,
        name: "Ana".into(),
        email: "ana@example.com".into(),
        company: None,
        subject: subject.to_owned(),
        category: Some("billing".into()),
        level: Level::L2,
        tier: Tier::FirstLine,
        status: Status::New,
        group_key: group.map(str::to_owned),
        assignee_id: assignee,
        tags: Vec::new(),
        environment: json!({}),
        body: "It does not work".into(),
        channel: "widget".into(),
        locale: "en".into(),
        user_attributes: json!({}),
        attachments: Vec::new(),
        attachment_owner: "v:v1".into(),
    }
}

/// Unix ms of a UTC wall-clock time in March 2026.
fn march_utc(day: i8, hour: i8) -> i64 {
    date(2026, 3, day)
        .at(hour, 0, 0, 0)
        .in_tz("UTC")
        .unwrap()
        .timestamp()
        .as_millisecond()
}

/// Files a ticket at `at`.
async fn file_at(app: &TestApp, new: &NewTicket, at: i64) -> i64 {
    app.store
        .file_ticket(new, &Filing::at(at))
        .await
        .unwrap()
        .id
}

/// An agent's public reply at `at`, solving the ticket when `solve`.
async fn reply_at(app: &TestApp, id: i64, at: i64, solve: bool) {
    let effects = MessageEffects {
        status: Some(if solve { Status::Solved } else { Status::Open }),
        ..MessageEffects::default()
    };
    app.store
        .post_message(
            id,
            &NewMessage::text(Author::Agent, None, "On it"),
            &effects,
            at,
        )
        .await
        .unwrap();
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    app.store
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == email)
        .unwrap()
        .id
}

async fn get(app: &TestApp, token: &str, path: &str) -> (StatusCode, Value) {
    let res = app.call(Method::GET, path, token, None).await;
    let status = res.status();
    (status, res.json().await.unwrap())
}

/// `(median, p90)` of a time metric, in seconds.
fn seconds(times: &Value) -> (Value, Value) {
    (
        times["median_seconds"].clone(),
        times["p90_seconds"].clone(),
    )
}

/// The demo site works Monday to Friday 09:00–18:00 UTC (the default settings). Four tickets
/// on Monday 2 and Tuesday 3 March 2026:
/// - A: billing, agent X, Monday 09:00, answered and solved 10:00 (1 h, 1 business hour);
/// - B: billing, agent Y, Monday 16:00, answered Tuesday 10:00 (18 h; 3 business hours),
///   solved Tuesday 12:00 (20 h; 5 business hours);
/// - C: tech, agent X, Tuesday 09:00, answered 12:00 (3 h), still open;
/// - D: no group, nobody's, Tuesday 15:00, untouched.
async fn metrics_by_group_and_agent_on_known_tickets(app: TestApp) {
    let agent = app.staff("x@example.com", "agent").await;
    app.staff("y@example.com", "agent").await;
    let (x, y) = (
        user_id(&app, "x@example.com").await,
        user_id(&app, "y@example.com").await,
    );
    let a = file_at(
        &app,
        &ticket("A", Some("billing"), Some(x)),
        march_utc(2, 9),
    )
    .await;
    reply_at(&app, a, march_utc(2, 10), true).await;
    let b = file_at(
        &app,
        &ticket("B", Some("billing"), Some(y)),
        march_utc(2, 16),
    )
    .await;
    reply_at(&app, b, march_utc(3, 10), false).await;
    app.store
        .set_status(b, Status::Solved, march_utc(3, 12))
        .await
        .unwrap();
    let c = file_at(&app, &ticket("C", Some("tech"), Some(x)), march_utc(3, 9)).await;
    reply_at(&app, c, march_utc(3, 12), false).await;
    file_at(&app, &ticket("D", None, None), march_utc(3, 15)).await;

    let period = "/api/v1/metrics?from=2026-03-02&to=2026-03-03";
    let (status, m) = get(&app, &agent, period).await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["time_zone"], "UTC");
    let overall = &m["overall"];
    assert_eq!(overall["tickets"], 4);
    assert_eq!(overall["first_response"]["calendar"]["count"], 3);
    // Calendar 1 h, 3 h, 18 h; business 1 h, 3 h, 3 h (nearest rank).
    assert_eq!(
        seconds(&overall["first_response"]["calendar"]),
        (json!(10_800.0), json!(64_800.0))
    );
    assert_eq!(
        seconds(&overall["first_response"]["business"]),
        (json!(10_800.0), json!(10_800.0))
    );
    // The ISO 8601 form is still there.
    assert_eq!(overall["first_response"]["calendar"]["median"], "PT3H");
    // Resolutions: calendar 1 h and 20 h, business 1 h and 5 h.
    assert_eq!(
        seconds(&overall["resolution"]["calendar"]),
        (json!(3_600.0), json!(72_000.0))
    );
    assert_eq!(
        seconds(&overall["resolution"]["business"]),
        (json!(3_600.0), json!(18_000.0))
    );
    assert_eq!(m["backlog"], 2);
    assert_eq!(m["by_group"].as_array().unwrap().len(), 2);
    assert_eq!(
        m["articles"],
        json!({"views": 0, "helpful": 0, "unhelpful": 0})
    );

    let (_, billing) = get(&app, &agent, &format!("{period}&group=billing")).await;
    assert_eq!(billing["overall"]["tickets"], 2);
    assert_eq!(
        seconds(&billing["overall"]["first_response"]["calendar"]),
        (json!(3_600.0), json!(64_800.0))
    );
    assert_eq!(
        seconds(&billing["overall"]["first_response"]["business"]),
        (json!(3_600.0), json!(10_800.0))
    );
    assert_eq!(billing["overall"]["deflections"], 0);
    assert_eq!(billing["backlog"], 0);
    assert_eq!(
        billing["by_group"],
        json!([["billing", billing["overall"].clone()]])
    );

    let (_, by_x) = get(&app, &agent, &format!("{period}&agent={x}")).await;
    assert_eq!(by_x["overall"]["tickets"], 2);
    assert_eq!(
        seconds(&by_x["overall"]["first_response"]["calendar"]),
        (json!(3_600.0), json!(10_800.0))
    );
    assert_eq!(by_x["overall"]["resolution"]["calendar"]["count"], 1);
    assert_eq!(by_x["backlog"], 1);
    assert_eq!(by_x["by_agent"][0][0], x);

    let (_, both) = get(&app, &agent, &format!("{period}&group=billing&agent={x}")).await;
    assert_eq!(both["overall"]["tickets"], 1);
    let (_, nobody) = get(&app, &agent, &format!("{period}&group=nobody")).await;
    assert_eq!(nobody["overall"]["tickets"], 0);
    assert_eq!(
        nobody["overall"]["first_response"]["calendar"]["median_seconds"],
        Value::Null
    );
}

async fn metrics_filters_are_validated(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    for (query, field) in [
        ("group=Bad%20Key", "group"),
        ("group=", "group"),
        ("agent=abc", "agent"),
        ("agent=0", "agent"),
        ("agent=-3", "agent"),
        ("agent=1.5", "agent"),
    ] {
        let (status, body) = get(&app, &agent, &format!("/api/v1/metrics?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body["error"]["code"], "invalid_input", "{query}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(field), "{query}: {message}");
    }
    let (status, _) = get(&app, &agent, "/api/v1/metrics?team=billing").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = get(&app, &agent, "/api/v1/metrics?site=nosuchsite").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn article_views_and_votes_in_the_period(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    for slug in ["refunds", "invoices"] {
        let article = app
            .create_article(
                &serde_json::from_value(json!({"title": slug, "slug": slug, "locale": "en",
                    "body": "How to do it."}))
                .unwrap(),
            )
            .await;
        let res = app
            .call(
                Method::POST,
                &format!("/api/v1/articles/{}/publish", article.id),
                &app.admin,
                None,
            )
            .await;
        assert!(res.status().is_success());
    }
    for slug in ["refunds", "refunds", "invoices"] {
        let res = app
            .get(&format!("/api/v1/sites/demo/articles/{slug}?locale=en"))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    for (slug, visitor, helpful) in [
        ("refunds", "v1", true),
        ("refunds", "v2", false),
        // A visitor's second answer replaces the first.
        ("refunds", "v2", true),
        ("invoices", "v1", false),
    ] {
        let res = app
            .client
            .post(app.url(&format!(
                "/api/v1/sites/demo/articles/{slug}/votes?locale=en"
            )))
            .json(&json!({"visitor_id": visitor, "helpful": helpful}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.status());
    }
    let (_, m) = get(&app, &agent, "/api/v1/metrics?site=demo").await;
    assert_eq!(
        m["articles"],
        json!({"views": 3, "helpful": 2, "unhelpful": 1})
    );
    // Votes count in their period; views are kept as totals only.
    let (_, past) = get(
        &app,
        &agent,
        "/api/v1/metrics?from=2026-01-01&to=2026-01-31",
    )
    .await;
    assert_eq!(
        past["articles"],
        json!({"views": 3, "helpful": 0, "unhelpful": 0})
    );
}

/// The Monday of the week `now` is in, in Madrid.
fn this_monday(now: Timestamp) -> Date {
    let today = now.in_tz("Europe/Madrid").unwrap().date();
    today
        .checked_sub(Span::new().days(today.weekday().to_monday_zero_offset()))
        .unwrap()
}

/// Unix ms of a Madrid wall-clock time `weeks_back` weeks before `monday`, `day` days after
/// that week's Monday.
fn madrid(monday: Date, weeks_back: i64, day: i64, hour: i8, minute: i8) -> i64 {
    monday
        .checked_sub((weeks_back * 7).days())
        .unwrap()
        .checked_add(day.days())
        .unwrap()
        .at(hour, minute, 0, 0)
        .in_tz("Europe/Madrid")
        .unwrap()
        .timestamp()
        .as_millisecond()
}

/// Three weeks of history in Madrid: Monday 10 h brought 2 tickets two and three weeks ago
/// and 4 last week; Wednesday 15 h one every week. With `weeks=2` (last week weighs 2, the one
/// before 1) Monday 10 h is (2·4 + 2)/3. The backtest forecasts last week from the two before
/// (2, off by 2 on Monday) and the week before from the first (2, exact).
async fn forecast_from_tickets_at_known_times(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let mut settings = get(&app, &agent, "/api/v1/desk/settings/demo").await.1;
    settings["hours"]["time_zone"] = json!("Europe/Madrid");
    let res = app
        .call(
            Method::PUT,
            "/api/v1/desk/settings/demo",
            &app.admin,
            Some(&settings),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let (status, empty) = get(&app, &agent, "/api/v1/metrics/forecast").await;
    assert_eq!(status, StatusCode::OK, "{empty}");
    assert_eq!(empty["total"], 0.0);
    assert_eq!(empty["weeks"], 8);
    assert_eq!(empty["weeks_used"], 0);
    assert_eq!(
        empty["error"],
        json!({"weeks_tested": 0, "mae_per_hour": 0.0, "mape_per_day": null})
    );

    let monday = this_monday(Timestamp::now());
    for weeks_back in 1..=3 {
        let monday_tickets = if weeks_back == 1 { 4 } else { 2 };
        for i in 0..monday_tickets {
            let at = madrid(monday, weeks_back, 0, 10, 5 * i);
            file_at(&app, &ticket("Monday", None, None), at).await;
        }
        let at = madrid(monday, weeks_back, 2, 15, 30);
        file_at(&app, &ticket("Wednesday", None, None), at).await;
    }
    // This week's tickets are not history yet.
    let at = madrid(monday, 0, 0, 0, 1);
    file_at(&app, &ticket("This week", None, None), at).await;

    let (status, f) = get(&app, &agent, "/api/v1/metrics/forecast?site=demo&weeks=2").await;
    assert_eq!(status, StatusCode::OK, "{f}");
    assert_eq!(f["time_zone"], "Europe/Madrid");
    assert_eq!(
        (f["weeks"].clone(), f["weeks_used"].clone()),
        (json!(2), json!(2))
    );
    let by_hour = f["by_hour"].as_array().unwrap();
    assert_eq!(by_hour.len(), 7);
    assert!(
        by_hour
            .iter()
            .all(|day| day.as_array().unwrap().len() == 24)
    );
    let close = |value: &Value, expected: f64| {
        let value = value.as_f64().unwrap();
        assert!((value - expected).abs() < 1e-9, "{value} ≠ {expected}");
    };
    close(&f["by_hour"][0][10], 10.0 / 3.0);
    close(&f["by_hour"][2][15], 1.0);
    close(&f["by_hour"][0][9], 0.0);
    close(&f["by_day"][0], 10.0 / 3.0);
    close(&f["by_day"][2], 1.0);
    close(&f["by_day"][6], 0.0);
    close(&f["total"], 13.0 / 3.0);
    assert_eq!(f["error"]["weeks_tested"], 2);
    close(&f["error"]["mae_per_hour"], 2.0 / (2.0 * 168.0));
    // Monday last week: 2 forecast, 4 came (50 % off); the other three days with tickets exact.
    close(&f["error"]["mape_per_day"], 0.5 / 4.0);

    // Eight weeks (the default) average the three there are: weights 8, 7, 6.
    let (_, f) = get(&app, &agent, "/api/v1/metrics/forecast").await;
    assert_eq!(f["weeks_used"], 3);
    close(
        &f["by_hour"][0][10],
        (8.0 * 4.0 + 7.0 * 2.0 + 6.0 * 2.0) / 21.0,
    );
}

async fn forecast_weeks_are_validated(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    for query in ["weeks=0", "weeks=53", "weeks=-1", "weeks=many", "when=now"] {
        let (status, body) = get(&app, &agent, &format!("/api/v1/metrics/forecast?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body["error"]["code"], "invalid_input", "{query}");
    }
    let (status, body) = get(&app, &agent, "/api/v1/metrics/forecast?weeks=53").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"].as_str().unwrap().contains("weeks"));
    let (status, _) = get(&app, &agent, "/api/v1/metrics/forecast?weeks=52").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get(&app, &agent, "/api/v1/metrics/forecast?site=nosuchsite").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let editor = app.staff("editor@example.com", "editor").await;
    let (status, _) = get(&app, &editor, "/api/v1/metrics/forecast").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
