//! The editors' article API: life cycle, versions, validation, permissions, sanitising.

use ayuda_api::{Article, ArticleStatus, ArticleVersion, NewArticle, PublicArticle};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Db, TestApp, article, assert_error, spawn_app, spawn_app_on, urlencode};

async fn life_cycle(app: TestApp) {
    let created = app
        .create_article(&NewArticle {
            slug: Some("pagar-con-tarjeta".into()),
            locale: Some("es".into()),
            tags: vec!["pagos".into()],
            contexts: vec!["/billing/*".into()],
            ..article(
                "Pagar con tarjeta",
                "Puedes **pagar** tus facturas con tarjeta de crédito.",
            )
        })
        .await;
    assert_eq!(
        (created.version, created.published_version, created.status),
        (1, Some(1), ArticleStatus::Published)
    );
    assert!(created.html.contains("<strong>pagar</strong>"));
    // Visible in search as soon as the call returned.
    assert_eq!(
        app.search("tarjeta", "es").await,
        vec![("pagar-con-tarjeta".to_owned(), "es".to_owned())]
    );

    // A new version of a published article goes live (the Zendesk Guide behaviour)...
    let v2: Article = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/articles/{}", created.id),
            &app.admin,
            Some(&json!({"title": "Pagar con tarjeta o transferencia"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((v2.version, v2.published_version), (2, Some(2)));
    assert_eq!(v2.body, created.body, "absent fields keep their value");
    assert_eq!(app.search("transferencia", "es").await.len(), 1);
    // ...unless saved as a draft, which leaves version 2 live.
    let v3: Article = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/articles/{}", created.id),
            &app.admin,
            Some(&json!({"title": "Borrador secreto", "status": "draft"})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((v3.version, v3.published_version), (3, Some(2)));
    assert!(app.search("secreto", "es").await.is_empty());
    let (_, public) = app
        .get_json("/api/v1/sites/demo/articles/pagar-con-tarjeta?locale=es")
        .await;
    assert_eq!(public["title"], "Pagar con tarjeta o transferencia");

    let versions: Vec<ArticleVersion> = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/articles/{}/versions", created.id),
            &app.admin,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        vec![3, 2, 1]
    );

    // Publishing an older version puts it back in front of readers.
    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/publish", created.id),
            &app.admin,
            &json!({"version": 1}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, public) = app
        .get_json("/api/v1/sites/demo/articles/pagar-con-tarjeta?locale=es")
        .await;
    assert_eq!(public["title"], "Pagar con tarjeta");
    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/publish", created.id),
            &app.admin,
            &json!({"version": 42}),
        )
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "not_found").await;
    // Restoring version 1 makes a new version 4 with its content.
    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/versions/1/restore", created.id),
            &app.admin,
            &json!({}),
        )
        .await;
    let restored: Article = res.json().await.unwrap();
    assert_eq!(
        (restored.version, restored.title.as_str()),
        (4, "Pagar con tarjeta")
    );

    // Unpublish: gone from search and from the public side within the call.
    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/unpublish", created.id),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.search("tarjeta", "es").await.is_empty());
    let res = app
        .get("/api/v1/sites/demo/articles/pagar-con-tarjeta?locale=es")
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "article_not_found").await;
    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/publish", created.id),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.search("tarjeta", "es").await.len(), 1);

    // Delete.
    let res = app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/articles/{}", created.id),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(app.search("tarjeta", "es").await.is_empty());
    let res = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/articles/{}", created.id),
            &app.admin,
            None,
        )
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "article_not_found").await;
}

#[tokio::test]
async fn article_life_cycle_sqlite() {
    life_cycle(spawn_app().await).await;
}

#[tokio::test]
async fn article_life_cycle_postgres() {
    if let Some(app) = spawn_app_on(Db::Postgres).await {
        life_cycle(app).await;
    }
}

#[tokio::test]
async fn bad_article_input_gets_clear_errors_and_changes_nothing() {
    let app = spawn_app().await;
    let cases = [
        (json!({"title": ""}), "invalid_input"),
        (json!({"title": "   "}), "invalid_input"),
        (json!({"title": "x".repeat(301)}), "invalid_input"),
        (
            json!({"title": "Ok", "slug": "Not A Slug"}),
            "invalid_input",
        ),
        (
            json!({"title": "Ok", "slug": "../../etc/passwd"}),
            "invalid_input",
        ),
        (
            json!({"title": "Ok", "locale": "klingon!"}),
            "invalid_input",
        ),
        (json!({"title": "Ok", "status": "urgent"}), "invalid_json"),
        (json!({"title": "Ok", "tags": "not-a-list"}), "invalid_json"),
        (json!({"title": "Ok", "unknown_field": 1}), "invalid_json"),
        (
            json!({"title": "Ok", "sites": ["no-such-site"]}),
            "invalid_input",
        ),
        (json!({"title": "Ok", "body": "a\u{0}b"}), "invalid_input"),
        (json!({"body": "no title"}), "invalid_json"),
        (json!("just a string"), "invalid_json"),
    ];
    for (body, code) in cases {
        let res = app.post_json("/api/v1/articles", &app.admin, &body).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{body}");
        assert_error(res, StatusCode::BAD_REQUEST, code).await;
    }
    // Not JSON at all, and JSON without the content type.
    let res = app
        .client
        .post(app.url("/api/v1/articles"))
        .bearer_auth(&app.admin)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_json").await;
    let res = app
        .client
        .post(app.url("/api/v1/articles"))
        .bearer_auth(&app.admin)
        .body(r#"{"title":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::UNSUPPORTED_MEDIA_TYPE, "invalid_json").await;
    // Oversized body (the server's limit is 2 MiB).
    let huge = json!({"title": "Big", "body": "x".repeat(3 * 1024 * 1024)});
    let res = app.post_json("/api/v1/articles", &app.admin, &huge).await;
    assert_error(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    // Bad ids.
    let res = app
        .call(
            reqwest::Method::GET,
            "/api/v1/articles/abc",
            &app.admin,
            None,
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    let res = app
        .call(
            reqwest::Method::GET,
            "/api/v1/articles/999999",
            &app.admin,
            None,
        )
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "article_not_found").await;

    // Nothing was stored by any of that.
    assert!(app.store.all_articles().await.unwrap().is_empty());

    // Duplicate slug + locale is a conflict and keeps the first article intact.
    let first = app
        .create_article(&NewArticle {
            slug: Some("dup".into()),
            ..article("First", "one")
        })
        .await;
    let res = app
        .post_json(
            "/api/v1/articles",
            &app.admin,
            &json!({"title": "Second", "slug": "dup"}),
        )
        .await;
    assert_error(res, StatusCode::CONFLICT, "conflict").await;
    let kept = app.store.article(first.id).await.unwrap().unwrap();
    assert_eq!(kept.content.title, "First");
}

#[tokio::test]
async fn only_editors_and_admins_change_articles() {
    let app = spawn_app().await;
    let agent = app.staff("agent@example.com", "agent").await;
    let editor = app.staff("editor@example.com", "editor").await;
    let res = app
        .post_json("/api/v1/articles", &agent, &json!({"title": "Nope"}))
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = app
        .post_json("/api/v1/articles", &editor, &json!({"title": "Yes"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Article = res.json().await.unwrap();
    assert_eq!(created.author.as_deref(), Some("editor@example.com"));
    for path in [
        format!("/api/v1/articles/{}/publish", created.id),
        format!("/api/v1/articles/{}/unpublish", created.id),
    ] {
        let res = app.post_json(&path, &agent, &json!({})).await;
        assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let res = app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/articles/{}", created.id),
            &agent,
            None,
        )
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    // Nor read drafts and versions: the editors' API is theirs (agents find published articles
    // through the public search, as the widget does).
    let res = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/articles/{}", created.id),
            &agent,
            None,
        )
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    // No token, a garbage token: 401.
    let res = app
        .client
        .post(app.url("/api/v1/articles"))
        .json(&json!({"title": "x"}))
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let res = app
        .post_json("/api/v1/articles", "garbage", &json!({"title": "x"}))
        .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.store.all_articles().await.unwrap().len(), 1);
}

#[tokio::test]
async fn hostile_markdown_is_sanitised_everywhere() {
    let app = spawn_app().await;
    let body = "Hola <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3))\n\n<a href=\"JaVaScRiPt:alert(4)\">x</a> <iframe src=\"https://evil\"></iframe>";
    let created = app
        .create_article(&NewArticle {
            slug: Some("xss".into()),
            locale: Some("es".into()),
            ..article("<b>Título</b> hostil", body)
        })
        .await;
    for html in [
        created.html.clone(),
        app.get_json("/api/v1/sites/demo/articles/xss?locale=es")
            .await
            .1["html"]
            .as_str()
            .unwrap()
            .to_owned(),
    ] {
        let lower = html.to_lowercase();
        for bad in ["<script", "onerror", "javascript:", "<iframe"] {
            assert!(!lower.contains(bad), "{bad} survived in {html}");
        }
    }
    let page = app.get("/help/demo/es/xss").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers().get("content-security-policy").is_some());
    let page = page.text().await.unwrap();
    assert!(
        page.contains("&lt;b&gt;Título&lt;/b&gt; hostil"),
        "titles are text"
    );
    assert!(!page.to_lowercase().contains("<script"));
    // Search snippets escape the text around the marks.
    let (_, results) = app
        .get_json("/api/v1/sites/demo/search?q=hostil&locale=es")
        .await;
    let title_html = results["hits"][0]["title_html"].as_str().unwrap();
    assert!(!title_html.contains("<b>"), "{title_html}");
}

#[tokio::test]
async fn public_article_has_translations_and_counts_views_and_votes() {
    let app = spawn_app().await;
    let es = app
        .create_article(&NewArticle {
            slug: Some("factura".into()),
            locale: Some("es".into()),
            translation_key: Some("invoice".into()),
            ..article("Crear una factura", "Pasos.")
        })
        .await;
    app.create_article(&NewArticle {
        slug: Some("invoice".into()),
        locale: Some("en".into()),
        translation_key: Some("invoice".into()),
        ..article("Create an invoice", "Steps.")
    })
    .await;
    let res = app
        .get("/api/v1/sites/demo/articles/factura?locale=es")
        .await;
    let public: PublicArticle = res.json().await.unwrap();
    assert_eq!(public.translations.len(), 1);
    assert_eq!(public.translations[0].slug, "invoice");
    assert!(public.url.ends_with("/help/demo/es/factura"));

    let vote = |visitor: &'static str, helpful: bool| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/sites/demo/articles/factura/votes?locale=es"))
                .json(&json!({"helpful": helpful, "visitor_id": visitor}))
                .send()
                .await
                .unwrap()
        }
    };
    let totals: serde_json::Value = vote("visitor-1", true).await.json().await.unwrap();
    assert_eq!(totals, json!({"helpful": 1, "not_helpful": 0}));
    let totals: serde_json::Value = vote("visitor-1", true).await.json().await.unwrap();
    assert_eq!(
        totals,
        json!({"helpful": 1, "not_helpful": 0}),
        "one vote per visitor"
    );
    let totals: serde_json::Value = vote("visitor-2", false).await.json().await.unwrap();
    assert_eq!(totals, json!({"helpful": 1, "not_helpful": 1}));
    assert_error(
        vote("bad visitor id!", true).await,
        StatusCode::BAD_REQUEST,
        "invalid_input",
    )
    .await;
    let res = app
        .client
        .post(app.url("/api/v1/sites/demo/articles/nope/votes"))
        .json(&json!({"helpful": true, "visitor_id": "v"}))
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::NOT_FOUND, "article_not_found").await;
    let row = app.store.article(es.id).await.unwrap().unwrap();
    assert_eq!((row.views, row.helpful, row.not_helpful), (1, 1, 1));
}

/// The demo site's default locale and readable locales, from its public config.
async fn config_locales(app: &TestApp) -> (Option<String>, Vec<String>) {
    let (status, body) = app.get_json("/api/v1/sites/demo/config").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let locales = body["locales"]
        .as_array()
        .expect("locales")
        .iter()
        .filter_map(|l| l.as_str().map(str::to_owned))
        .collect();
    (body["default_locale"].as_str().map(str::to_owned), locales)
}

/// The site config every host page view asks for lists the locales with published articles,
/// following publish, unpublish and delete within the call (it is answered from memory).
#[tokio::test]
async fn site_config_lists_the_locales_readers_can_read() {
    let app = spawn_app().await;
    let (default, before) = config_locales(&app).await;
    let default = default.expect("default locale");
    assert_eq!(
        before,
        vec![default.clone()],
        "only the default on an empty base"
    );

    let other = if default == "en" { "es" } else { "en" };
    let draft = app
        .create_article(&NewArticle {
            locale: Some("pt".into()),
            status: Some(ArticleStatus::Draft),
            ..article("Rascunho", "Ainda não publicado.")
        })
        .await;
    let published = app
        .create_article(&NewArticle {
            locale: Some(other.into()),
            ..article("Only one", "The first article in this language.")
        })
        .await;
    let (_, with_other) = config_locales(&app).await;
    assert!(with_other.contains(&other.to_owned()), "{with_other:?}");
    assert!(
        !with_other.contains(&"pt".to_owned()),
        "a draft is not readable"
    );
    assert_eq!(draft.status, ArticleStatus::Draft);

    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/unpublish", published.id),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(config_locales(&app).await.1, vec![default.clone()]);

    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/publish", published.id),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(config_locales(&app).await.1.contains(&other.to_owned()));
    let res = app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/articles/{}", published.id),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(config_locales(&app).await.1, vec![default]);

    let res = app.get("/api/v1/sites/no-such-site/config").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_save_over_a_newer_version_is_refused_and_the_preview_is_what_readers_get() {
    let app = spawn_app().await;
    let article = app
        .create_article(&article("Cambiar la contraseña", "Versión uno."))
        .await;
    let path = format!("/api/v1/articles/{}", article.id);
    // Two editors open version 1; the first saves.
    let res = app
        .call(
            reqwest::Method::PUT,
            &path,
            &app.admin,
            Some(&json!({"body": "Versión dos.", "base_version": article.version})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The second, still on version 1, is told and stores nothing.
    let res = app
        .call(
            reqwest::Method::PUT,
            &path,
            &app.admin,
            Some(&json!({"body": "Versión de otro.", "base_version": article.version})),
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "edit_conflict");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    let now: Article = app
        .call(reqwest::Method::GET, &path, &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((now.version, now.body.as_str()), (2, "Versión dos."));

    // The preview renders with the readers' renderer: sanitised, and bounded.
    let res = app
        .post_json(
            "/api/v1/articles/preview",
            &app.admin,
            &json!({"body": "# Hola\n\n**negrita**\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let preview: serde_json::Value = res.json().await.unwrap();
    let html = preview["html"].as_str().unwrap();
    assert!(html.contains("<strong>negrita</strong>"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );
    let res = app
        .post_json(
            "/api/v1/articles/preview",
            &app.admin,
            &json!({"body": "x".repeat(2_000_000)}),
        )
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    let res = app
        .post_json(
            "/api/v1/articles/preview",
            &app.admin,
            &json!({"text": "x"}),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_json").await;
}

#[tokio::test]
async fn a_scheduled_publish_happens_once_and_reaches_search() {
    let app = spawn_app().await;
    let mut draft = article("Facturas recurrentes programadas", "Cada mes, sola.");
    draft.status = Some(ArticleStatus::Draft);
    let created = app.create_article(&draft).await;
    let path = format!("/api/v1/articles/{}/schedules", created.id);
    let soon = jiff::Timestamp::now() + std::time::Duration::from_millis(1500);
    let res = app
        .post_json(
            &path,
            &app.admin,
            &json!({"action": "publish", "at": soon.to_string()}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    // One to cancel, far ahead.
    let later = jiff::Timestamp::now() + std::time::Duration::from_secs(3600);
    let cancelled: serde_json::Value = app
        .post_json(
            &path,
            &app.admin,
            &json!({"action": "unpublish", "at": later.to_string()}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .call(
            reqwest::Method::DELETE,
            &format!("{path}/{}", cancelled["id"]),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(app.search("recurrentes programadas", "es").await.is_empty());

    // Within a few seconds of its time it is published and found.
    let mut found = Vec::new();
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        found = app.search("recurrentes programadas", "es").await;
        if !found.is_empty() {
            break;
        }
    }
    assert_eq!(found.len(), 1, "published by its schedule");
    let schedules: Vec<serde_json::Value> = app
        .call(reqwest::Method::GET, &path, &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(schedules.len(), 1, "the cancelled one is gone");
    assert_eq!(schedules[0]["outcome"], "published version 1");
    assert!(schedules[0]["done_at"].is_string());

    // Bad schedules change nothing.
    let past = jiff::Timestamp::now() - std::time::Duration::from_secs(60);
    for body in [
        json!({"action": "publish", "at": past.to_string()}),
        json!({"action": "delete", "at": later.to_string()}),
        json!({"action": "publish", "at": "tomorrow"}),
        json!({"action": "publish", "at": "2999-01-01T00:00:00Z"}),
    ] {
        let res = app.post_json(&path, &app.admin, &body).await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
    let res = app
        .post_json(
            "/api/v1/articles/999999/schedules",
            &app.admin,
            &json!({"action": "publish", "at": later.to_string()}),
        )
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "article_not_found").await;
}

#[tokio::test]
async fn translations_show_missing_and_out_of_date() {
    let app = spawn_app().await;
    let mut es = article("Crear una factura", "Pasos.");
    es.translation_key = Some("crear-factura".into());
    let source = app.create_article(&es).await;
    let mut other = article("Borrar un cliente", "Pasos.");
    other.translation_key = Some("borrar-cliente".into());
    app.create_article(&other).await;
    let list = |query: &'static str| {
        let app = &app;
        async move {
            let res = app
                .call(
                    reqwest::Method::GET,
                    &format!("/api/v1/translations{query}"),
                    &app.admin,
                    None,
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<ayuda_api::TranslationList>().await.unwrap()
        }
    };
    // One locale only: nothing to translate into yet.
    assert_eq!(list("").await.total, 0);

    let mut en = article("Create an invoice", "Steps.");
    en.locale = Some("en".into());
    en.translation_key = Some("crear-factura".into());
    let translation = app.create_article(&en).await;
    // "borrar-cliente" has no English article: missing; "crear-factura" is current.
    let todo = list("").await;
    assert_eq!(todo.total, 1);
    assert_eq!(todo.groups[0].translation_key, "borrar-cliente");
    assert_eq!(todo.groups[0].translations[0].state, "missing");
    let all = list("?state=all").await;
    let factura = all
        .groups
        .iter()
        .find(|g| g.translation_key == "crear-factura")
        .unwrap();
    assert_eq!(factura.source.id, source.id);
    assert_eq!(factura.translations[0].state, "current");

    // The Spanish source is edited: the English one is out of date until it is updated.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    app.call(
        reqwest::Method::PUT,
        &format!("/api/v1/articles/{}", source.id),
        &app.admin,
        Some(&json!({"body": "Pasos nuevos."})),
    )
    .await;
    let outdated = list("?state=outdated").await;
    assert_eq!(outdated.total, 1);
    assert_eq!(
        outdated.groups[0].translations[0]
            .article
            .as_ref()
            .map(|a| a.id),
        Some(translation.id)
    );
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    app.call(
        reqwest::Method::PUT,
        &format!("/api/v1/articles/{}", translation.id),
        &app.admin,
        Some(&json!({"body": "New steps."})),
    )
    .await;
    assert_eq!(list("?state=outdated").await.total, 0);
    for bad in ["?state=later", "?limit=0", "?offset=-1", "?locale=x%20y"] {
        let res = app
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/translations{bad}"),
                &app.admin,
                None,
            )
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
}

async fn reviews_due(app: &TestApp) -> i64 {
    let list: serde_json::Value = app
        .call(reqwest::Method::GET, "/api/v1/reviews", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    list["total"].as_i64().unwrap()
}

#[tokio::test]
async fn articles_have_owners_and_a_review_plan() {
    let app = spawn_app().await;
    app.staff("ed@example.com", "editor").await;
    let created = app
        .create_article(&article("Tarifas 2027", "Precios."))
        .await;
    assert_eq!(
        created.owner.as_deref(),
        Some("admin@example.com"),
        "the author owns it"
    );
    assert_eq!(created.review_due_at, None);
    let path = format!("/api/v1/articles/{}", created.id);
    // A monthly review, owned by the editor: saved without a new version.
    let res = app
        .call(
            reqwest::Method::PUT,
            &path,
            &app.admin,
            Some(&json!({"owner": "ED@example.com", "review_interval_days": 30})),
        )
        .await;
    let planned: Article = res.json().await.unwrap();
    assert_eq!(planned.owner.as_deref(), Some("ed@example.com"));
    assert_eq!(planned.review_interval_days, Some(30));
    assert_eq!(planned.version, created.version, "no new version");
    let due_at = planned.review_due_at.clone().unwrap();
    let due_ms = ayuda_server::time::parse_rfc3339(&due_at).unwrap();
    let in_30_days = ayuda_store::now_ms() + 30 * 86_400_000;
    assert!((due_ms - in_30_days).abs() < 60_000, "{due_at}");
    assert_eq!(reviews_due(&app).await, 0, "not due for a month");
    // Due 31 days from now: the store's list at that time has it, most overdue first.
    let (later, total) = app
        .store
        .reviews_due(in_30_days + 86_400_000, None, None, 10, 0)
        .await
        .unwrap();
    assert_eq!((later[0].id, total), (created.id, 1));

    let res = app
        .post_json(&format!("{path}/reviewed"), &app.admin, &json!({}))
        .await;
    let reviewed: Article = res.json().await.unwrap();
    assert!(reviewed.reviewed_at.is_some());

    // Ending the cycle, and bad plans.
    let res = app
        .call(
            reqwest::Method::PUT,
            &path,
            &app.admin,
            Some(&json!({"review_interval_days": null})),
        )
        .await;
    let ended: Article = res.json().await.unwrap();
    assert_eq!(
        (ended.review_interval_days, ended.review_due_at),
        (None, None)
    );
    for body in [
        json!({"owner": "nobody@example.com"}),
        json!({"review_interval_days": 0}),
        json!({"review_interval_days": 100000}),
    ] {
        let res = app
            .call(reqwest::Method::PUT, &path, &app.admin, Some(&body))
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
}

#[tokio::test]
async fn content_gaps_show_what_was_not_found_voted_down_or_never_opened() {
    let app = spawn_app().await;
    let read = app
        .create_article(&article("Exportar facturas", "A PDF o CSV."))
        .await;
    let unread = app
        .create_article(&article("Configurar impuestos", "IVA, IGIC."))
        .await;
    // Opened (a view) and voted down; the other never opened.
    let res = app
        .get(&format!(
            "/api/v1/sites/demo/articles/{}?locale=es",
            read.slug
        ))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .client
        .post(app.url(&format!("/api/v1/sites/demo/articles/{}/votes", read.slug)))
        .json(&json!({"helpful": false, "visitor_id": "v-1", "locale": "es"}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    // A search that finds nothing, logged once the person stops typing.
    app.search("zzzxq inexistente", "es").await;
    let mut gaps = serde_json::Value::Null;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        gaps = app
            .call(
                reqwest::Method::GET,
                "/api/v1/content-gaps?site=demo",
                &app.admin,
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        if gaps["no_results"].as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
    }
    assert_eq!(gaps["no_results"][0]["query"], "zzzxq inexistente");
    assert_eq!(gaps["no_results"][0]["count"], 1);
    assert_eq!(gaps["unhelpful"][0]["id"], read.id);
    assert_eq!(gaps["unhelpful"][0]["not_helpful"], 1);
    let never: Vec<i64> = gaps["never_opened"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .collect();
    assert!(
        never.contains(&unread.id) && !never.contains(&read.id),
        "{never:?}"
    );
    // A period before any of it: empty.
    let res = app
        .call(
            reqwest::Method::GET,
            "/api/v1/content-gaps?site=demo&since=2020-01-01T00:00:00Z&until=2020-02-01T00:00:00Z",
            &app.admin,
            None,
        )
        .await;
    let old: serde_json::Value = res.json().await.unwrap();
    assert!(old["no_results"].as_array().unwrap().is_empty());
    assert!(old["unhelpful"].as_array().unwrap().is_empty());
    for bad in [
        "?site=nope",
        "?since=ayer",
        "?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z",
        "?limit=0",
    ] {
        let res = app
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/content-gaps{bad}"),
                &app.admin,
                None,
            )
            .await;
        assert!(res.status().is_client_error(), "{bad}: {}", res.status());
    }
}

#[tokio::test]
async fn editors_upload_images_judged_by_content_and_readers_get_them_safely() {
    let app = spawn_app().await;
    let png: Vec<u8> = {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend_from_slice(&[0u8; 64]);
        bytes
    };
    let upload = |name: &str, body: Vec<u8>, token: &str| {
        app.client
            .post(app.url(&format!("/api/v1/images?name={name}")))
            .bearer_auth(token)
            .header("content-type", "image/png")
            .body(body)
            .send()
    };
    let res = upload("captura de pantalla.png", png.clone(), &app.admin)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let image: ayuda_api::UploadedImage = res.json().await.unwrap();
    assert!(image.url.starts_with("/media/") && image.url.ends_with(".png"));
    assert_eq!(
        image.markdown,
        format!("![captura de pantalla]({})", image.url)
    );
    // Anyone reads it, with headers that run nothing.
    let res = app.get(&image.url).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), png);
    // The image in an article renders as an <img> readers can load.
    let mut with_image = article("Con imagen", &format!("Mira:\n\n{}", image.markdown));
    with_image.slug = Some("con-imagen".into());
    let created = app.create_article(&with_image).await;
    assert!(
        created.html.contains(&format!("src=\"{}\"", image.url)),
        "{}",
        created.html
    );

    // An "image" that is really HTML or SVG is refused, whatever its name and type say.
    for (name, body) in [
        (
            "foto.png",
            b"<html><script>alert(1)</script></html>".to_vec(),
        ),
        (
            "logo.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec(),
        ),
        ("doc.png", b"%PDF-1.4 fake".to_vec()),
    ] {
        let res = upload(name, body, &app.admin).await.unwrap();
        assert_error(
            res,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        )
        .await;
    }
    let res = upload("empty.png", Vec::new(), &app.admin).await.unwrap();
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    let res = upload("huge.png", vec![0u8; 6 * 1024 * 1024], &app.admin)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Agents may not upload; unknown or malformed names are 404s.
    let agent = app.staff("agent@example.com", "agent").await;
    let res = upload("a.png", png.clone(), &agent).await.unwrap();
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let jpg = image.url.replace(".png", ".jpg");
    for path in ["/media/nope.png", "/media/../../etc/passwd", jpg.as_str()] {
        assert_ne!(app.get(path).await.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn the_help_centre_works_without_javascript() {
    let app = spawn_app().await;
    let mut es = article("Crear una factura", "Pasos para **facturar**.");
    es.tags = vec!["Facturas".into()];
    es.translation_key = Some("crear-factura".into());
    es.slug = Some("crear-factura".into());
    app.create_article(&es).await;
    let mut en = article("Create an invoice", "Steps.");
    en.locale = Some("en".into());
    en.tags = vec!["Invoices".into()];
    en.translation_key = Some("crear-factura".into());
    en.slug = Some("create-invoice".into());
    app.create_article(&en).await;
    let mut hostile = article("<script>alert(1)</script>Raro", "Texto.");
    hostile.slug = Some("raro".into());
    app.create_article(&hostile).await;

    // /help/demo → the site's language; the home lists categories and has a search form.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects
        .get(app.url("/help/demo"))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()["location"], "/help/demo/es");
    let res = app.get("/help/demo/es").await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
    let home = res.text().await.unwrap();
    assert!(home.contains("<html lang=\"es\">"));
    assert!(home.contains("<form role=search method=get action=\"/help/demo/es\">"));
    assert!(home.contains("<h2 id=\"facturas\">Facturas</h2>"));
    assert!(home.contains("href=\"http://127.0.0.1"));
    assert!(home.contains("/help/demo/es/crear-factura\">Crear una factura</a>"));
    assert!(home.contains("&lt;script&gt;") && !home.contains("<script>"));
    assert!(home.contains("hreflang=\"en\""));

    // Searching is a GET of the same page.
    let results = app
        .get("/help/demo/es?q=facturar")
        .await
        .text()
        .await
        .unwrap();
    assert!(results.contains("<mark>"), "{results}");
    assert!(results.contains("crear-factura"));
    let none = app
        .get("/help/demo/es?q=zzzzqq")
        .await
        .text()
        .await
        .unwrap();
    assert!(none.contains("Nada coincide"));
    let evil = app
        .get("/help/demo/es?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
        .await
        .text()
        .await
        .unwrap();
    assert!(!evil.contains("<script>alert(1)"));

    // Article pages: breadcrumbs, translations as hreflang, title and description.
    let page = app
        .get("/help/demo/es/crear-factura")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<nav class=crumbs"));
    assert!(page.contains("href=\"/help/demo/es#facturas\">Facturas</a>"));
    assert!(page.contains("<title>Crear una factura · "));
    assert!(page.contains("<meta name=description content=\"Pasos para facturar.\">"));
    assert!(page.contains("hreflang=\"en\""));

    // The sitemap names every published article with its translations.
    let res = app.get("/help/demo/sitemap.xml").await;
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let xml = res.text().await.unwrap();
    assert_eq!(xml.matches("<url>").count(), 3);
    assert!(xml.contains("/help/demo/en/create-invoice</loc>"));
    assert!(xml.contains("hreflang=\"es\""));
    // Unknown sites and languages, oversized searches.
    assert_eq!(
        app.get("/help/nope/es").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/help/demo/xx-not-a-lang!").await.status(),
        StatusCode::NOT_FOUND
    );
    let long = format!("/help/demo/es?q={}", "a".repeat(300));
    assert_eq!(app.get(&long).await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn two_editors_on_one_article_see_each_other() {
    let app = spawn_app().await;
    let ed = app.staff("ed@example.com", "editor").await;
    let created = app.create_article(&article("Compartido", "Texto.")).await;
    let path = format!("/api/v1/articles/{}/editing", created.id);
    let beat = |token: &str| {
        let request = app.client.post(app.url(&path)).bearer_auth(token).send();
        async move {
            request
                .await
                .unwrap()
                .json::<ayuda_api::EditingNow>()
                .await
                .unwrap()
                .others
        }
    };
    assert!(beat(&app.admin).await.is_empty(), "alone at first");
    assert_eq!(beat(&ed).await, vec!["admin@example.com".to_owned()]);
    assert_eq!(beat(&app.admin).await, vec!["ed@example.com".to_owned()]);
    let res = app.call(reqwest::Method::DELETE, &path, &ed, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(beat(&app.admin).await.is_empty(), "ed left");
    let res = app
        .post_json("/api/v1/articles/999999/editing", &app.admin, &json!({}))
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "article_not_found").await;
}

#[tokio::test]
async fn the_context_picker_offers_the_places_the_widget_was_opened_on() {
    let app = spawn_app().await;
    for url in [
        "https://app.example.com/invoices/42/edit?tab=1",
        "https://app.example.com/invoices/43/edit",
        "https://app.example.com/settings",
    ] {
        let res = app
            .get(&format!(
                "/api/v1/sites/demo/suggest?url={}&route=invoices.edit&elements=pay-button",
                urlencode(url)
            ))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Written within a few seconds, record ids generalised.
    let mut contexts = Vec::new();
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        contexts = app
            .call(
                reqwest::Method::GET,
                "/api/v1/contexts?site=demo",
                &app.admin,
                None,
            )
            .await
            .json::<Vec<ayuda_api::SeenContext>>()
            .await
            .unwrap();
        if !contexts.is_empty() {
            break;
        }
    }
    let seen: Vec<(&str, i64)> = contexts
        .iter()
        .map(|c| (c.context.as_str(), c.hits))
        .collect();
    assert!(seen.contains(&("/invoices/*/edit", 2)), "{seen:?}");
    assert!(seen.contains(&("invoices.edit", 3)) && seen.contains(&("pay-button", 3)));
    assert!(
        !seen.iter().any(|(c, _)| c.contains("42")),
        "no record ids kept"
    );
    let filtered: Vec<ayuda_api::SeenContext> = app
        .call(
            reqwest::Method::GET,
            "/api/v1/contexts?site=demo&q=SETT",
            &app.admin,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0].context, "/settings");
    let res = app
        .call(
            reqwest::Method::GET,
            "/api/v1/contexts?site=nope",
            &app.admin,
            None,
        )
        .await;
    assert!(res.status().is_client_error());
}
