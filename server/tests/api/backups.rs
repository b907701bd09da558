//! Database backups over HTTP: an admin starts, lists and downloads them; names that are not
//! the server's own never reach a file; every start and download is in the audit log; other
//! roles are refused. On SQLite (a copy that opens as a database) and PostgreSQL (a `pg_dump`
//! when it is installed, a clear refusal when not).

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{Db, TestApp, spawn_app_on};

async fn start(app: &TestApp) -> reqwest::Response {
    app.call(Method::POST, "/api/v1/admin/backups", &app.admin, None)
        .await
}

async fn list(app: &TestApp) -> Vec<Value> {
    let res = app
        .call(Method::GET, "/api/v1/admin/backups", &app.admin, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Vec<Value>>().await.unwrap()
}

/// The audit log's actions, newest first.
async fn audited(app: &TestApp) -> Vec<(String, String)> {
    let res = app
        .call(Method::GET, "/api/v1/audit?action=backup", &app.admin, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            Some((
                e["action"].as_str()?.to_owned(),
                e["target"].as_str()?.to_owned(),
            ))
        })
        .filter(|(action, _)| action.starts_with("backup."))
        .collect()
}

/// The server's data directory (the widget directory is inside it).
fn data_dir(app: &TestApp) -> std::path::PathBuf {
    app.widget_dir.parent().unwrap().to_path_buf()
}

/// A name the server made: `ayuda-YYYYMMDDTHHMMSSZ.<extension>`.
fn is_server_name(name: &str, extension: &str) -> bool {
    let Some(stamp) = name
        .strip_prefix("ayuda-")
        .and_then(|rest| rest.strip_suffix(extension))
    else {
        return false;
    };
    stamp.len() == 16 && &stamp[8..9] == "T" && stamp.ends_with('Z')
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_backs_up_sqlite_lists_and_downloads() {
    let app = spawn_app_on(Db::Sqlite).await.unwrap();
    assert!(list(&app).await.is_empty());

    let res = start(&app).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let name = created["name"].as_str().unwrap().to_owned();
    assert!(is_server_name(&name, ".sqlite"), "{name}");
    assert!(created["bytes"].as_u64().unwrap() > 4096);
    let at: jiff::Timestamp = created["created_at"].as_str().unwrap().parse().unwrap();
    assert!((jiff::Timestamp::now().as_second() - at.as_second()).abs() < 60);
    // No half-written file is left beside it.
    let dir = std::fs::read_dir(data_dir(&app).join("backups")).unwrap();
    let files: Vec<String> = dir
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec![name.clone()]);

    // A second one a second later: newest first.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let second: Value = start(&app).await.json().await.unwrap();
    let listed = list(&app).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], second);
    assert_eq!(listed[1], created);

    let res = app
        .call(
            Method::GET,
            &format!("/api/v1/admin/backups/{name}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let headers = res.headers().clone();
    assert_eq!(headers["content-type"], "application/vnd.sqlite3");
    assert_eq!(
        headers["content-disposition"],
        format!("attachment; filename=\"{name}\"").as_str()
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, created["bytes"].as_u64().unwrap());
    assert_eq!(&bytes[..16], b"SQLite format 3\0");

    // The copy is a whole Ayuda database: it opens, migrated, with the admin in it.
    let copy = tempfile::tempdir().unwrap();
    let file = copy.path().join("copy.db");
    std::fs::write(&file, &bytes).unwrap();
    let store = ayuda_store::Store::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let users = store.users().await.unwrap();
    assert!(users.iter().any(|u| u.email == "admin@example.com"));

    let actions = audited(&app).await;
    let target = format!("backup:{name}");
    assert!(
        actions.contains(&("backup.start".to_owned(), target.clone())),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("backup.download".to_owned(), target)),
        "{actions:?}"
    );
    assert_eq!(
        actions.iter().filter(|(a, _)| a == "backup.start").count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_servers_own_names_reach_a_file() {
    let app = spawn_app_on(Db::Sqlite).await.unwrap();
    std::fs::write(data_dir(&app).join("ayuda.toml"), "secret = 1").unwrap();
    let res = start(&app).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let name = res.json::<Value>().await.unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    // Files the server did not make, even inside the backup directory.
    let backups = data_dir(&app).join("backups");
    std::fs::write(backups.join("notes.sqlite"), "x").unwrap();
    std::fs::write(backups.join(format!("{name}.partial")), "x").unwrap();
    for path in [
        "..%2Fayuda.toml".to_owned(),
        "..%2Fayuda.db".to_owned(),
        "%2E%2E%2Fayuda.db".to_owned(),
        "..%5Cayuda.db".to_owned(),
        format!("{name}%2F..%2F..%2Fayuda.toml"),
        format!("{name}.partial"),
        "notes.sqlite".to_owned(),
        "ayuda.db".to_owned(),
        "ayuda-20200101T000000Z.sqlite".to_owned(),
        "ayuda-20261307T000000Z.sqlite".to_owned(),
        "%00".to_owned(),
    ] {
        let res = app
            .call(
                Method::GET,
                &format!("/api/v1/admin/backups/{path}"),
                &app.admin,
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found", "{path}");
    }
    // Only the real backup is listed.
    let listed = list(&app).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["name"], name.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_and_editors_may_not_touch_backups() {
    let app = spawn_app_on(Db::Sqlite).await.unwrap();
    let name = start(&app).await.json::<Value>().await.unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    for role in ["agent", "editor"] {
        let token = app.staff(&format!("{role}@example.com"), role).await;
        for (method, path) in [
            (Method::GET, "/api/v1/admin/backups".to_owned()),
            (Method::POST, "/api/v1/admin/backups".to_owned()),
            (Method::GET, format!("/api/v1/admin/backups/{name}")),
        ] {
            let res = app.call(method.clone(), &path, &token, None).await;
            assert_eq!(
                res.status(),
                StatusCode::FORBIDDEN,
                "{role} {method} {path}"
            );
        }
        let res = app
            .client
            .get(app.url(&format!("/api/v1/admin/backups/{name}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Nothing more was written, and the refusals were not recorded as backups.
    assert_eq!(list(&app).await.len(), 1);
    assert_eq!(audited(&app).await.len(), 1);
}

/// PostgreSQL: `pg_dump` writes a plain SQL dump when it is on `PATH`; without it the answer
/// says to install it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_is_dumped_by_pg_dump_when_installed() {
    let Some(app) = spawn_app_on(Db::Postgres).await else {
        return;
    };
    let res = start(&app).await;
    let installed = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("pg_dump").is_file()));
    if !installed {
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_state");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("install pg_dump")
        );
        return;
    }
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    let created: Value = res.json().await.unwrap();
    let name = created["name"].as_str().unwrap().to_owned();
    assert!(is_server_name(&name, ".sql"), "{name}");
    assert_eq!(list(&app).await, vec![created]);
    let res = app
        .call(
            Method::GET,
            &format!("/api/v1/admin/backups/{name}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/octet-stream");
    let dump = res.text().await.unwrap();
    assert!(dump.contains("PostgreSQL database dump"));
    assert!(dump.contains("admin@example.com"));
    assert_eq!(audited(&app).await.len(), 2);
}
