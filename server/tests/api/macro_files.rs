//! Macros with files over HTTP, on SQLite and PostgreSQL: admins attach files to a macro, agents
//! apply it and the requester receives copies of them; an agent takes a macro's files into a
//! reply of their own; and the bad cases (wrong role, wrong type, too big, too many, another
//! macro's file, another agent's copies, a macro without a reply).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::desk::{Visitor, error_code, json_of, staff_id, ticket_body};
use crate::helpers::TestApp;
use crate::helpers::{Db, spawn_app_on};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

crate::on_both!(
    a_macro_carries_files_to_the_requester,
    macro_files_bad_cases,
    unsent_uploads_are_taken_back_and_purged,
);

async fn upload(
    app: &TestApp,
    token: &str,
    macro_id: i64,
    name: &str,
    data: &[u8],
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/macros/{macro_id}/files?name={name}")))
        .bearer_auth(token)
        .body(data.to_vec())
        .send()
        .await
        .unwrap()
}

async fn create_macro(app: &TestApp, name: &str, reply: &str) -> i64 {
    let res = app
        .post_json(
            "/api/v1/macros",
            &app.admin,
            &json!({"name": name, "reply": reply, "set_status": "pending"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let created = json_of(res).await;
    assert_eq!(created["files"], json!([]));
    created["id"].as_i64().unwrap()
}

async fn listed(app: &TestApp, token: &str, macro_id: i64) -> Value {
    let all = json_of(app.call(Method::GET, "/api/v1/macros", token, None).await).await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == macro_id)
        .cloned()
        .unwrap()
}

async fn bytes(res: reqwest::Response) -> (StatusCode, Option<String>, Vec<u8>) {
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, content_type, res.bytes().await.unwrap().to_vec())
}

/// The visitor's copy of the newest message's files.
async fn users_files(app: &TestApp, visitor: &Visitor, public: &str) -> Vec<Value> {
    let thread = json_of(visitor.get(app, &format!("/tickets/{public}")).await).await;
    thread["messages"].as_array().unwrap().last().unwrap()["attachments"]
        .as_array()
        .unwrap()
        .clone()
}

async fn a_macro_carries_files_to_the_requester(app: TestApp) {
    let agent = app.staff("ana@example.com", "agent").await;
    let macro_id = create_macro(
        &app,
        "Export guide",
        "Hi {{user.first_name}}, the guide is attached.",
    )
    .await;
    let res = upload(&app, &app.admin, macro_id, "guide.png", PNG).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let guide = json_of(res).await;
    assert_eq!(guide["content_type"], "image/png");
    assert_eq!(guide["size"], PNG.len());
    let res = upload(&app, &app.admin, macro_id, "steps.pdf", PDF).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Agents see the macro's files, in the order they were added, and can open them.
    let shown = listed(&app, &agent, macro_id).await;
    let names: Vec<&str> = shown["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["guide.png", "steps.pdf"]);
    let url = guide["url"].as_str().unwrap();
    let (status, content_type, data) = bytes(app.call(Method::GET, url, &agent, None).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("image/png"));
    assert_eq!(data, PNG);

    // Applied to a ticket: the reply carries copies, which the requester downloads.
    let visitor = Visitor::new(&app).await;
    let thread = visitor
        .file(&app, &ticket_body("Export my invoices", "question"))
        .await;
    let public = thread.ticket.id.clone();
    let id = staff_id(&app, &public).await;
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{id}/macros/{macro_id}"),
            &agent,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{:?}", res.text().await);
    let files = users_files(&app, &visitor, &public).await;
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["name"], "guide.png");
    assert_eq!(files[1]["name"], "steps.pdf");
    assert_ne!(
        files[0]["id"], guide["id"],
        "the ticket gets a copy, not the macro's file"
    );
    let path = files[1]["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("/api/v1/sites/demo");
    let (status, _, data) = bytes(visitor.get(&app, path).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(data, PDF);
    // Applied again: new copies; nothing is left pending on the agent.
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{id}/macros/{macro_id}"),
            &agent,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let again = users_files(&app, &visitor, &public).await;
    assert_eq!(again.len(), 2);
    assert_ne!(again[0]["id"], files[0]["id"]);
    let agent_id = json_of(
        app.post_json(
            "/api/v1/agents/me/heartbeat",
            &agent,
            &json!({"active": true}),
        )
        .await,
    )
    .await["user_id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.store
            .pending_uploads(&format!("a:{agent_id}"))
            .await
            .unwrap(),
        0
    );

    // Taken into a reply of the agent's own: copies the agent sends with their words.
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{id}/macros/{macro_id}/files"),
            &agent,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let copies = json_of(res).await;
    let ids: Vec<Value> = copies
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(ids.len(), 2);
    // Another agent cannot send them.
    let bea = app.staff("bea@example.com", "agent").await;
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{id}/messages"),
            &bea,
            &json!({"body": "mine now", "attachments": ids}),
        )
        .await;
    assert!(res.status().is_client_error());
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{id}/messages"),
            &agent,
            &json!({"body": "Only the guide, in my words.", "attachments": [ids[0]]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let sent = users_files(&app, &visitor, &public).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["name"], "guide.png");

    // Removing the macro's file, then the macro, leaves what tickets were sent.
    let res = app.call(Method::DELETE, url, &app.admin, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.call(Method::DELETE, url, &app.admin, None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (status, _, _) = bytes(app.call(Method::GET, url, &agent, None).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        listed(&app, &agent, macro_id).await["files"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/v1/macros/{macro_id}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(app.store.macro_files(macro_id).await.unwrap().is_empty());
    let path = files[0]["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("/api/v1/sites/demo");
    let (status, _, data) = bytes(visitor.get(&app, path).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(data, PNG);
}

async fn macro_files_bad_cases(app: TestApp) {
    let agent = app.staff("ana@example.com", "agent").await;
    let editor = app.staff("eve@example.com", "editor").await;
    let macro_id = create_macro(&app, "Files", "Attached.").await;
    let other = create_macro(&app, "Other", "Also attached.").await;
    // Only admins attach files.
    for token in [&agent, &editor] {
        let res = upload(&app, token, macro_id, "x.png", PNG).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let res = app
        .client
        .post(app.url(&format!("/api/v1/macros/{macro_id}/files?name=x.png")))
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Typed by content: programs refused, markup kept as text, a lying name refused.
    let res = upload(
        &app,
        &app.admin,
        macro_id,
        "tool.exe",
        b"MZ\x90\x00\x03\x00\x00\x00",
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = upload(&app, &app.admin, macro_id, "fake.pdf", PNG).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = upload(
        &app,
        &app.admin,
        macro_id,
        "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.html",
        b"<script>alert(1)</script>",
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let markup = json_of(res).await;
    assert_eq!(markup["content_type"], "text/plain");
    assert!(!markup["name"].as_str().unwrap().contains('<'));
    let (status, content_type, _) = bytes(
        app.call(Method::GET, markup["url"].as_str().unwrap(), &agent, None)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("text/plain; charset=utf-8"));
    // Too big, refused before it is read (on a connection of its own).
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/macros/{macro_id}/files?name=big.png")))
        .bearer_auth(&app.admin)
        .body(vec![0u8; 11 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // No such macro.
    let res = upload(&app, &app.admin, 999_999, "x.png", PNG).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // At most five files a macro, as many as a message carries.
    for n in 1..5 {
        let res = upload(&app, &app.admin, macro_id, &format!("{n}.txt"), b"note").await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = upload(&app, &app.admin, macro_id, "sixth.txt", b"note").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.store.macro_files(macro_id).await.unwrap().len(), 5);
    // A file is only reachable through its own macro; malformed ids are the same 404.
    let file = markup["id"].as_str().unwrap();
    for path in [
        format!("/api/v1/macros/{other}/files/{file}"),
        format!("/api/v1/macros/{macro_id}/files/..%2F..%2Fetc%2Fpasswd"),
        format!("/api/v1/macros/{macro_id}/files/{}", "f".repeat(32)),
    ] {
        let res = app.call(Method::GET, &path, &agent, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let res = app.call(Method::DELETE, &path, &app.admin, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = app
        .call(Method::GET, markup["url"].as_str().unwrap(), &editor, None)
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call(
            Method::DELETE,
            markup["url"].as_str().unwrap(),
            &agent,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Files travel with a reply: a macro without one takes none, and one with files keeps it.
    let res = app
        .post_json(
            "/api/v1/macros",
            &app.admin,
            &json!({"name": "Just solve", "reply": "", "set_status": "solved"}),
        )
        .await;
    let bare = json_of(res).await["id"].as_i64().unwrap();
    let res = upload(&app, &app.admin, bare, "x.png", PNG).await;
    assert_eq!(
        error_code(res).await,
        (StatusCode::BAD_REQUEST, "invalid_input".into())
    );
    let res = app
        .call(
            Method::PUT,
            &format!("/api/v1/macros/{macro_id}"),
            &app.admin,
            Some(&json!({"name": "Files", "reply": "  "})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(listed(&app, &agent, macro_id).await["reply"], "Attached.");
    // Taking a macro's files onto a missing ticket or from a missing macro.
    let visitor = Visitor::new(&app).await;
    let thread = visitor
        .file(&app, &ticket_body("Files please", "question"))
        .await;
    let id = staff_id(&app, &thread.ticket.id).await;
    for path in [
        format!("/api/v1/tickets/999999/macros/{macro_id}/files"),
        format!("/api/v1/tickets/{id}/macros/999999/files"),
    ] {
        let res = app.post_json(&path, &agent, &json!({})).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Five copies four times reach the agent's limit of twenty unsent files.
    let path = format!("/api/v1/tickets/{id}/macros/{macro_id}/files");
    for expected in [
        StatusCode::CREATED,
        StatusCode::CREATED,
        StatusCode::CREATED,
        StatusCode::CREATED,
        StatusCode::TOO_MANY_REQUESTS,
    ] {
        let res = app.post_json(&path, &agent, &json!({})).await;
        assert_eq!(res.status(), expected);
    }
    // The editor is not staff of the desk.
    let res = app.post_json(&path, &editor, &json!({})).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// An agent takes back a file not sent yet (only their own, only unsent), and uploads nobody
/// sent within the purge window go, except those a reply waiting to be sent names.
async fn unsent_uploads_are_taken_back_and_purged(app: TestApp) {
    let ana = app.staff("ana@example.com", "agent").await;
    let bea = app.staff("bea@example.com", "agent").await;
    let macro_id = create_macro(&app, "Guide", "The guide.").await;
    for name in ["a.png", "b.pdf"] {
        let data = if name.ends_with("png") { PNG } else { PDF };
        let res = upload(&app, &app.admin, macro_id, name, data).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let visitor = Visitor::new(&app).await;
    let thread = visitor.file(&app, &ticket_body("Guide?", "question")).await;
    let id = staff_id(&app, &thread.ticket.id).await;
    let copies = json_of(
        app.post_json(
            &format!("/api/v1/tickets/{id}/macros/{macro_id}/files"),
            &ana,
            &json!({}),
        )
        .await,
    )
    .await;
    let first = copies[0]["id"].as_str().unwrap().to_owned();
    let second = copies[1]["id"].as_str().unwrap().to_owned();
    let owner = format!(
        "a:{}",
        json_of(
            app.post_json(
                "/api/v1/agents/me/heartbeat",
                &ana,
                &json!({"active": true})
            )
            .await
        )
        .await["user_id"]
    );
    assert_eq!(app.store.pending_uploads(&owner).await.unwrap(), 2);
    // Bea cannot take Ana's file back; malformed ids are the same 404.
    for (token, file) in [(&bea, first.as_str()), (&ana, "nope"), (&ana, "../etc")] {
        let res = app
            .call(
                Method::DELETE,
                &format!("/api/v1/attachments/{file}"),
                token,
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{file}");
    }
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/v1/attachments/{first}"),
            &ana,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.store.pending_uploads(&owner).await.unwrap(), 1);
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/v1/attachments/{first}"),
            &ana,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // A file taken back cannot be sent.
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{id}/messages"),
            &ana,
            &json!({"body": "x", "attachments": [first]}),
        )
        .await;
    assert!(res.status().is_client_error());
    // The other one waits in a reply scheduled for tomorrow; a third is forgotten.
    let send_at = ayuda_store::now_ms() + 86_400_000;
    let res = app
        .post_json(
            &format!("/api/v1/tickets/{id}/messages"),
            &ana,
            &json!({"body": "Tomorrow.", "attachments": [second], "send_at": send_at}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "{:?}", res.text().await);
    let forgotten = json_of(
        app.post_json(
            &format!("/api/v1/tickets/{id}/macros/{macro_id}/files"),
            &ana,
            &json!({}),
        )
        .await,
    )
    .await;
    let sent = json_of(
        app.post_json(
            &format!("/api/v1/tickets/{id}/messages"),
            &ana,
            &json!({"body": "Now.", "attachments": [forgotten[1]["id"]]}),
        )
        .await,
    )
    .await;
    assert!(sent["messages"].is_array());
    // Nothing is older than the window yet.
    let day = ayuda_server::desk::later::UNSENT_UPLOADS_KEPT_MS;
    assert_eq!(
        app.store
            .purge_unclaimed_uploads(ayuda_store::now_ms() - day)
            .await
            .unwrap(),
        0
    );
    // A day later: the forgotten copy goes; the scheduled reply's file and the sent one stay.
    let purged = app
        .store
        .purge_unclaimed_uploads(ayuda_store::now_ms() + 1000)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    assert_eq!(app.store.pending_uploads(&owner).await.unwrap(), 1);
    assert!(app.store.attachment(&second).await.unwrap().is_some());
    let sent_file = forgotten[1]["id"].as_str().unwrap();
    assert!(app.store.attachment(sent_file).await.unwrap().is_some());
    let gone = forgotten[0]["id"].as_str().unwrap();
    assert!(app.store.attachment(gone).await.unwrap().is_none());
}
