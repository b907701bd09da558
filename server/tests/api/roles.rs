//! Every route of the API, with no session and with each role: a staff route answers 401
//! without a session and 403 to a role it is not for (and changes nothing then), and lets the
//! roles it is for past the check; a public route answers staff exactly as it answers anyone.
//!
//! The table below is checked against the routers' source, so a route added without a line
//! here fails this test.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

/// Who a route is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum For {
    /// No session needed; a staff credential changes nothing.
    Anyone,
    /// Any signed-in staff member.
    Staff,
    /// Editors and admins (the knowledge base).
    Editors,
    /// Agents and admins (tickets).
    Desk,
    Admins,
}

const ROLES: [&str; 3] = ["agent", "editor", "admin"];

impl For {
    fn allows(self, role: &str) -> bool {
        match self {
            For::Anyone | For::Staff => true,
            For::Editors => matches!(role, "editor" | "admin"),
            For::Desk => matches!(role, "agent" | "admin"),
            For::Admins => role == "admin",
        }
    }
}

/// `(method, route as written in the router, a concrete path, who it is for)`. The routes that
/// end the caller's session come last and are called with a fresh sign-in each.
const ROUTES: &[(&str, &str, &str, For)] = &[
    // Staff accounts and tokens.
    ("POST", "/auth/login", "/auth/login", For::Anyone),
    ("POST", "/auth/session", "/auth/session", For::Anyone),
    ("GET", "/auth/me", "/auth/me", For::Staff),
    ("GET", "/auth/sessions", "/auth/sessions", For::Staff),
    ("GET", "/users", "/users", For::Admins),
    ("POST", "/users", "/users", For::Admins),
    ("PATCH", "/users/{id}", "/users/999999", For::Admins),
    (
        "POST",
        "/users/{id}/password",
        "/users/999999/password",
        For::Admins,
    ),
    ("GET", "/audit", "/audit", For::Admins),
    ("PUT", "/auth/password", "/auth/password", For::Staff),
    ("GET", "/auth/2fa", "/auth/2fa", For::Staff),
    (
        "POST",
        "/auth/2fa/totp/confirm",
        "/auth/2fa/totp/confirm",
        For::Staff,
    ),
    (
        "POST",
        "/auth/2fa/totp/disable",
        "/auth/2fa/totp/disable",
        For::Staff,
    ),
    (
        "POST",
        "/auth/2fa/recovery-codes",
        "/auth/2fa/recovery-codes",
        For::Staff,
    ),
    ("POST", "/auth/2fa/totp", "/auth/2fa/totp", For::Staff),
    ("GET", "/security", "/security", For::Admins),
    ("PUT", "/security", "/security", For::Admins),
    (
        "POST",
        "/users/{id}/2fa/reset",
        "/users/999999/2fa/reset",
        For::Admins,
    ),
    ("GET", "/auth/passkeys", "/auth/passkeys", For::Staff),
    ("POST", "/auth/passkeys", "/auth/passkeys", For::Staff),
    (
        "POST",
        "/auth/passkeys/registration",
        "/auth/passkeys/registration",
        For::Staff,
    ),
    (
        "DELETE",
        "/auth/passkeys/{id}",
        "/auth/passkeys/999999",
        For::Staff,
    ),
    (
        "POST",
        "/auth/passkeys/challenge",
        "/auth/passkeys/challenge",
        For::Anyone,
    ),
    ("GET", "/tokens", "/tokens", For::Staff),
    ("POST", "/tokens", "/tokens", For::Staff),
    ("DELETE", "/tokens/{id}", "/tokens/999999", For::Staff),
    // The knowledge base.
    ("GET", "/articles", "/articles", For::Editors),
    ("POST", "/articles", "/articles", For::Editors),
    ("POST", "/articles/bulk", "/articles/bulk", For::Editors),
    (
        "POST",
        "/articles/preview",
        "/articles/preview",
        For::Editors,
    ),
    ("GET", "/articles/{id}", "/articles/1", For::Editors),
    ("PUT", "/articles/{id}", "/articles/1", For::Editors),
    ("DELETE", "/articles/{id}", "/articles/999999", For::Editors),
    (
        "POST",
        "/articles/{id}/publish",
        "/articles/999999/publish",
        For::Editors,
    ),
    (
        "POST",
        "/articles/{id}/unpublish",
        "/articles/999999/unpublish",
        For::Editors,
    ),
    (
        "GET",
        "/articles/{id}/versions",
        "/articles/1/versions",
        For::Editors,
    ),
    (
        "POST",
        "/articles/{id}/versions/{number}/restore",
        "/articles/999999/versions/1/restore",
        For::Editors,
    ),
    (
        "GET",
        "/articles/{id}/schedules",
        "/articles/1/schedules",
        For::Editors,
    ),
    (
        "POST",
        "/articles/{id}/schedules",
        "/articles/1/schedules",
        For::Editors,
    ),
    (
        "DELETE",
        "/articles/{id}/schedules/{schedule}",
        "/articles/1/schedules/999999",
        For::Editors,
    ),
    ("GET", "/translations", "/translations", For::Editors),
    ("GET", "/content-gaps", "/content-gaps", For::Editors),
    ("GET", "/contexts", "/contexts", For::Editors),
    ("POST", "/images", "/images", For::Editors),
    (
        "POST",
        "/articles/{id}/editing",
        "/articles/1/editing",
        For::Editors,
    ),
    (
        "DELETE",
        "/articles/{id}/editing",
        "/articles/1/editing",
        For::Editors,
    ),
    (
        "POST",
        "/articles/{id}/reviewed",
        "/articles/999999/reviewed",
        For::Editors,
    ),
    ("GET", "/reviews", "/reviews", For::Editors),
    ("GET", "/stats/searches", "/stats/searches", For::Editors),
    (
        "GET",
        "/stats/searches/recent",
        "/stats/searches/recent",
        For::Editors,
    ),
    // Sites and the index.
    ("GET", "/sites", "/sites", For::Staff),
    ("POST", "/sites", "/sites", For::Admins),
    ("PUT", "/sites/{site}", "/sites/demo", For::Admins),
    ("POST", "/admin/reindex", "/admin/reindex", For::Admins),
    // The help desk.
    ("GET", "/tickets", "/tickets", For::Desk),
    ("GET", "/tickets/{id}", "/tickets/999999", For::Desk),
    ("PATCH", "/tickets/{id}", "/tickets/999999", For::Desk),
    (
        "POST",
        "/tickets/{id}/messages",
        "/tickets/999999/messages",
        For::Desk,
    ),
    (
        "POST",
        "/tickets/{id}/escalate",
        "/tickets/999999/escalate",
        For::Desk,
    ),
    (
        "POST",
        "/tickets/{id}/macros/{macro_id}",
        "/tickets/999999/macros/1",
        For::Desk,
    ),
    (
        "POST",
        "/tickets/{id}/typing",
        "/tickets/999999/typing",
        For::Desk,
    ),
    (
        "GET",
        "/tickets/{id}/events",
        "/tickets/999999/events",
        For::Desk,
    ),
    (
        "GET",
        "/attachments/{file}",
        "/attachments/missing.png",
        For::Desk,
    ),
    (
        "DELETE",
        "/attachments/{file}",
        "/attachments/missing.png",
        For::Desk,
    ),
    ("GET", "/agents", "/agents", For::Desk),
    // An agent may change only their own profile: this path names someone else.
    ("PUT", "/agents/{id}", "/agents/999999", For::Admins),
    ("GET", "/macros", "/macros", For::Desk),
    ("POST", "/macros", "/macros", For::Admins),
    ("PUT", "/macros/{id}", "/macros/999999", For::Admins),
    ("DELETE", "/macros/{id}", "/macros/999999", For::Admins),
    (
        "POST",
        "/macros/{id}/files",
        "/macros/999999/files",
        For::Admins,
    ),
    (
        "GET",
        "/macros/{id}/files/{file}",
        "/macros/999999/files/0123456789abcdef0123456789abcdef",
        For::Desk,
    ),
    (
        "DELETE",
        "/macros/{id}/files/{file}",
        "/macros/999999/files/0123456789abcdef0123456789abcdef",
        For::Admins,
    ),
    (
        "POST",
        "/tickets/{id}/macros/{macro_id}/files",
        "/tickets/999999/macros/1/files",
        For::Desk,
    ),
    ("GET", "/desk/routing", "/desk/routing", For::Desk),
    ("PUT", "/desk/routing", "/desk/routing", For::Admins),
    (
        "GET",
        "/desk/settings/{site}",
        "/desk/settings/demo",
        For::Desk,
    ),
    (
        "PUT",
        "/desk/settings/{site}",
        "/desk/settings/demo",
        For::Admins,
    ),
    (
        "GET",
        "/desk/secret/{site}",
        "/desk/secret/demo",
        For::Admins,
    ),
    ("GET", "/metrics", "/metrics", For::Desk),
    (
        "POST",
        "/desk/secret/{site}/rotate",
        "/desk/secret/demo/rotate",
        For::Admins,
    ),
    (
        "POST",
        "/desk/routing/test",
        "/desk/routing/test",
        For::Admins,
    ),
    (
        "POST",
        "/desk/settings/{site}/preview",
        "/desk/settings/demo/preview",
        For::Admins,
    ),
    // The agents' workspace.
    ("GET", "/desk/events", "/desk/events", For::Desk),
    ("GET", "/desk/views", "/desk/views", For::Desk),
    ("POST", "/desk/views", "/desk/views", For::Desk),
    (
        "DELETE",
        "/desk/views/{id}",
        "/desk/views/999999",
        For::Desk,
    ),
    ("GET", "/desk/counts", "/desk/counts", For::Desk),
    (
        "POST",
        "/tickets/{id}/viewing",
        "/tickets/999999/viewing",
        For::Desk,
    ),
    (
        "DELETE",
        "/tickets/{id}/viewing",
        "/tickets/999999/viewing",
        For::Desk,
    ),
    (
        "POST",
        "/agents/me/heartbeat",
        "/agents/me/heartbeat",
        For::Desk,
    ),
    (
        "POST",
        "/tickets/{id}/merge",
        "/tickets/999999/merge",
        For::Desk,
    ),
    (
        "POST",
        "/tickets/{id}/split",
        "/tickets/999999/split",
        For::Desk,
    ),
    (
        "POST",
        "/tickets/{id}/attachments",
        "/tickets/999999/attachments",
        For::Desk,
    ),
    (
        "GET",
        "/tickets/{id}/scheduled",
        "/tickets/999999/scheduled",
        For::Desk,
    ),
    (
        "DELETE",
        "/scheduled-replies/{id}",
        "/scheduled-replies/999999",
        For::Desk,
    ),
    (
        "POST",
        "/tickets/{id}/article",
        "/tickets/999999/article",
        For::Desk,
    ),
    // The widget's public API.
    (
        "GET",
        "/sites/{site}/config",
        "/sites/demo/config",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/search",
        "/sites/demo/search?q=factura",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/suggest",
        "/sites/demo/suggest?url=/",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/articles/{slug}",
        "/sites/demo/articles/missing",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/articles/{slug}/votes",
        "/sites/demo/articles/missing/votes",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/support",
        "/sites/demo/support",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/visitors",
        "/sites/nosuchsite/visitors",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/attachments",
        "/sites/demo/attachments",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/attachments/{file}",
        "/sites/demo/attachments/missing.png",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/tickets",
        "/sites/demo/tickets",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/tickets",
        "/sites/demo/tickets",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/tickets/{id}",
        "/sites/demo/tickets/1",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/tickets/{id}/messages",
        "/sites/demo/tickets/1/messages",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/tickets/{id}/read",
        "/sites/demo/tickets/1/read",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/tickets/{id}/typing",
        "/sites/demo/tickets/1/typing",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/tickets/{id}/csat",
        "/sites/demo/tickets/1/csat",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/tickets/{id}/events",
        "/sites/demo/tickets/1/events",
        For::Anyone,
    ),
    (
        "GET",
        "/sites/{site}/tickets/{id}/attachments/{file}",
        "/sites/demo/tickets/1/attachments/missing.png",
        For::Anyone,
    ),
    (
        "POST",
        "/sites/{site}/deflections",
        "/sites/demo/deflections",
        For::Anyone,
    ),
    // Metrics' forecast and database backups.
    ("GET", "/metrics/forecast", "/metrics/forecast", For::Desk),
    ("GET", "/admin/backups", "/admin/backups", For::Admins),
    ("POST", "/admin/backups", "/admin/backups", For::Admins),
    (
        "GET",
        "/admin/backups/{name}",
        "/admin/backups/ayuda-20200101T000000Z.sqlite",
        For::Admins,
    ),
    // Last: these end the caller's session.
    ("GET", "/auth/session", "/auth/session", For::Staff),
    ("POST", "/auth/logout", "/auth/logout", For::Staff),
    ("DELETE", "/auth/session", "/auth/session", For::Staff),
    ("DELETE", "/auth/sessions", "/auth/sessions", For::Staff),
];

/// The API's routers, as written: `(METHOD, route)` for every `.route("…", get(…).post(…))`.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut found = BTreeSet::new();
    // The modules merged into the router nested under /api/v1, read from `routes/mod.rs` (the
    // others serve pages and files, not the API).
    let mod_rs = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let start = mod_rs.find("let public =").unwrap();
    let end = mod_rs.find(".nest(\"/api/v1\"").unwrap();
    let mut api_modules: Vec<&str> = Vec::new();
    let mut wiring = &mod_rs[start..end];
    while let Some(at) = wiring.find("router()") {
        let before = wiring[..at].trim_end_matches("api_").trim_end_matches("::");
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        api_modules.push(&before[name_start..]);
        wiring = &wiring[at + "router()".len()..];
    }
    assert!(api_modules.len() > 15, "{api_modules:?}");
    for module in api_modules {
        let source = std::fs::read_to_string(dir.join(format!("{module}.rs"))).unwrap();
        let mut rest = source.as_str();
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let Some(open) = rest.find('"') else { break };
            let Some(close) = rest[open + 1..].find('"') else {
                break;
            };
            let route = rest[open + 1..open + 1 + close].to_owned();
            // The handlers: up to the parenthesis closing `.route(`.
            let mut depth = 1;
            let mut end = open + close + 2;
            for (i, c) in rest[end..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end += i;
                    break;
                }
            }
            let handlers = &rest[open + close + 2..end];
            let mut depth = 0;
            let mut word = String::new();
            for c in handlers.chars() {
                match c {
                    '(' => {
                        let verb =
                            ["get", "post", "put", "patch", "delete"].contains(&word.as_str());
                        if depth == 0 && verb {
                            found.insert((word.to_uppercase(), route.clone()));
                        }
                        depth += 1;
                        word.clear();
                    }
                    ')' => depth -= 1,
                    c if depth == 0 && c.is_ascii_alphabetic() => word.push(c),
                    _ if depth == 0 => word.clear(),
                    _ => {}
                }
            }
            rest = &rest[end..];
        }
    }
    found
}

#[test]
fn the_table_lists_every_route_of_the_api() {
    let in_source = routes_in_source();
    assert!(in_source.len() > 50, "parsed {} routes", in_source.len());
    let in_table: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(method, route, _, _)| ((*method).to_owned(), (*route).to_owned()))
        .collect();
    let missing: Vec<_> = in_source.difference(&in_table).collect();
    let stale: Vec<_> = in_table.difference(&in_source).collect();
    assert!(
        missing.is_empty(),
        "routes without a line in ROUTES: {missing:?}"
    );
    assert!(stale.is_empty(), "lines of ROUTES for no route: {stale:?}");
}

#[tokio::test]
async fn every_route_with_every_role_and_without_a_session() {
    let app = spawn_app().await;
    let mut tokens = vec![("admin", app.admin.clone())];
    for role in ["agent", "editor"] {
        tokens.push((role, app.staff(&format!("{role}@example.com"), role).await));
    }
    // An article for the routes that name one.
    let article = app
        .create_article(&crate::helpers::article("Crear una factura", "Pasos."))
        .await;

    let mut failures = Vec::new();
    let ends_session = |method: &str, route: &str| {
        matches!(
            (method, route),
            ("POST", "/auth/logout") | ("DELETE", "/auth/session" | "/auth/sessions")
        )
    };
    for &(method_name, route, path, who) in ROUTES {
        if ends_session(method_name, route) {
            tokens = vec![
                (
                    "admin",
                    app.login("admin@example.com", "admin-password-123").await,
                ),
                (
                    "agent",
                    app.login("agent@example.com", "a-long-password").await,
                ),
                (
                    "editor",
                    app.login("editor@example.com", "a-long-password").await,
                ),
            ];
        }
        let method = Method::from_bytes(method_name.as_bytes()).unwrap();
        let url = app.url(&format!("/api/v1{path}"));
        let send = |token: Option<&str>| {
            let mut request = app.client.request(method.clone(), &url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if method != Method::GET {
                request = request.json(&json!({}));
            }
            async move {
                let res = request.send().await.unwrap();
                res.status()
            }
        };
        let anonymous = send(None).await;
        if who != For::Anyone && anonymous != StatusCode::UNAUTHORIZED {
            failures.push(format!("{method} {route}: {anonymous} without a session"));
        }
        for role in ROLES {
            let token = tokens
                .iter()
                .find(|(name, _)| *name == role)
                .map(|(_, token)| token.clone());
            let status = send(token.as_deref()).await;
            let ok = match who {
                // Staff credentials neither open nor close a public route.
                For::Anyone => status == anonymous,
                _ if who.allows(role) => {
                    !matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                }
                _ => status == StatusCode::FORBIDDEN,
            };
            if !ok {
                failures.push(format!("{method} {route} as {role}: {status} ({who:?})"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The refused and empty writes changed nothing: no account added, the article as it was.
    assert_eq!(app.store.users().await.unwrap().len(), 3);
    let stored = app.store.article(article.id).await.unwrap().unwrap();
    assert_eq!(stored.content.title, "Crear una factura");
    assert_eq!(stored.content.body, "Pasos.");
}
