//! Public search, suggestions, CORS and compression over HTTP.

use std::time::Duration;

use ayuda_api::{NewArticle, SearchResponse, SuggestReason, SuggestResponse};
use ayuda_server::{Application, Settings};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{
    Db, TestApp, article, assert_error, spawn_app, spawn_app_on, spawn_app_with, urlencode,
};

async fn seed(app: &TestApp) {
    let items = [
        (
            "es",
            "configurar-iva",
            "Configuración del IVA",
            "Cómo configurar los impuestos de tus facturas.",
            vec!["impuestos"],
            vec!["/settings/taxes"],
        ),
        (
            "es",
            "cambiar-contrasena",
            "Cambiar la contraseña",
            "Puedes cambiar tu contraseña desde el perfil.",
            vec!["cuenta"],
            vec!["/settings/security", "settings.security"],
        ),
        (
            "es",
            "facturas-recurrentes",
            "Facturas recurrentes",
            "Programa la facturación periódica de tus clientes.",
            vec!["facturas"],
            vec!["/invoices/*"],
        ),
        (
            "en",
            "reset-password",
            "Reset your password",
            "Forgot your password? Reset it from the sign-in page.",
            vec!["account"],
            vec!["/login"],
        ),
        (
            "en",
            "only-in-english",
            "Webhooks reference",
            "Webhook payloads and retries.",
            vec!["api"],
            vec![],
        ),
    ];
    for (locale, slug, title, body, tags, contexts) in items {
        app.create_article(&NewArticle {
            slug: Some(slug.into()),
            locale: Some(locale.into()),
            tags: tags.into_iter().map(String::from).collect(),
            contexts: contexts.into_iter().map(String::from).collect(),
            ..article(title, body)
        })
        .await;
    }
}

async fn spanish_and_english_search(app: TestApp) {
    seed(&app).await;
    let top = |hits: Vec<(String, String)>| {
        hits.first()
            .map(|(slug, _)| slug.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        top(app.search("configuracion", "es").await),
        "configurar-iva",
        "accents folded"
    );
    assert_eq!(
        top(app.search("contrasena", "es").await),
        "cambiar-contrasena"
    );
    assert_eq!(
        top(app.search("factura", "es").await),
        "facturas-recurrentes",
        "stemmed"
    );
    assert_eq!(
        top(app.search("fact", "es").await),
        "facturas-recurrentes",
        "prefix"
    );
    assert_eq!(
        top(app.search("pasword", "en").await),
        "reset-password",
        "typo"
    );
    assert_eq!(
        top(app.search("contraseña", "es").await),
        "cambiar-contrasena"
    );

    // Locale fallback: nothing in Spanish, English hits marked as such.
    let (status, body) = app
        .get_json("/api/v1/sites/demo/search?q=webhooks&locale=es")
        .await;
    assert_eq!(status, StatusCode::OK);
    let res: SearchResponse = serde_json::from_value(body).unwrap();
    assert!(res.fallback);
    assert_eq!(res.hits[0].locale, "en");

    // Snippets: escaped text, matches in <mark>, a URL to the public page.
    let (_, body) = app
        .get_json("/api/v1/sites/demo/search?q=impuestos&locale=es")
        .await;
    let res: SearchResponse = serde_json::from_value(body).unwrap();
    assert!(
        res.hits[0].snippet.contains("<mark>"),
        "{}",
        res.hits[0].snippet
    );
    assert!(res.hits[0].url.ends_with("/help/demo/es/configurar-iva"));
    assert_eq!(res.total, 1);
    assert_eq!(res.facets[0].tag, "impuestos");
}

#[tokio::test]
async fn spanish_and_english_search_sqlite() {
    spanish_and_english_search(spawn_app().await).await;
}

#[tokio::test]
async fn spanish_and_english_search_postgres() {
    if let Some(app) = spawn_app_on(Db::Postgres).await {
        spanish_and_english_search(app).await;
    }
}

#[tokio::test]
async fn hostile_queries_return_normal_results() {
    let app = spawn_app().await;
    seed(&app).await;
    let long = "factura ".repeat(1300);
    let queries = [
        "title:x AND (",
        "*",
        "\"",
        "'",
        "\\",
        "((((",
        "emoji 🧾💸",
        "\u{0}",
        "a\u{0}b",
        "",
        "   ",
        "-",
        "+++",
        "~1",
        "<script>alert(1)</script>",
        "%",
        "NOT",
        "OR OR OR",
        "body:factura",
        "facturas^100",
        long.as_str(),
    ];
    for q in queries {
        let path = format!("/api/v1/sites/demo/search?q={}&locale=es", urlencode(q));
        let (status, body) = app.get_json(&path).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "query {:?}: {body}",
            q.chars().take(30).collect::<String>()
        );
        assert!(body["hits"].is_array() && body["total"].is_number());
        for hit in body["hits"].as_array().unwrap() {
            assert!(!hit["snippet"].as_str().unwrap().contains("<script"));
        }
    }
    // Bad parameters are 400s with the error shape, not panics.
    for path in [
        "/api/v1/sites/demo/search?q=x&limit=0",
        "/api/v1/sites/demo/search?q=x&limit=100000",
        "/api/v1/sites/demo/search?q=x&limit=abc",
        "/api/v1/sites/demo/search?q=x&offset=-1",
        "/api/v1/sites/demo/search?q=x&locale=xx_YYYY!",
        "/api/v1/sites/demo/suggest?limit=500",
    ] {
        assert_error(
            app.get(path).await,
            StatusCode::BAD_REQUEST,
            "invalid_input",
        )
        .await;
    }
    assert_error(
        app.get("/api/v1/sites/nope/search?q=x").await,
        StatusCode::NOT_FOUND,
        "site_not_found",
    )
    .await;
}

#[tokio::test]
async fn suggestions_follow_the_page() {
    let app = spawn_app().await;
    seed(&app).await;
    let get = |query: String| {
        let app = &app;
        async move {
            let (status, body) = app
                .get_json(&format!("/api/v1/sites/demo/suggest?{query}"))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            serde_json::from_value::<SuggestResponse>(body).unwrap()
        }
    };
    let res = get(format!(
        "url={}&locale=es",
        urlencode("https://app.example.com/invoices/42?tab=1#x")
    ))
    .await;
    assert_eq!(res.articles[0].slug, "facturas-recurrentes");
    assert_eq!(res.articles[0].reason, SuggestReason::Context);
    let res = get("route=settings.security&locale=es".into()).await;
    assert_eq!(res.articles[0].slug, "cambiar-contrasena");
    // No match: the popular articles of the locale, still useful.
    let res = get("url=/nowhere&locale=es".into()).await;
    assert!(!res.articles.is_empty());
    assert!(
        res.articles
            .iter()
            .all(|a| a.reason == SuggestReason::Popular && a.locale == "es")
    );
}

#[tokio::test]
async fn articles_limited_to_a_site_stay_there() {
    let app = spawn_app().await;
    let res = app
        .post_json(
            "/api/v1/sites",
            &app.admin,
            &json!({"key": "shop", "allowed_origins": ["https://shop.example"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    app.create_article(&NewArticle {
        slug: Some("secret".into()),
        locale: Some("es".into()),
        sites: vec!["shop".into()],
        ..article("Solo tienda", "Contenido exclusivo.")
    })
    .await;
    assert!(
        app.search("exclusivo", "es").await.is_empty(),
        "not on the demo site"
    );
    let (_, body) = app
        .get_json("/api/v1/sites/shop/search?q=exclusivo&locale=es")
        .await;
    assert_eq!(body["total"], 1);
    assert_error(
        app.get("/api/v1/sites/demo/articles/secret?locale=es")
            .await,
        StatusCode::NOT_FOUND,
        "article_not_found",
    )
    .await;
}

#[tokio::test]
async fn cors_follows_each_sites_allowlist() {
    let app = spawn_app().await;
    let preflight = |origin: &'static str| {
        let app = &app;
        async move {
            app.client
                .request(
                    reqwest::Method::OPTIONS,
                    app.url("/api/v1/sites/demo/search?q=x"),
                )
                .header("origin", origin)
                .header("access-control-request-method", "GET")
                .send()
                .await
                .unwrap()
        }
    };
    let ok = preflight("http://localhost:3000").await;
    assert_eq!(
        ok.headers().get("access-control-allow-origin").unwrap(),
        "http://localhost:3000"
    );
    let denied = preflight("https://evil.example").await;
    assert!(
        denied
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    // Staff routes never answer cross-origin.
    let res = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .header("origin", "http://localhost:3000")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

/// What Chromium sends.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

#[tokio::test]
async fn search_answers_are_gzipped_for_browsers() {
    let app = spawn_app().await;
    // Enough hits for an answer well over the size below which nothing is compressed.
    for n in 1..=8 {
        app.create_article(&NewArticle {
            slug: Some(format!("invoice-{n}")),
            locale: Some("en".into()),
            ..article(
                &format!("Invoice topic {n}"),
                "How to create, send and track an invoice, with taxes, discounts and reminders.",
            )
        })
        .await;
    }
    let path = "/api/v1/sites/demo/search?q=invoice&locale=en";
    let fetch = |encodings: &'static str| {
        let request = app.client.get(app.url(path));
        async move {
            let res = request
                .header("accept-encoding", encodings)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let encoding = res
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_owned());
            let vary: Vec<String> = res
                .headers()
                .get_all("vary")
                .iter()
                .map(|v| v.to_str().unwrap().to_ascii_lowercase())
                .collect();
            (encoding, vary, res.bytes().await.unwrap())
        }
    };

    let (encoding, _, plain) = fetch("identity").await;
    assert_eq!(encoding, None);
    let answer: SearchResponse = serde_json::from_slice(&plain).unwrap();
    assert_eq!(answer.hits.len(), 8);
    assert!(plain.len() > 1024, "{} bytes", plain.len());

    let (encoding, vary, gzipped) = fetch(BROWSER_ENCODINGS).await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(
        vary.iter().any(|v| v.contains("accept-encoding")),
        "{vary:?}"
    );
    assert!(gzipped.len() < plain.len() / 2, "{} bytes", gzipped.len());
    let decoded = ayuda_server::assets::decode(encoding.as_deref(), &gzipped).unwrap();
    assert_eq!(decoded, plain);

    // Dynamic answers are never brotli (too slow per response); a brotli-only client gets JSON.
    let (encoding, _, body) = fetch("br").await;
    assert_eq!(encoding, None);
    assert_eq!(body, plain);

    // A small answer goes out as it is.
    let res = app
        .client
        .get(app.url("/api/v1/sites/demo/search?q=zzzz&locale=en"))
        .header("accept-encoding", BROWSER_ENCODINGS)
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
    let answer: SearchResponse = res.json().await.unwrap();
    assert_eq!(answer.total, 0);
}

#[tokio::test]
async fn searches_are_logged_for_editors() {
    let app = spawn_app().await;
    seed(&app).await;
    app.search("factura", "es").await;
    app.search("zzzz nada", "es").await;
    // The log is written off the request path; give it a moment.
    let mut gaps = serde_json::Value::Null;
    for _ in 0..50 {
        gaps = app
            .call(
                reqwest::Method::GET,
                "/api/v1/stats/searches?site=demo&zero_results=true",
                &app.admin,
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        if gaps.as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(gaps[0]["query"], "zzzz nada");
    let res = app
        .client
        .get(app.url("/api/v1/stats/searches?site=demo"))
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

/// The logged queries of the demo site, newest first, once `expected` of them are there.
async fn logged_queries(app: &TestApp, expected: usize) -> Vec<String> {
    let mut queries = Vec::new();
    // The log holds searches for a window, then writes them; wait up to 15 s.
    for _ in 0..150 {
        let entries: serde_json::Value = app
            .call(
                reqwest::Method::GET,
                "/api/v1/stats/searches/recent?site=demo",
                &app.admin,
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        queries = entries
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["query"].as_str().unwrap().to_owned())
            .collect();
        if queries.len() >= expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    queries
}

#[tokio::test]
async fn the_search_log_keeps_the_query_typed_last_not_every_keystroke() {
    // A production-like window: the keystrokes below are far closer together than 3 s even
    // on a slow test machine.
    let app = spawn_app_with(|s| s.search_log_window = Duration::from_secs(3)).await;
    seed(&app).await;
    for typed in [
        "f", "fa", "fac", "fact", "factu", "factur", "factura", "Factura ",
    ] {
        app.search(typed, "es").await;
    }
    app.search("zzzz nada", "es").await;
    let mut queries = logged_queries(&app, 2).await;
    // Anything else would have been written by now too: its window ended earlier.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(logged_queries(&app, 2).await, queries);
    queries.sort();
    assert_eq!(queries, ["factura", "zzzz nada"]);
}

#[tokio::test]
async fn hostile_queries_reach_the_log_as_bounded_plain_text() {
    let app = spawn_app_with(|s| s.search_log_window = Duration::from_millis(200)).await;
    seed(&app).await;
    let long = "Factura ".repeat(1300);
    for q in [
        "a\u{0}b\u{1b}[31m",
        long.as_str(),
        "<script>alert(1)</script>",
    ] {
        app.search(q, "es").await;
    }
    let queries = logged_queries(&app, 3).await;
    assert_eq!(queries.len(), 3, "{queries:?}");
    // No control character is stored, nothing is longer than 200 characters and a mark, and
    // markup is kept as the text it is (the staff views escape it).
    assert!(queries.contains(&"a b [31m".to_owned()), "{queries:?}");
    assert!(queries.contains(&"<script>alert(1)</script>".to_owned()));
    let cut = queries
        .iter()
        .find(|q| q.starts_with("factura"))
        .expect("the long query");
    assert_eq!(cut.chars().count(), 201, "{cut}");
    assert!(cut.ends_with('…'));
    assert!(queries.iter().all(|q| !q.chars().any(char::is_control)));
}

#[tokio::test]
async fn held_searches_are_written_on_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let url = ayuda_store::sqlite_url_in(dir.path());
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        addr: "127.0.0.1:0".parse().unwrap(),
        widget_dir: dir.path().join("widget"),
        // Far longer than the test: only shutting down can write the search.
        search_log_window: Duration::from_secs(600),
        ..Settings::default()
    }
    .with_database_url(Some(url.clone()));
    let app = Application::build(settings).await.unwrap();
    let base = format!("http://{}", app.addr());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    // No idle connection left open: graceful shutdown waits for connections to close.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let res = client
        .get(format!(
            "{base}/api/v1/sites/demo/search?q=facturas%20impagadas&locale=es"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.bytes().await.unwrap();
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    let store = ayuda_store::Store::connect(&url).await.unwrap();
    let logged: Vec<String> = store
        .recent_searches("demo", 10)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.query)
        .collect();
    assert_eq!(logged, ["facturas impagadas"]);
}

/// The JSON contract of a search answer, snapshotted (scores and ports redacted).
#[tokio::test]
async fn search_contract_snapshot() {
    let app = spawn_app().await;
    seed(&app).await;
    let (_, body) = app
        .get_json("/api/v1/sites/demo/search?q=contrase%C3%B1a&locale=es")
        .await;
    insta::assert_json_snapshot!(body, {
        ".hits[].score" => "[score]",
        ".hits[].url" => insta::dynamic_redaction(|value, _| {
            let url = value.as_str().unwrap_or_default();
            url.split_once("/help/").map(|(_, path)| format!("[base]/help/{path}")).unwrap_or_default()
        }),
    });
    let res = app.get("/api/v1/sites/nope/search?q=x").await;
    let body: serde_json::Value = res.json().await.unwrap();
    insta::assert_json_snapshot!(body);
}
