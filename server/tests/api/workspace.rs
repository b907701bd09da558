//! The agents' workspace over HTTP, on SQLite and PostgreSQL: the staff's event stream, who is
//! on a ticket, saved views and counts, merge and split, replies sent later, files on agents'
//! replies, an answer turned into an article, presence and capacity, and the admins' new
//! settings (routing test, hours preview, secret rotation, the launcher's look) — with their
//! bad cases.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::desk::{Visitor, error_code, json_of, staff_id, ticket_body};
use crate::helpers::{Db, TestApp, spawn_app_on};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

crate::on_both!(
    the_staff_stream_says_which_ticket_changed,
    viewers_views_and_counts,
    merge_and_split,
    replies_sent_later_go_once,
    files_on_replies_and_answers_into_articles,
    presence_and_capacity,
    admins_preview_test_and_rotate,
);

/// The staff's SSE stream, read event by event.
struct DeskStream {
    response: reqwest::Response,
    buffer: String,
}

impl DeskStream {
    async fn open(app: &TestApp, token: &str) -> DeskStream {
        let response = app
            .call(Method::GET, "/api/v1/desk/events", token, None)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        DeskStream {
            response,
            buffer: String::new(),
        }
    }

    /// The data of the next `event: ticket` about `ticket`.
    async fn next_about(&mut self, ticket: i64) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = "";
                let mut data = "";
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = v.trim();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data = v.trim();
                    }
                }
                if event == "ticket" {
                    let value: Value = serde_json::from_str(data).unwrap();
                    if value["ticket"] == ticket {
                        return Some(value);
                    }
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

async fn file_ticket(app: &TestApp, visitor: &Visitor, subject: &str) -> (i64, String) {
    let thread = visitor.file(app, &ticket_body(subject, "question")).await;
    (staff_id(app, &thread.ticket.id).await, thread.ticket.id)
}

async fn the_staff_stream_says_which_ticket_changed(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let editor = app.staff("editor@example.com", "editor").await;
    // Forged or foreign requests get nothing.
    let res = app
        .client
        .get(app.url("/api/v1/desk/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .call(Method::GET, "/api/v1/desk/events", "forged-token", None)
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .client
        .get(app.url("/api/v1/desk/events"))
        .header("cookie", "ayuda_session=forged")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .call(Method::GET, "/api/v1/desk/events", &editor, None)
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let mut stream = DeskStream::open(&app, &agent).await;
    let visitor = Visitor::new(&app).await;
    let (id, public) = file_ticket(&app, &visitor, "Stream me").await;
    let event = stream.next_about(id).await.expect("created");
    assert_eq!(event["kind"], "created");
    // The user writes, then an agent changes the ticket.
    let res = visitor
        .post(
            &app,
            &format!("/tickets/{public}/messages"),
            &json!({"body": "More <b>details</b>"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let event = stream.next_about(id).await.expect("message");
    assert!(matches!(event["kind"].as_str(), Some("message" | "posted")));
    // Only the id and the kind travel: no text of the ticket.
    assert_eq!(event.as_object().unwrap().len(), 2);
    let res = app
        .call(
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            &agent,
            Some(&json!({"level": "l2"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        stream.next_about(id).await.expect("change")["kind"],
        "ticket"
    );
}

async fn viewers_views_and_counts(app: TestApp) {
    let ana = app.staff("ana@example.com", "agent").await;
    let bea = app.staff("bea@example.com", "agent").await;
    let visitor = Visitor::new(&app).await;
    let (id, _) = file_ticket(&app, &visitor, "Who is here").await;
    let viewing = format!("/api/v1/tickets/{id}/viewing");
    let res = app
        .post_json(&viewing, &ana, &json!({"typing": true}))
        .await;
    assert_eq!(json_of(res).await["viewers"], json!([]));
    let seen = json_of(app.post_json(&viewing, &bea, &json!({})).await).await;
    let viewers = seen["viewers"].as_array().unwrap();
    assert_eq!(viewers.len(), 1);
    assert_eq!(viewers[0]["name"], "ana");
    assert_eq!(viewers[0]["typing"], true);
    let seen = json_of(
        app.post_json(&viewing, &ana, &json!({"typing": false}))
            .await,
    )
    .await;
    assert_eq!(seen["viewers"][0]["name"], "bea");
    // Bea leaves: Ana is alone.
    let res = app.call(Method::DELETE, &viewing, &bea, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let seen = json_of(app.post_json(&viewing, &ana, &json!({})).await).await;
    assert_eq!(seen["viewers"], json!([]));
    let res = app
        .post_json("/api/v1/tickets/999999/viewing", &ana, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post_json(&viewing, &ana, &json!({"typing": "yes"}))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Saved views: bad queries are refused, good ones counted.
    for bad in [
        json!({"name": "x", "query": "status=nonsense"}),
        json!({"name": "x", "query": "colour=red"}),
        json!({"name": "", "query": "status=open"}),
        json!({"name": "x", "query": "q=".to_owned() + &"a".repeat(2000)}),
    ] {
        let res = app.post_json("/api/v1/desk/views", &ana, &bad).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let res = app
        .post_json(
            "/api/v1/desk/views",
            &ana,
            &json!({"name": "<b>L2</b> billing", "query": "?view=saved&level=l2&tag=billing"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let view = json_of(res).await;
    assert_eq!(view["name"], "<b>L2</b> billing");
    assert_eq!(view["query"], "view=saved&level=l2&tag=billing");
    let (_, _) = file_ticket(&app, &visitor, "Another one").await;
    let res = app
        .call(
            Method::PATCH,
            &format!("/api/v1/tickets/{id}"),
            &ana,
            Some(&json!({"level": "l2", "add_tags": ["billing"], "assignee_id": 0, "group": "billing"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let counts = json_of(
        app.call(Method::GET, "/api/v1/desk/counts", &ana, None)
            .await,
    )
    .await;
    assert_eq!(counts["all"], 2);
    assert!(counts["unassigned"].as_i64().unwrap() >= 1);
    assert_eq!(counts["saved"], json!([{"id": view["id"], "count": 1}]));
    // Per level (every level, zero included) and per group, unsolved tickets only.
    assert_eq!(counts["levels"], json!({"l1": 1, "l2": 1, "l3": 0}));
    assert_eq!(counts["groups"], json!({"billing": 1}));
    // Bea neither sees nor deletes Ana's view.
    let views = json_of(
        app.call(Method::GET, "/api/v1/desk/views", &bea, None)
            .await,
    )
    .await;
    assert_eq!(views, json!([]));
    let path = format!("/api/v1/desk/views/{}", view["id"]);
    let res = app.call(Method::DELETE, &path, &bea, None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.call(Method::DELETE, &path, &ana, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

async fn merge_and_split(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let visitor = Visitor::new(&app).await;
    let (first, first_public) = file_ticket(&app, &visitor, "Invoice broken").await;
    let (second, _) = file_ticket(&app, &visitor, "Invoice still broken").await;
    let stranger = Visitor::new(&app).await;
    let mut other = ticket_body("Someone else", "question");
    other["email"] = json!("someone@example.org");
    let thread = stranger.file(&app, &other).await;
    let foreign = staff_id(&app, &thread.ticket.id).await;

    let merge = |from: i64, into: Value| {
        let app = &app;
        let agent = agent.clone();
        async move {
            app.post_json(
                &format!("/api/v1/tickets/{from}/merge"),
                &agent,
                &json!({ "into": into }),
            )
            .await
        }
    };
    // Across two requesters: refused, nothing moved.
    let res = merge(second, json!(foreign)).await;
    assert_eq!(
        error_code(res).await,
        (StatusCode::CONFLICT, "invalid_state".into())
    );
    assert_eq!(
        merge(second, json!(second)).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        merge(second, json!("x")).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        merge(second, json!(999_999)).await.status(),
        StatusCode::NOT_FOUND
    );
    let before = app
        .store
        .messages_after(second, 0, true, 100)
        .await
        .unwrap()
        .len();
    assert!(before > 0);
    // The second ticket goes into the first: its messages move, it is closed with a link.
    let res = merge(second, json!(first)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let detail = json_of(res).await;
    assert_eq!(detail["ticket"]["id"], first);
    let bodies: Vec<&str> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(bodies.iter().any(|b| b.contains(&format!("#{second}"))));
    assert!(
        detail["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "merged")
    );
    let ids: Vec<i64> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order");
    let closed = json_of(
        app.call(
            Method::GET,
            &format!("/api/v1/tickets/{second}"),
            &agent,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(closed["ticket"]["status"], "closed");
    assert_eq!(
        closed["messages"].as_array().unwrap().len(),
        1,
        "only the link stays"
    );
    assert_eq!(app.store.merged_into(second).await.unwrap(), Some(first));
    // Merging it again is refused.
    assert_eq!(
        merge(second, json!(first)).await.status(),
        StatusCode::CONFLICT
    );
    // The requester sees the whole conversation on the first ticket.
    let thread: Value = json_of(visitor.get(&app, &format!("/tickets/{first_public}")).await).await;
    assert!(thread["messages"].as_array().unwrap().len() >= before);

    // Split the user's message into a new ticket.
    let res = visitor
        .post(
            &app,
            &format!("/tickets/{first_public}/messages"),
            &json!({"body": "Also: my password reset mail never came\nIt is urgent"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let message = json_of(res).await["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{first}/split"),
            &agent,
            &json!({"message_id": message}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let split = json_of(res).await;
    assert_ne!(split["ticket"]["id"], first);
    assert_eq!(
        split["ticket"]["subject"],
        "Also: my password reset mail never came"
    );
    assert_eq!(split["ticket"]["email"], "ana@example.com");
    assert!(
        split["messages"][0]["body"]
            .as_str()
            .unwrap()
            .contains("It is urgent")
    );
    assert!(split["ticket"]["sla"]["first_response_due"].is_i64());
    // Only the requester's messages split; a message of another ticket is not found.
    let agent_msg = app
        .store
        .messages_after(first, 0, true, 100)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.author_kind != ayuda_api::Author::User)
        .unwrap()
        .id;
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{first}/split"),
            &agent,
            &json!({"message_id": agent_msg}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Hostile ids: not found, never a crash.
    for hostile in [json!(i64::MIN), json!(0), json!(-1), json!(i64::MAX)] {
        let res = app
            .post_json(
                &format!("/api/v1/tickets/{first}/split"),
                &agent,
                &json!({ "message_id": hostile }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{hostile}");
    }
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{foreign}/split"),
            &agent,
            &json!({"message_id": message}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn replies_sent_later_go_once(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let other = app.staff("other@example.com", "agent").await;
    let visitor = Visitor::new(&app).await;
    let (id, public) = file_ticket(&app, &visitor, "Later please").await;
    let path = format!("/api/v1/tickets/{id}/messages");
    let now = ayuda_store::now_ms();
    for bad in [
        json!({"body": "x", "send_at": now - 1000}),
        json!({"body": "x", "send_at": now + 400 * 86_400_000_i64}),
        json!({"body": "x", "send_at": now + 60_000, "status": "solved"}),
        json!({"body": "", "send_at": now + 60_000}),
    ] {
        let res = app.post_json(&path, &agent, &bad).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    // The widget's user cannot schedule.
    let res = visitor
        .post(
            &app,
            &format!("/tickets/{public}/messages"),
            &json!({"body": "x", "send_at": now + 60_000}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // One far away (cancelled), one in two seconds.
    let res = app
        .post_json(
            &path,
            &agent,
            &json!({"body": "Next week", "send_at": now + 7 * 86_400_000}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let far = json_of(res).await;
    let res = app
        .post_json(
            &path,
            &agent,
            &json!({"body": "Good morning <b>Ana</b>", "send_at": now + 2000}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let soon = json_of(res).await;
    assert_eq!(soon["body"], "Good morning <b>Ana</b>");
    let listed = json_of(
        app.call(
            Method::GET,
            &format!("/api/v1/tickets/{id}/scheduled"),
            &agent,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["id"], soon["id"]);
    // Another agent may not cancel it; its author may.
    let cancel = format!("/api/v1/scheduled-replies/{}", far["id"]);
    assert_eq!(
        app.call(Method::DELETE, &cancel, &other, None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(Method::DELETE, &cancel, &agent, None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call(Method::DELETE, &cancel, &agent, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // It is sent once, by the runner.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let sent = app
            .store
            .messages_after(id, 0, true, 100)
            .await
            .unwrap()
            .iter()
            .filter(|m| m.body == "Good morning <b>Ana</b>")
            .count();
        if sent == 1 {
            break;
        }
        assert_eq!(sent, 0);
        assert!(tokio::time::Instant::now() < deadline, "never sent");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Claimed once: no other node (nor this one again) can claim it.
    assert!(
        !app.store
            .claim_reply(soon["id"].as_i64().unwrap())
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let sent = app
        .store
        .messages_after(id, 0, true, 100)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.body == "Good morning <b>Ana</b>")
        .count();
    assert_eq!(sent, 1);
    let listed = json_of(
        app.call(
            Method::GET,
            &format!("/api/v1/tickets/{id}/scheduled"),
            &agent,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(listed, json!([]));
    // Snooze: pending until then, open again after, with a note; bad times refused.
    let patch = format!("/api/v1/tickets/{id}");
    for bad in [
        json!({"snooze_until": now - 1}),
        json!({"snooze_until": now + 60_000, "status": "solved"}),
        json!({"snooze_until": "soon"}),
    ] {
        let res = app.call(Method::PATCH, &patch, &agent, Some(&bad)).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let until = ayuda_store::now_ms() + 1500;
    let res = app
        .call(
            Method::PATCH,
            &patch,
            &agent,
            Some(&json!({"snooze_until": until})),
        )
        .await;
    let detail = json_of(res).await;
    assert_eq!(detail["ticket"]["status"], "pending");
    assert_eq!(detail["ticket"]["snoozed_until"], until);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let ticket = app.store.ticket(id).await.unwrap().unwrap();
        if ticket.status == ayuda_api::Status::Open {
            assert_eq!(ticket.snoozed_until, None);
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "never woke");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The requester got it, and the first-response clock stopped.
    let ticket = app.store.ticket(id).await.unwrap().unwrap();
    assert!(ticket.first_response_at.is_some());
}

async fn files_on_replies_and_answers_into_articles(app: TestApp) {
    let ana = app.staff("ana@example.com", "agent").await;
    let bea = app.staff("bea@example.com", "agent").await;
    let visitor = Visitor::new(&app).await;
    let (id, public) = file_ticket(&app, &visitor, "How do I export invoices?").await;
    // No reply yet: nothing to turn into an article.
    let res = app
        .post_json(&format!("/api/v1/tickets/{id}/article"), &ana, &json!({}))
        .await;
    assert_eq!(
        error_code(res).await,
        (StatusCode::CONFLICT, "invalid_state".into())
    );

    let upload = |token: &str, name: &str, data: Vec<u8>| {
        let app = &app;
        let token = token.to_owned();
        let url = app.url(&format!("/api/v1/tickets/{id}/attachments?name={name}"));
        async move {
            app.client
                .post(url)
                .bearer_auth(token)
                .body(data)
                .send()
                .await
                .unwrap()
        }
    };
    let res = upload(&ana, "steps.png", PNG.to_vec()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let file = json_of(res).await;
    assert_eq!(file["content_type"], "image/png");
    // Markup is kept as plain text, never served as HTML; programs are refused.
    let res = upload(&ana, "evil.html", b"<script>alert(1)</script>".to_vec()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(json_of(res).await["content_type"], "text/plain");
    let res = upload(&ana, "tool.exe", b"MZ\x90\x00\x03\x00\x00\x00".to_vec()).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Too big: refused before it is read (on a connection of its own, which the server closes).
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/tickets/{id}/attachments?name=big.png")))
        .bearer_auth(&ana)
        .body(vec![0u8; 11 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Bea cannot send Ana's file.
    let path = format!("/api/v1/tickets/{id}/messages");
    let res = app
        .post_json(
            &path,
            &bea,
            &json!({"body": "see", "attachments": [file["id"]]}),
        )
        .await;
    assert!(res.status().is_client_error());
    let res = app
        .post_json(
            &path,
            &ana,
            &json!({"body": "Go to **Invoices → Export**.", "attachments": [file["id"]]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let detail = json_of(res).await;
    let last = detail["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["attachments"][0]["name"], "steps.png");
    // The user sees the file.
    let thread: Value = json_of(visitor.get(&app, &format!("/tickets/{public}")).await).await;
    let theirs = thread["messages"].as_array().unwrap().last().unwrap();
    assert_eq!(theirs["attachments"][0]["name"], "steps.png");

    let res = app
        .post_json(&format!("/api/v1/tickets/{id}/article"), &ana, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let article = json_of(res).await;
    assert_eq!(article["status"], "draft");
    assert_eq!(article["title"], "How do I export invoices?");
    assert!(
        article["body"]
            .as_str()
            .unwrap()
            .contains("Invoices → Export")
    );
    // A draft: not in the widget's search.
    assert!(
        app.search("export invoices", "en")
            .await
            .iter()
            .all(|(slug, _)| !slug.contains(&id.to_string()))
    );
}

async fn presence_and_capacity(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    let me = json_of(
        app.post_json(
            "/api/v1/agents/me/heartbeat",
            &agent,
            &json!({"active": true}),
        )
        .await,
    )
    .await;
    assert!(me["last_seen"].is_i64());
    assert_eq!(me["available"], true);
    let agent_id = me["user_id"].as_i64().unwrap();
    let res = app
        .post_json("/api/v1/agents/me/heartbeat", &agent, &json!({"active": 1}))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Agents may not set capacity; admins may, within bounds.
    let path = format!("/api/v1/agents/{agent_id}");
    let res = app
        .call(Method::PUT, &path, &agent, Some(&json!({"capacity": 5})))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call(
            Method::PUT,
            &path,
            &app.admin,
            Some(&json!({"capacity": 5000})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Only this agent can take tickets, one at a time.
    let admin_id = json_of(
        app.call(Method::GET, "/api/v1/agents", &app.admin, None)
            .await,
    )
    .await
    .as_array()
    .unwrap()
    .iter()
    .find(|a| a["role"] == "admin")
    .unwrap()["user_id"]
        .as_i64()
        .unwrap();
    let res = app
        .call(
            Method::PUT,
            &format!("/api/v1/agents/{admin_id}"),
            &app.admin,
            Some(&json!({"available": false})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            Method::PUT,
            &path,
            &app.admin,
            Some(&json!({"capacity": 1})),
        )
        .await;
    assert_eq!(json_of(res).await["capacity"], 1);
    let visitor = Visitor::new(&app).await;
    let (first, _) = file_ticket(&app, &visitor, "One").await;
    let (second, _) = file_ticket(&app, &visitor, "Two").await;
    let first = app.store.ticket(first).await.unwrap().unwrap();
    let second = app.store.ticket(second).await.unwrap().unwrap();
    assert_eq!(first.assignee_id, Some(agent_id));
    assert_eq!(second.assignee_id, None, "over capacity: waits");
    let agents = json_of(app.call(Method::GET, "/api/v1/agents", &agent, None).await).await;
    let row = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user_id"] == agent_id)
        .unwrap()
        .clone();
    assert_eq!(row["open_tickets"], 1);
    // A console gone quiet turns its agent away; one never opened is left alone.
    let now = ayuda_store::now_ms();
    let away = app
        .store
        .turn_idle_agents_away(now + 1, now + 1)
        .await
        .unwrap();
    assert_eq!(away, vec![agent_id]);
    let agents = json_of(app.call(Method::GET, "/api/v1/agents", &agent, None).await).await;
    let row = agents
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user_id"] == agent_id)
        .unwrap()
        .clone();
    assert_eq!(row["available"], false);
}

async fn admins_preview_test_and_rotate(app: TestApp) {
    let agent = app.staff("agent@example.com", "agent").await;
    // Routing: a sample ticket against unsaved rules.
    let rules = json!([{
        "conditions": [{"category": "billing"}],
        "actions": {"group": "billing", "tags": ["money"]}
    }]);
    let sample = json!({"site": "demo", "category": "billing", "language": "en", "subject": "Refund", "body": "Please", "user_attributes": {}});
    let res = app
        .post_json(
            "/api/v1/desk/routing/test",
            &app.admin,
            &json!({"rules": rules, "ticket": sample}),
        )
        .await;
    let status = res.status();
    let routed = json_of(res).await;
    assert_eq!(status, StatusCode::OK, "{routed}");
    assert_eq!(routed["matched_rule"], 0);
    assert_eq!(routed["group"], "billing");
    let res = app
        .post_json(
            "/api/v1/desk/routing/test",
            &agent,
            &json!({"ticket": sample}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.post_json("/api/v1/desk/routing/test", &app.admin, &json!({"rules": [{"conditions": [], "actions": {"group": "Bad Group!"}}], "ticket": sample})).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Hours preview with unsaved settings: closed all week but Monday.
    let mut settings = json_of(
        app.call(Method::GET, "/api/v1/desk/settings/demo", &app.admin, None)
            .await,
    )
    .await;
    let res = app
        .post_json(
            "/api/v1/desk/settings/demo/preview",
            &app.admin,
            &json!({"settings": settings, "level": "l1"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let preview = json_of(res).await;
    assert!(preview["first_response_due"].is_i64());
    assert!(preview["resolution_due"].as_i64() >= preview["first_response_due"].as_i64());
    assert!(!preview["expectation_en"].as_str().unwrap().is_empty());
    assert!(!preview["expectation_es"].as_str().unwrap().is_empty());
    settings["hours"]["time_zone"] = json!("Mars/Olympus");
    let res = app
        .post_json(
            "/api/v1/desk/settings/demo/preview",
            &app.admin,
            &json!({"settings": settings}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Rotating the secret: the old user_hash stops working at once.
    let old = Visitor::identified(&app, "user-42").await;
    assert_eq!(old.get(&app, "/tickets").await.status(), StatusCode::OK);
    let res = app
        .post_json("/api/v1/desk/secret/demo/rotate", &agent, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post_json("/api/v1/desk/secret/demo/rotate", &app.admin, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let secret = json_of(res).await["secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    assert!(old.get(&app, "/tickets").await.status().is_client_error());
    let new = Visitor::identified(&app, "user-42").await;
    assert_eq!(new.get(&app, "/tickets").await.status(), StatusCode::OK);

    // The launcher's look: kept when absent, checked, public in the config.
    let res = app
        .call(Method::PUT, "/api/v1/sites/demo", &app.admin, Some(&json!({"key": "demo", "position": "left", "launcher_text": "¿Dudas? <b>", "brand_color": "#0f766e"})))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            Method::PUT,
            "/api/v1/sites/demo",
            &app.admin,
            Some(&json!({"key": "demo", "brand_color": "#0f766e"})),
        )
        .await;
    let site = json_of(res).await;
    assert_eq!(site["position"], "left");
    assert_eq!(site["launcher_text"], "¿Dudas? <b>");
    for bad in [
        json!({"key": "demo", "position": "top"}),
        json!({"key": "demo", "logo_url": "javascript:alert(1)"}),
        json!({"key": "demo", "logo_url": "//evil.example/x.png"}),
        json!({"key": "demo", "launcher_text": "x".repeat(41)}),
    ] {
        let res = app
            .call(Method::PUT, "/api/v1/sites/demo", &app.admin, Some(&bad))
            .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let (_, config) = app.get_json("/api/v1/sites/demo/config").await;
    assert_eq!(config["position"], "left");
    assert_eq!(config["brand_color"], "#0f766e");
    // `look` tells the loader whether there is more to draw than the colour.
    assert_eq!(config["look"], true);
    for (change, look) in [
        (json!({"launcher_text": ""}), true),
        (json!({"position": "right"}), false),
        (json!({"logo_url": "/media/logo.png"}), true),
        (json!({"logo_url": ""}), false),
        (json!({"launcher_text": "Help"}), true),
    ] {
        let mut body = change.clone();
        body["key"] = json!("demo");
        let res = app
            .call(Method::PUT, "/api/v1/sites/demo", &app.admin, Some(&body))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{change}");
        let (_, config) = app.get_json("/api/v1/sites/demo/config").await;
        assert_eq!(config["look"], look, "{change}");
    }
}
