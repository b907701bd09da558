//! The help desk over HTTP on the real server, on SQLite and PostgreSQL: filing tickets from
//! the widget, conversations over SSE, the status workflow, access control, attachments,
//! routing, macros, escalation, SLA fields, CSAT, metrics and the bad cases.

use std::time::Duration;

use ayuda_api::{PublicMessage, PublicThread, PublicTicketList, VisitorToken};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Db, TestApp, spawn_app_on, spawn_node};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";

/// A browser on the widget side: a visitor token, maybe an identified user.
#[derive(Clone)]
pub(crate) struct Visitor {
    token: String,
    user: Option<(String, String)>,
}

impl Visitor {
    pub(crate) async fn new(app: &TestApp) -> Visitor {
        let res = app
            .client
            .post(app.url("/api/v1/sites/demo/visitors"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let token: VisitorToken = res.json().await.unwrap();
        Visitor {
            token: token.token,
            user: None,
        }
    }

    pub(crate) async fn identified(app: &TestApp, user: &str) -> Visitor {
        let secret = site_secret(app).await;
        let hash = ayuda_server::desk::identity::user_hash(&secret, user);
        Visitor {
            user: Some((user.to_owned(), hash)),
            ..Visitor::new(app).await
        }
    }

    fn request(&self, app: &TestApp, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = app
            .client
            .request(method, app.url(&format!("/api/v1/sites/demo{path}")))
            .header("x-ayuda-visitor", &self.token);
        if let Some((user, hash)) = &self.user {
            request = request
                .header("x-ayuda-user", user)
                .header("x-ayuda-user-hash", hash);
        }
        request
    }

    pub(crate) async fn post(&self, app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
        self.request(app, Method::POST, path)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        self.request(app, Method::GET, path).send().await.unwrap()
    }

    pub(crate) async fn upload(
        &self,
        app: &TestApp,
        name: &str,
        data: Vec<u8>,
    ) -> reqwest::Response {
        self.request(app, Method::POST, &format!("/attachments?name={name}"))
            .header("content-type", "application/octet-stream")
            .body(data)
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn file(&self, app: &TestApp, body: &Value) -> PublicThread {
        let res = self.post(app, "/tickets", body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
        res.json().await.unwrap()
    }
}

pub(crate) async fn site_secret(app: &TestApp) -> String {
    let res = app
        .call(Method::GET, "/api/v1/desk/secret/demo", &app.admin, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(crate) fn ticket_body(subject: &str, impact: &str) -> Value {
    json!({
        "name": "Ana García",
        "email": "ana@example.com",
        "company": "ACME",
        "subject": subject,
        "trying": "Create an invoice for a client",
        "happened": "The save button spins forever",
        "impact": impact,
        "category": "billing",
        "locale": "en",
        "environment": {
            "url": "http://localhost:3000/invoices/new",
            "route": "invoices.new",
            "browser": "Chrome 131",
            "os": "Linux",
            "screen": "1920x1080",
            "locale": "en-GB",
            "time_zone": "Europe/Madrid",
            "app_version": "4.2.0",
            "context": {"plan": "pro"}
        }
    })
}

pub(crate) async fn json_of(res: reqwest::Response) -> Value {
    res.json().await.unwrap()
}

pub(crate) async fn error_code(res: reqwest::Response) -> (StatusCode, String) {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    (
        status,
        body["error"]["code"].as_str().unwrap_or("").to_owned(),
    )
}

/// The numeric id agents use for a public ticket id.
pub(crate) async fn staff_id(app: &TestApp, public_id: &str) -> i64 {
    app.store
        .ticket_by_public_id(public_id)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// An SSE subscriber: parsed `(event, id, data)` triples.
pub(crate) struct Sse {
    response: reqwest::Response,
    buffer: String,
}

impl Sse {
    pub(crate) async fn open(
        app: &TestApp,
        visitor: &Visitor,
        ticket: &str,
        last_event_id: Option<i64>,
    ) -> Sse {
        let mut request = visitor.request(app, Method::GET, &format!("/tickets/{ticket}/events"));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        let res = request.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
        Sse {
            response: res,
            buffer: String::new(),
        }
    }

    /// The next event of kind `wanted` within `timeout`.
    pub(crate) async fn next(
        &mut self,
        wanted: &str,
        timeout: Duration,
    ) -> Option<(Option<i64>, Value)> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = "message".to_owned();
                let mut id = None;
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if event == wanted && !data.is_empty() {
                    return Some((id, serde_json::from_str(&data).unwrap()));
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

#[macro_export]
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
    conversation_from_filing_to_csat,
    nobody_reads_another_visitors_conversation,
    attachments_are_checked_and_guarded,
    message_floods_get_429_and_nothing_is_lost,
    routing_rules_and_round_robin,
    macros_escalation_and_roles,
    sla_fields_and_inbox_filters,
    metrics_on_a_known_data_set,
    a_reply_after_a_newer_message_is_held,
);

async fn conversation_from_filing_to_csat(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let support = json_of(app.get("/api/v1/sites/demo/support?locale=es").await).await;
    assert_eq!(support["expectations"].as_array().unwrap().len(), 3);
    assert!(
        support["categories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["key"] == "billing")
    );

    let visitor = Visitor::new(&app).await;
    let shot = json_of(visitor.upload(&app, "screenshot.png", PNG.to_vec()).await).await;
    assert_eq!(shot["content_type"], "image/png");
    let mut body = ticket_body(&format!("Cannot save {HOSTILE}"), "blocked");
    body["attachments"] = json!([shot["id"]]);
    body["name"] = json!(format!("Ana {HOSTILE}"));
    let thread = visitor.file(&app, &body).await;
    let ticket = thread.ticket.id.clone();
    assert_eq!(
        (thread.ticket.level.as_str(), thread.ticket.status.as_str()),
        ("l3", "new")
    );
    // Stored and returned as text, exactly as typed.
    assert_eq!(thread.ticket.subject, format!("Cannot save {HOSTILE}"));
    assert_eq!(thread.messages[0].author, ayuda_api::Author::User);
    assert_eq!(thread.messages[0].attachments.len(), 1);
    assert_eq!(
        thread.messages[1].author,
        ayuda_api::Author::Bot,
        "automatic first reply"
    );
    assert!(thread.messages[1].body.contains("Thanks"));

    // The attachment is served to its owner with safe headers.
    let file = visitor
        .get(
            &app,
            &thread.messages[0].attachments[0]
                .url
                .replace("/api/v1/sites/demo", ""),
        )
        .await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["x-content-type-options"], "nosniff");
    assert!(
        file.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);

    // The agent sees it, with the customer's environment.
    let id = staff_id(&app, &ticket).await;
    let detail = json_of(
        app.call(Method::GET, &format!("/api/v1/tickets/{id}"), &agent, None)
            .await,
    )
    .await;
    assert_eq!(detail["customer"]["environment"]["route"], "invoices.new");
    assert_eq!(detail["customer"]["name"], format!("Ana {HOSTILE}"));
    assert!(
        detail["ticket"]["assignee_id"].as_i64().is_some(),
        "assigned on arrival"
    );

    // A live subscriber gets the agent's reply; a reconnect with Last-Event-ID resumes without
    // a gap or a duplicate.
    let mut live = Sse::open(&app, &visitor, &ticket, None).await;
    let (first_id, _) = live.next("message", Duration::from_secs(5)).await.unwrap();
    let (bot_id, _) = live.next("message", Duration::from_secs(5)).await.unwrap();
    assert!(bot_id > first_id);
    let sent = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            &agent,
            Some(&json!({"body": format!("Hola {HOSTILE}")})),
        )
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let (reply_id, reply) = live
        .next("message", Duration::from_secs(2))
        .await
        .expect("reply within 2 s");
    assert_eq!(reply["author"], "agent");
    assert_eq!(reply["author_name"], "agent");
    assert_eq!(reply["body"], format!("Hola {HOSTILE}"));
    let note = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            &agent,
            Some(&json!({"body": "internal: customer is VIP", "internal": true})),
        )
        .await;
    assert_eq!(note.status(), StatusCode::CREATED);
    drop(live);
    let user_msg = visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/messages"),
            &json!({"body": "Still broken"}),
        )
        .await;
    assert_eq!(user_msg.status(), StatusCode::CREATED);
    let mut resumed = Sse::open(&app, &visitor, &ticket, reply_id).await;
    let (next_id, next) = resumed
        .next("message", Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(
        next["body"], "Still broken",
        "the internal note is never sent to the user"
    );
    assert!(next_id > reply_id);

    // The thread hides internal notes too.
    let thread: PublicThread = json_of(visitor.get(&app, &format!("/tickets/{ticket}")).await)
        .await
        .pipe(|v| serde_json::from_value(v).unwrap());
    assert!(thread.messages.iter().all(|m| !m.body.contains("VIP")));

    // Workflow: new → open (reply) → pending → open (user writes) → solved → CSAT → reopen.
    let status = |app: &TestApp, id: i64| {
        let store = app.store.clone();
        async move { store.ticket(id).await.unwrap().unwrap().status }
    };
    use ayuda_desk::Status;
    assert_eq!(status(&app, id).await, Status::Open);
    let pending = app
        .call(
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            &agent,
            Some(&json!({"status": "pending"})),
        )
        .await;
    assert_eq!(pending.status(), StatusCode::OK);
    assert_eq!(status(&app, id).await, Status::Pending);
    visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/messages"),
            &json!({"body": "Any news?"}),
        )
        .await;
    assert_eq!(status(&app, id).await, Status::Open);
    let early = visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/csat"),
            &json!({"rating": "good"}),
        )
        .await;
    assert_eq!(
        error_code(early).await,
        (StatusCode::CONFLICT, "invalid_state".into())
    );
    let mut stream = Sse::open(&app, &visitor, &ticket, Some(i64::MAX / 2)).await;
    let solved = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/messages"),
            &agent,
            Some(&json!({"body": "Fixed!", "status": "solved"})),
        )
        .await;
    assert_eq!(solved.status(), StatusCode::CREATED);
    let (_, ticket_event) = stream.next("ticket", Duration::from_secs(2)).await.unwrap();
    assert_eq!(ticket_event["status"], "solved");
    assert_eq!(ticket_event["csat_pending"], true);
    let bad = visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/csat"),
            &json!({"rating": "meh"}),
        )
        .await;
    assert_eq!(error_code(bad).await.1, "invalid_input");
    let csat = visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/csat"),
            &json!({"rating": "good", "comment": HOSTILE}),
        )
        .await;
    assert_eq!(csat.status(), StatusCode::CREATED);
    let again = visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/csat"),
            &json!({"rating": "bad"}),
        )
        .await;
    assert_eq!(
        error_code(again).await,
        (StatusCode::CONFLICT, "invalid_state".into())
    );
    let stored = app.store.ticket(id).await.unwrap().unwrap();
    assert_eq!(
        (stored.csat_rating, stored.csat_comment.as_deref()),
        (Some(ayuda_api::Rating::Good), Some(HOSTILE))
    );
    visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/messages"),
            &json!({"body": "It broke again"}),
        )
        .await;
    assert_eq!(
        status(&app, id).await,
        Status::Open,
        "writing to a solved ticket reopens it"
    );
    assert_eq!(app.store.ticket(id).await.unwrap().unwrap().reopened, 1);
    for step in ["solved", "closed"] {
        let res = app
            .call(
                Method::PATCH,
                &format!("/api/v1/tickets/{id}"),
                &agent,
                Some(&json!({"status": step})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{step}");
    }
    let closed = visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/messages"),
            &json!({"body": "hello?"}),
        )
        .await;
    assert_eq!(
        error_code(closed).await,
        (StatusCode::CONFLICT, "invalid_state".into())
    );
    let back = app
        .call(
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            &agent,
            Some(&json!({"status": "new"})),
        )
        .await;
    assert_eq!(error_code(back).await.1, "invalid_state");

    // Unread counts for the launcher, and the read mark.
    let list: PublicTicketList =
        serde_json::from_value(json_of(visitor.get(&app, "/tickets").await).await).unwrap();
    assert_eq!(list.tickets.len(), 1);
    let last: i64 = app
        .store
        .messages_after(id, 0, false, 1000)
        .await
        .unwrap()
        .last()
        .unwrap()
        .id;
    let read = visitor
        .post(
            &app,
            &format!("/tickets/{ticket}/read"),
            &json!({"last_read": last}),
        )
        .await;
    assert_eq!(read.status(), StatusCode::NO_CONTENT);
    let list: PublicTicketList =
        serde_json::from_value(json_of(visitor.get(&app, "/tickets").await).await).unwrap();
    assert_eq!(list.unread, 0);
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl Pipe for Value {}

async fn nobody_reads_another_visitors_conversation(app: TestApp) {
    let alice = Visitor::new(&app).await;
    let mallory = Visitor::new(&app).await;
    let thread = alice
        .file(&app, &ticket_body("Private matter", "question"))
        .await;
    let id = &thread.ticket.id;
    for res in [
        mallory.get(&app, &format!("/tickets/{id}")).await,
        mallory.get(&app, &format!("/tickets/{id}/events")).await,
        mallory
            .post(
                &app,
                &format!("/tickets/{id}/messages"),
                &json!({"body": "hi"}),
            )
            .await,
        mallory
            .post(
                &app,
                &format!("/tickets/{id}/csat"),
                &json!({"rating": "bad"}),
            )
            .await,
        mallory
            .post(
                &app,
                &format!("/tickets/{id}/read"),
                &json!({"last_read": 1}),
            )
            .await,
        mallory
            .get(&app, "/tickets/00000000000000000000000000000000")
            .await,
        mallory.get(&app, "/tickets/1").await,
        mallory.get(&app, "/tickets/..%2F..%2Fetc").await,
    ] {
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let theirs: PublicTicketList =
        serde_json::from_value(json_of(mallory.get(&app, "/tickets").await).await).unwrap();
    assert!(theirs.tickets.is_empty());
    assert_eq!(
        app.store
            .messages_after(staff_id(&app, id).await, 0, true, 100)
            .await
            .unwrap()
            .len(),
        2
    );

    // Forged, foreign-site and missing identities are refused outright.
    let forged = Visitor {
        token: format!("v1.{}.{}", "a".repeat(32), "0".repeat(64)),
        user: None,
    };
    let mut tampered = alice.clone();
    tampered.token = tampered.token.replacen("v1.", "v1.f", 1);
    for who in [&forged, &tampered] {
        let (status, code) = error_code(who.get(&app, "/tickets").await).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::UNAUTHORIZED, "unauthorized")
        );
    }
    let anonymous = app.get("/api/v1/sites/demo/tickets").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // Identified users: the right hash sees their history from any device; a wrong or missing
    // hash is refused; a visitor never sees an identified user's ticket.
    let laptop = Visitor::identified(&app, "user-42").await;
    let filed = laptop
        .file(&app, &ticket_body("From the laptop", "question"))
        .await;
    let phone = Visitor::identified(&app, "user-42").await;
    let list: PublicTicketList =
        serde_json::from_value(json_of(phone.get(&app, "/tickets").await).await).unwrap();
    assert_eq!(
        list.tickets
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>(),
        vec![filed.ticket.id.as_str()]
    );
    let mut wrong = phone.clone();
    wrong.user = Some(("user-43".into(), phone.user.clone().unwrap().1));
    assert_eq!(
        wrong.get(&app, "/tickets").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let mut missing = phone.clone();
    missing.user = Some(("user-42".into(), String::new()));
    let res = missing
        .request(&app, Method::GET, "/tickets")
        .header("x-ayuda-user-hash", "")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let same_browser_anonymous = Visitor {
        token: laptop.token.clone(),
        user: None,
    };
    assert_eq!(
        same_browser_anonymous
            .get(&app, &format!("/tickets/{}", filed.ticket.id))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Staff routes need staff, and editors see no tickets.
    let editor = app.staff("editor@example.com", "editor").await;
    assert_eq!(
        app.get("/api/v1/tickets").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, code) = error_code(
        app.call(Method::GET, "/api/v1/tickets", &editor, None)
            .await,
    )
    .await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::FORBIDDEN, "forbidden")
    );
}

async fn attachments_are_checked_and_guarded(app: TestApp) {
    let visitor = Visitor::new(&app).await;
    let other = Visitor::new(&app).await;
    let cases: Vec<(&str, Vec<u8>, StatusCode)> = vec![
        (
            "virus.exe",
            b"MZ\x90\0\x03\0\0\0".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "cat.png",
            b"<html><script>alert(1)</script></html>".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "report.pdf",
            PNG.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "big.txt",
            vec![b'a'; 10 * 1024 * 1024 + 1],
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        ("empty.txt", Vec::new(), StatusCode::UNSUPPORTED_MEDIA_TYPE),
    ];
    for (name, data, expected) in cases {
        let res = visitor.upload(&app, name, data).await;
        assert_eq!(res.status(), expected, "{name}");
        let body: Value = res.json().await.unwrap();
        assert!(body["error"]["code"].is_string(), "{name}: {body}");
    }
    let ok_sizes = visitor
        .upload(&app, "notes.txt", vec![b'x'; 10 * 1024 * 1024])
        .await;
    assert_eq!(
        ok_sizes.status(),
        StatusCode::CREATED,
        "exactly 10 MB is allowed"
    );
    let anonymous = app
        .client
        .post(app.url("/api/v1/sites/demo/attachments?name=a.txt"))
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let mut ids = Vec::new();
    for i in 0..6 {
        let res = visitor
            .upload(
                &app,
                &format!("log{i}.txt"),
                format!("line {i}\n").into_bytes(),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        ids.push(json_of(res).await["id"].as_str().unwrap().to_owned());
    }
    let mut too_many = ticket_body("Six files", "question");
    too_many["attachments"] = json!(ids);
    assert_eq!(
        visitor.post(&app, "/tickets", &too_many).await.status(),
        StatusCode::BAD_REQUEST
    );
    // Somebody else's upload cannot be attached (and nothing is half-stored).
    let mut stolen = ticket_body("Stolen file", "question");
    stolen["attachments"] = json!([ids[0]]);
    assert_eq!(
        other.post(&app, "/tickets", &stolen).await.status(),
        StatusCode::BAD_REQUEST
    );
    // Neither refused ticket left a row behind.
    let all = ayuda_store::InboxFilter {
        limit: 100,
        ..ayuda_store::InboxFilter::default()
    };
    assert_eq!(app.store.inbox(&all, 0).await.unwrap().1, 0);
    let preview = other.get(&app, &format!("/attachments/{}", ids[0])).await;
    assert_eq!(preview.status(), StatusCode::NOT_FOUND);
    let mine = visitor.get(&app, &format!("/attachments/{}", ids[0])).await;
    assert_eq!(mine.status(), StatusCode::OK);
    assert!(
        mine.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );

    let mut two = ticket_body("Two logs", "question");
    two["attachments"] = json!([ids[0], ids[1]]);
    let thread = visitor.file(&app, &two).await;
    assert_eq!(thread.messages[0].attachments.len(), 2);
    // Used once only.
    let reuse = visitor
        .post(
            &app,
            &format!("/tickets/{}/messages", thread.ticket.id),
            &json!({"body": "again", "attachments": [ids[0]]}),
        )
        .await;
    assert_eq!(reuse.status(), StatusCode::BAD_REQUEST);
    let url = thread.messages[0].attachments[0]
        .url
        .replace("/api/v1/sites/demo", "");
    assert_eq!(other.get(&app, &url).await.status(), StatusCode::NOT_FOUND);
    // The SSE/`<img>` form: identity in the query string.
    let by_query = app
        .client
        .get(app.url(&format!(
            "{}?visitor={}",
            thread.messages[0].attachments[0].url, visitor.token
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(by_query.status(), StatusCode::OK);
    assert_eq!(by_query.text().await.unwrap(), "line 0\n");
    let agent = app.staff("agent@example.com", "agent").await;
    let staff = app
        .call(
            Method::GET,
            &format!("/api/v1/attachments/{}", ids[1]),
            &agent,
            None,
        )
        .await;
    assert_eq!(staff.status(), StatusCode::OK);
    let unsent = app
        .call(
            Method::GET,
            &format!("/api/v1/attachments/{}", ids[2]),
            &agent,
            None,
        )
        .await;
    assert_eq!(
        unsent.status(),
        StatusCode::NOT_FOUND,
        "unsent uploads are the uploader's only"
    );
}

async fn message_floods_get_429_and_nothing_is_lost(app: TestApp) {
    let visitor = Visitor::new(&app).await;
    let thread = visitor.file(&app, &ticket_body("Flood", "question")).await;
    let path = format!("/tickets/{}/messages", thread.ticket.id);
    let mut accepted = Vec::new();
    let mut limited = None;
    for i in 0..30 {
        let res = visitor
            .post(&app, &path, &json!({"body": format!("message {i}")}))
            .await;
        match res.status() {
            StatusCode::CREATED => accepted.push(res.json::<PublicMessage>().await.unwrap().body),
            StatusCode::TOO_MANY_REQUESTS => {
                let retry: u64 = res.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=60).contains(&retry));
                assert_eq!(json_of(res).await["error"]["code"], "rate_limited");
                limited = Some(i);
                break;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(limited.is_some(), "a flood must be limited");
    assert!(accepted.len() >= 5, "normal conversation is not limited");
    let id = staff_id(&app, &thread.ticket.id).await;
    let stored: Vec<String> = app
        .store
        .messages_after(id, 0, false, 1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.author_kind == ayuda_api::Author::User)
        .map(|m| m.body)
        .skip(1)
        .collect();
    assert_eq!(
        stored, accepted,
        "every acknowledged message is stored, in order"
    );
    // Another visitor is not affected.
    let other = Visitor::new(&app).await;
    let theirs = other.file(&app, &ticket_body("Not me", "question")).await;
    let res = other
        .post(
            &app,
            &format!("/tickets/{}/messages", theirs.ticket.id),
            &json!({"body": "hi"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Oversized and malformed messages.
    let huge = other
        .post(
            &app,
            &format!("/tickets/{}/messages", theirs.ticket.id),
            &json!({"body": "x".repeat(20_001)}),
        )
        .await;
    assert_eq!(error_code(huge).await.1, "invalid_input");
    let raw = other
        .request(
            &app,
            Method::POST,
            &format!("/tickets/{}/messages", theirs.ticket.id),
        )
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(raw).await.1, "invalid_json");
    let sneaky = other
        .post(
            &app,
            &format!("/tickets/{}/messages", theirs.ticket.id),
            &json!({"body": "x", "internal": true}),
        )
        .await;
    assert_eq!(sneaky.status(), StatusCode::FORBIDDEN);
    for (field, value) in [
        ("impact", json!("urgent")),
        ("category", json!("nope")),
        ("email", json!("not-mail")),
        ("subject", json!("")),
    ] {
        let mut body = ticket_body("Bad field", "question");
        body[field] = value;
        let res = Visitor::new(&app).await.post(&app, "/tickets", &body).await;
        assert_eq!(
            error_code(res).await,
            (StatusCode::BAD_REQUEST, "invalid_input".into()),
            "{field}"
        );
    }
}

async fn put(app: &TestApp, path: &str, body: Value) -> Value {
    let res = app.call(Method::PUT, path, &app.admin, Some(&body)).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{path}: {:?}",
        res.text().await
    );
    res.json().await.unwrap()
}

async fn user_id(app: &TestApp, token: &str) -> i64 {
    json_of(app.call(Method::GET, "/api/v1/auth/me", token, None).await).await["id"]
        .as_i64()
        .unwrap()
}

async fn routing_rules_and_round_robin(app: TestApp) {
    let b1 = app.staff("billing1@example.com", "agent").await;
    let b2 = app.staff("billing2@example.com", "agent").await;
    let b3 = app.staff("billing3@example.com", "agent").await;
    let vip = app.staff("vip@example.com", "agent").await;
    let (b1, b2, b3, vip) = (
        user_id(&app, &b1).await,
        user_id(&app, &b2).await,
        user_id(&app, &b3).await,
        user_id(&app, &vip).await,
    );
    let admin = user_id(&app, &app.admin).await;
    for id in [b1, b2, b3] {
        put(
            &app,
            &format!("/api/v1/agents/{id}"),
            json!({"groups": ["billing"]}),
        )
        .await;
    }
    put(
        &app,
        &format!("/api/v1/agents/{b3}"),
        json!({"available": false}),
    )
    .await;
    put(
        &app,
        &format!("/api/v1/agents/{admin}"),
        json!({"available": false}),
    )
    .await;
    put(
        &app,
        &format!("/api/v1/agents/{vip}"),
        json!({"groups": ["vip"], "available": true}),
    )
    .await;
    put(
        &app,
        "/api/v1/desk/routing",
        json!([
            {"conditions": [{"user_attribute": {"key": "plan", "value": "enterprise"}}],
             "actions": {"group": "vip", "assignee": vip, "tags": ["enterprise"]}},
            {"conditions": [{"keywords": ["factura", "refund"]}],
             "actions": {"group": "billing", "tags": ["billing-keyword"]}},
            {"conditions": [{"level": {"at_least": "l3"}}, {"language": "es"}],
             "actions": {"group": "urgent", "tags": ["urgente"], "level": "l3"}},
            {"conditions": [{"category": "technical"}],
             "actions": {"tags": ["tech"], "level": "l2"}}
        ]),
    )
    .await;
    let file = |subject: &str, impact: &str, locale: &str, category: &str, attrs: Value| {
        let mut body = ticket_body(subject, impact);
        body["locale"] = json!(locale);
        body["category"] = json!(category);
        body["user_attributes"] = attrs;
        let app = &app;
        async move {
            let thread = Visitor::new(app).await.file(app, &body).await;
            app.store
                .ticket_by_public_id(&thread.ticket.id)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let enterprise = file(
        "Anything",
        "question",
        "en",
        "other",
        json!({"plan": "enterprise"}),
    )
    .await;
    assert_eq!(
        (enterprise.group_key.as_deref(), enterprise.assignee_id),
        (Some("vip"), Some(vip))
    );
    assert_eq!(enterprise.tags, vec!["enterprise"]);
    // Keywords match whole words, ignoring case and accents; round-robin skips b3 (away).
    let mut assigned = Vec::new();
    for subject in [
        "Need a REFUND",
        "Mi factura está mal",
        "Otra factura",
        "refund please",
    ] {
        let t = file(subject, "question", "en", "billing", json!({})).await;
        assert_eq!(t.group_key.as_deref(), Some("billing"), "{subject}");
        assert_eq!(t.tags, vec!["billing-keyword"]);
        assigned.push(t.assignee_id.unwrap());
    }
    assert!(!assigned.contains(&b3));
    assert_ne!(assigned[0], assigned[1]);
    assert_eq!(
        assigned[0], assigned[2],
        "round-robin alternates: {assigned:?}"
    );
    let urgent = file("Todo caído", "blocked", "es", "other", json!({})).await;
    assert_eq!(urgent.group_key.as_deref(), Some("urgent"));
    // Nobody is in "urgent": someone available still gets it.
    assert!(urgent.assignee_id.is_some_and(|a| a != b3 && a != admin));
    let tech = file("Crash", "question", "en", "technical", json!({})).await;
    assert_eq!(
        (tech.level, tech.tags.clone()),
        (ayuda_desk::Level::L2, vec!["tech".to_owned()])
    );
    // Nobody available at all: unassigned, and that is the only way to be unassigned.
    for id in [b1, b2, vip] {
        put(
            &app,
            &format!("/api/v1/agents/{id}"),
            json!({"available": false}),
        )
        .await;
    }
    let nobody = file("Late night", "question", "en", "other", json!({})).await;
    assert_eq!(nobody.assignee_id, None);
    // …until somebody comes back: then it is theirs at once.
    put(
        &app,
        &format!("/api/v1/agents/{b2}"),
        json!({"available": true}),
    )
    .await;
    let waiting = app.store.ticket(nobody.id).await.unwrap().unwrap();
    assert_eq!(waiting.assignee_id, Some(b2));
    // Bad rules are refused and the old ones kept.
    for bad in [
        json!([{"conditions": [{"nope": 1}], "actions": {}}]),
        json!({"rules": []}),
        json!([{"conditions": [], "actions": {"assignee": 999_999}}]),
    ] {
        let res = app
            .call(Method::PUT, "/api/v1/desk/routing", &app.admin, Some(&bad))
            .await;
        assert!(res.status().is_client_error(), "{bad}");
    }
    let rules = json_of(
        app.call(Method::GET, "/api/v1/desk/routing", &app.admin, None)
            .await,
    )
    .await;
    assert_eq!(rules.as_array().unwrap().len(), 4);
}

async fn macros_escalation_and_roles(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let agent_id = user_id(&app, &agent).await;
    // An agent doing admin actions.
    for (method, path, body) in [
        (
            Method::POST,
            "/api/v1/macros",
            json!({"name": "x", "reply": "y"}),
        ),
        (Method::PUT, "/api/v1/desk/routing", json!([])),
        (Method::PUT, "/api/v1/desk/settings/demo", json!({})),
        (Method::GET, "/api/v1/desk/secret/demo", json!(null)),
        (
            Method::PUT,
            &format!("/api/v1/agents/{agent_id}") as &str,
            json!({"groups": ["vip"]}),
        ),
    ] {
        let res = app.call(method, path, &agent, Some(&body)).await;
        assert_eq!(
            error_code(res).await,
            (StatusCode::FORBIDDEN, "forbidden".into()),
            "{path}"
        );
    }
    // …but may set their own availability and name.
    let me = app
        .call(
            Method::PUT,
            &format!("/api/v1/agents/{agent_id}"),
            &agent,
            Some(&json!({"display_name": "Ana (soporte)", "available": true})),
        )
        .await;
    assert_eq!(me.status(), StatusCode::OK);

    let created = app
        .call(
            Method::POST,
            "/api/v1/macros",
            &app.admin,
            Some(&json!({
                "name": "Need details",
                "reply": "Hi {{user.first_name}}, I'm {{agent.name}}. About \"{{ticket.subject}}\": could you send a screenshot? {{unknown}}",
                "set_status": "pending",
                "add_tags": ["needs-info"],
                "set_level": "l2"
            })),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let macro_id = json_of(created).await["id"].as_i64().unwrap();
    let duplicate = app
        .call(
            Method::POST,
            "/api/v1/macros",
            &app.admin,
            Some(&json!({"name": "Need details", "reply": "x"})),
        )
        .await;
    assert_eq!(error_code(duplicate).await.1, "conflict");
    for bad in [
        json!({"name": "", "reply": "x"}),
        json!({"name": "Long", "reply": "x".repeat(20_001)}),
        json!({"name": "Tags", "reply": "x", "add_tags": ["<script>"]}),
        json!({"name": "Back", "reply": "x", "set_status": "new"}),
        json!({"name": "Odd", "reply": "x", "set_status": "archived"}),
        json!({"name": "Extra", "reply": "x", "surprise": true}),
    ] {
        let res = app
            .call(Method::POST, "/api/v1/macros", &app.admin, Some(&bad))
            .await;
        assert!(res.status().is_client_error(), "{bad}");
        assert!(json_of(res).await["error"]["code"].is_string());
    }
    for bad in [
        json!({"groups": ["Not A Key"]}),
        json!({"display_name": ""}),
        json!({"available": "yes"}),
    ] {
        let res = app
            .call(
                Method::PUT,
                &format!("/api/v1/agents/{agent_id}"),
                &app.admin,
                Some(&bad),
            )
            .await;
        assert!(res.status().is_client_error(), "{bad}");
    }
    assert_eq!(
        app.call(
            Method::PUT,
            "/api/v1/agents/999999",
            &app.admin,
            Some(&json!({"available": true}))
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.store.macros().await.unwrap().len(),
        1,
        "refused macros are not stored"
    );

    let visitor = Visitor::new(&app).await;
    let thread = visitor
        .file(
            &app,
            &ticket_body("Export {{user.email}} fails", "question"),
        )
        .await;
    let id = staff_id(&app, &thread.ticket.id).await;
    let applied = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/macros/{macro_id}"),
            &agent,
            None,
        )
        .await;
    assert_eq!(
        applied.status(),
        StatusCode::OK,
        "{:?}",
        applied.text().await
    );
    let detail = json_of(applied).await;
    assert_eq!(detail["ticket"]["status"], "pending");
    assert_eq!(detail["ticket"]["level"], "l2");
    assert_eq!(detail["ticket"]["tags"], json!(["needs-info"]));
    let last = detail["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        last["body"],
        "Hi Ana, I'm Ana (soporte). About \"Export {{user.email}} fails\": could you send a screenshot? {{unknown}}"
    );
    assert_eq!(
        app.call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/macros/999999"),
            &agent,
            None
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    // Escalation keeps the tier history with reasons.
    let no_reason = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/escalate"),
            &agent,
            Some(&json!({"reason": "  "})),
        )
        .await;
    assert_eq!(no_reason.status(), StatusCode::BAD_REQUEST);
    let second = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/escalate"),
            &agent,
            Some(&json!({"reason": "Needs a developer"})),
        )
        .await;
    assert_eq!(json_of(second).await["ticket"]["tier"], "second_line");
    let down = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/escalate"),
            &agent,
            Some(&json!({"reason": "x", "tier": "first_line"})),
        )
        .await;
    assert_eq!(
        error_code(down).await,
        (StatusCode::CONFLICT, "invalid_state".into())
    );
    let third = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/escalate"),
            &agent,
            Some(&json!({"reason": "Bug in R&D", "tier": "third_line", "group": "rnd"})),
        )
        .await;
    let detail = json_of(third).await;
    assert_eq!(detail["ticket"]["tier"], "third_line");
    assert_eq!(detail["ticket"]["group"], "rnd");
    let reasons: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "escalated")
        .map(|e| e["detail"]["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, vec!["Needs a developer", "Bug in R&D"]);
    let top = app
        .call(
            Method::POST,
            &format!("/api/v1/tickets/{id}/escalate"),
            &agent,
            Some(&json!({"reason": "more"})),
        )
        .await;
    assert_eq!(error_code(top).await.1, "invalid_state");
    // The user never sees the internal escalation notes.
    let public = json_of(
        visitor
            .get(&app, &format!("/tickets/{}", thread.ticket.id))
            .await,
    )
    .await;
    assert!(!public.to_string().contains("Needs a developer"));

    // Assign, tags and bad patches.
    let patched = app
        .call(Method::PATCH, &format!("/api/v1/tickets/{id}"), &agent, Some(&json!({"assignee_id": agent_id, "add_tags": ["VIP"], "remove_tags": ["needs-info"]})))
        .await;
    let detail = json_of(patched).await;
    assert_eq!(detail["ticket"]["assignee_id"], agent_id);
    assert_eq!(detail["ticket"]["tags"], json!(["vip"]));
    for bad in [
        json!({"assignee_id": 999_999}),
        json!({"add_tags": ["<b>x</b>"]}),
        json!({"level": "l9"}),
        json!({"status": "nope"}),
        json!({"unknown": 1}),
    ] {
        let res = app
            .call(
                Method::PATCH,
                &format!("/api/v1/tickets/{id}"),
                &agent,
                Some(&bad),
            )
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        app.call(Method::GET, "/api/v1/tickets/999999", &agent, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn sla_fields_and_inbox_filters(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    // Always open, one-hour first response for L3.
    let mut settings = json_of(
        app.call(Method::GET, "/api/v1/desk/settings/demo", &agent, None)
            .await,
    )
    .await;
    settings["hours"]["time_zone"] = json!("Europe/Madrid");
    settings["hours"]["weekly"] = json!([
        [["00:00", "00:00"]],
        [["00:00", "00:00"]],
        [["00:00", "00:00"]],
        [["00:00", "00:00"]],
        [["00:00", "00:00"]],
        [["00:00", "00:00"]],
        [["00:00", "00:00"]]
    ]);
    put(&app, "/api/v1/desk/settings/demo", settings.clone()).await;
    let mut bad = settings.clone();
    bad["hours"]["time_zone"] = json!("Mars/Base");
    let res = app
        .call(
            Method::PUT,
            "/api/v1/desk/settings/demo",
            &app.admin,
            Some(&bad),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let support = json_of(app.get("/api/v1/sites/demo/support?locale=en").await).await;
    assert_eq!(support["available"], true);
    assert_eq!(support["expectations"][0]["level"], "l3");
    assert_eq!(
        support["expectations"][0]["message"],
        "Usually within 1 hour"
    );

    let visitor = Visitor::new(&app).await;
    let urgent = visitor.file(&app, &ticket_body("Down", "blocked")).await;
    let question = visitor
        .file(&app, &ticket_body("Question about tags", "question"))
        .await;
    let urgent_id = staff_id(&app, &urgent.ticket.id).await;
    let question_id = staff_id(&app, &question.ticket.id).await;
    let t = app.store.ticket(urgent_id).await.unwrap().unwrap();
    let due = t.sla.first_response_due.unwrap();
    assert!(
        (due - t.created_at - 3_600_000).abs() < 1000,
        "1 h in business time that is always open"
    );
    assert_eq!(t.sla.next_due, Some(due));

    let inbox = |query: &'static str| {
        let app = &app;
        let agent = agent.clone();
        async move {
            let page = json_of(
                app.call(
                    Method::GET,
                    &format!("/api/v1/tickets?{query}"),
                    &agent,
                    None,
                )
                .await,
            )
            .await;
            page["tickets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        inbox("").await,
        vec![urgent_id, question_id],
        "sorted by SLA due time"
    );
    assert_eq!(inbox("level=l1").await, vec![question_id]);
    assert_eq!(inbox("q=TAGS").await, vec![question_id]);
    assert_eq!(inbox("per_page=1&page=2").await, vec![question_id]);
    assert_eq!(inbox("site=other").await, Vec::<i64>::new());
    assert!(inbox("sla=breached").await.is_empty());
    // The first reply stops the first-response clock; pending pauses resolution.
    app.call(
        Method::POST,
        &format!("/api/v1/tickets/{urgent_id}/messages"),
        &agent,
        Some(&json!({"body": "Looking", "status": "pending"})),
    )
    .await;
    let t = app.store.ticket(urgent_id).await.unwrap().unwrap();
    assert!(t.first_response_at.is_some());
    assert_eq!(
        (t.sla.resolution_due, t.sla.next_due),
        (None, None),
        "paused while pending"
    );
    assert_eq!(inbox("status=pending").await, vec![urgent_id]);
    // Time passes: a running clock past its due time is a breach, kept on the ticket.
    let mut late = app.store.ticket(question_id).await.unwrap().unwrap().sla;
    late.first_response_due = Some(1);
    late.next_due = Some(1);
    late.due_soon_at = Some(0);
    app.store.set_sla(question_id, &late).await.unwrap();
    assert_eq!(inbox("sla=breached").await, vec![question_id]);
    app.store
        .record_breaches(ayuda_store::now_ms())
        .await
        .unwrap();
    assert_eq!(
        app.store
            .ticket(question_id)
            .await
            .unwrap()
            .unwrap()
            .sla
            .breached
            & 1,
        1
    );
    for bad in [
        "sla=late",
        "sort=random",
        "per_page=0",
        "page=-1",
        "status=lost",
        "assignee=bob",
    ] {
        let res = app
            .call(Method::GET, &format!("/api/v1/tickets?{bad}"), &agent, None)
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

async fn metrics_on_a_known_data_set(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let visitor = Visitor::new(&app).await;
    let mut ids = Vec::new();
    for (subject, impact) in [
        ("One", "blocked"),
        ("Two", "question"),
        ("Three", "question"),
    ] {
        let thread = visitor.file(&app, &ticket_body(subject, impact)).await;
        ids.push((
            thread.ticket.id.clone(),
            staff_id(&app, &thread.ticket.id).await,
        ));
    }
    // One solved at the first reply with good CSAT; one solved after two replies; one open.
    let reply = |id: i64, body: Value| {
        let app = &app;
        let agent = agent.clone();
        async move {
            let res = app
                .call(
                    Method::POST,
                    &format!("/api/v1/tickets/{id}/messages?time_spent_seconds=600"),
                    &agent,
                    Some(&body),
                )
                .await;
            assert_eq!(res.status(), StatusCode::CREATED);
        }
    };
    reply(ids[0].1, json!({"body": "Done", "status": "solved"})).await;
    visitor
        .post(
            &app,
            &format!("/tickets/{}/csat", ids[0].0),
            &json!({"rating": "good"}),
        )
        .await;
    reply(ids[1].1, json!({"body": "Which invoice?"})).await;
    reply(ids[1].1, json!({"body": "Fixed", "status": "solved"})).await;
    visitor
        .post(
            &app,
            &format!("/tickets/{}/csat", ids[1].0),
            &json!({"rating": "bad"}),
        )
        .await;
    let article = app
        .create_article(&serde_json::from_value(json!({"title": "Refunds", "slug": "refunds", "locale": "en", "body": "How to refund."})).unwrap())
        .await;
    app.call(
        Method::POST,
        &format!("/api/v1/articles/{}/publish", article.id),
        &app.admin,
        None,
    )
    .await;
    let deflected = app
        .client
        .post(app.url("/api/v1/sites/demo/deflections"))
        .json(&json!({"slug": "refunds", "locale": "en", "query": "refund"}))
        .send()
        .await
        .unwrap();
    assert_eq!(deflected.status(), StatusCode::NO_CONTENT);
    let unknown = app
        .client
        .post(app.url("/api/v1/sites/demo/deflections"))
        .json(&json!({"slug": "no-such-article", "locale": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let m = json_of(app.call(Method::GET, "/api/v1/metrics", &agent, None).await).await;
    let overall = &m["overall"];
    assert_eq!(overall["tickets"], 3);
    assert_eq!(overall["deflections"], 1);
    assert_eq!(overall["deflection_rate"], 0.25);
    assert_eq!(overall["volume_by_level"]["l3"], 1);
    assert_eq!(overall["volume_by_level"]["l1"], 2);
    assert_eq!(overall["volume_by_channel"]["widget"], 3);
    assert_eq!(overall["csat_rate"], 0.5);
    assert_eq!(overall["first_contact_resolution_rate"], 0.5);
    assert_eq!(overall["average_handle_time_minutes"], 15.0);
    assert_eq!(overall["first_response"]["calendar"]["count"], 2);
    assert_eq!(overall["resolution"]["calendar"]["count"], 2);
    assert_eq!(m["backlog"], 1);
    assert_eq!(m["by_day"].as_array().unwrap().len(), 1);
    let bad = app
        .call(Method::GET, "/api/v1/metrics?from=yesterday", &agent, None)
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let reversed = app
        .call(
            Method::GET,
            "/api/v1/metrics?from=2026-02-01&to=2026-01-01",
            &agent,
            None,
        )
        .await;
    assert_eq!(reversed.status(), StatusCode::BAD_REQUEST);
}

/// PostgreSQL scale-out: a widget subscribed on one node gets the reply an agent posts through
/// another node (LISTEN/NOTIFY), with nothing lost or repeated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_reach_subscribers_on_another_node() {
    let Some(app) = spawn_app_on(Db::Postgres).await else {
        return;
    };
    let agent = app.staff("agent@example.com", "agent").await;
    let visitor = Visitor::new(&app).await;
    let thread = visitor
        .file(&app, &ticket_body("Two nodes", "question"))
        .await;
    let id = staff_id(&app, &thread.ticket.id).await;
    let (other_base, _dir) = spawn_node(&app.database_url).await;
    let node_b = app.via(other_base);
    let last = thread.messages.last().unwrap().id;
    let mut on_b = Sse::open(&node_b, &visitor, &thread.ticket.id, Some(last)).await;
    // Give node B's LISTEN connection a moment to be up (it starts with the node).
    tokio::time::sleep(Duration::from_millis(300)).await;
    for i in 0..5 {
        let res = app
            .call(
                Method::POST,
                &format!("/api/v1/tickets/{id}/messages"),
                &agent,
                Some(&json!({"body": format!("reply {i}")})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let mut seen = Vec::new();
    while seen.len() < 5 {
        let (_, message) = on_b
            .next("message", Duration::from_secs(3))
            .await
            .expect("reply through node B");
        seen.push(message["body"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        seen,
        (0..5).map(|i| format!("reply {i}")).collect::<Vec<_>>()
    );
}

/// Two agents on one ticket: a reply sent after a newer message from the user or the other
/// agent is held by the server (409 `newer_messages`, nothing stored) until the agent has seen
/// it; the agent's own messages and the bot's never hold it.
async fn a_reply_after_a_newer_message_is_held(app: TestApp) {
    let ana = app.staff("ana@example.com", "agent").await;
    let bea = app.staff("bea@example.com", "agent").await;
    let visitor = Visitor::new(&app).await;
    let thread = visitor
        .file(&app, &ticket_body("Cannot export", "question"))
        .await;
    let id = staff_id(&app, &thread.ticket.id).await;
    let path = format!("/api/v1/tickets/{id}/messages");
    let newest = |app: &TestApp| {
        let app = app.store.clone();
        async move {
            app.messages_after(id, 0, true, 1000)
                .await
                .unwrap()
                .last()
                .unwrap()
                .id
        }
    };
    // Ana has seen everything (the user's message and the bot's reply).
    let seen = newest(&app).await;
    let reply = |token: &str, body: &str, seen: Option<i64>| {
        let app = &app;
        let path = path.clone();
        let mut json = json!({"body": body});
        if let Some(seen) = seen {
            json["seen_up_to"] = json!(seen);
        }
        let token = token.to_owned();
        async move { app.post_json(&path, &token, &json).await }
    };
    let res = reply(&ana, "Looking into it", Some(seen)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Her own message does not hold her next one.
    let res = reply(&ana, "One more thing", Some(seen)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Bea, who saw only up to the user's first message, is held: Ana wrote since.
    let res = reply(&bea, "Hi! Try again", Some(seen)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "newer_messages");
    assert!(body["error"]["message"].as_str().unwrap().contains('2'));
    // The user writes: Ana, who had seen her own messages, is held too.
    let mine = newest(&app).await;
    let res = visitor
        .post(
            &app,
            &format!("/tickets/{}/messages", thread.ticket.id),
            &json!({"body": "Still broken"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = reply(&ana, "Fixed now", Some(mine)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Nothing held was stored.
    let bodies: Vec<String> = app
        .store
        .messages_after(id, 0, true, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.body)
        .collect();
    assert!(
        !bodies
            .iter()
            .any(|b| b == "Hi! Try again" || b == "Fixed now"),
        "{bodies:?}"
    );
    // Having read it, she sends; an internal note is held the same way; without
    // `seen_up_to` a reply is never held (scripts, the CLI).
    let res = reply(&ana, "Fixed now", Some(newest(&app).await)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = reply(&bea, "No guard", None).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post_json(
            &path,
            &ana,
            &json!({"body": "note", "internal": true, "seen_up_to": seen}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    for bad in [json!("7"), json!(1.5), json!([1])] {
        let res = app
            .post_json(&path, &ana, &json!({"body": "x", "seen_up_to": bad}))
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }
    // Two agents answering the same message at once: exactly one of them gets through.
    let seen = newest(&app).await;
    let (a, b) = tokio::join!(
        reply(&ana, "Race A", Some(seen)),
        reply(&bea, "Race B", Some(seen))
    );
    let mut codes = [a.status().as_u16(), b.status().as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [201, 409]);
}
