//! The editors' article list (the widget's engine for `q`, the filters) and bulk actions.

use ayuda_api::{Article, ArticleList, ArticleStatus, BulkResponse, NewArticle};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, article, assert_error, spawn_app, urlencode};

async fn list(app: &TestApp, query: &str) -> Vec<String> {
    let res = app
        .call(
            Method::GET,
            &format!("/api/v1/articles?{query}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    let list: ArticleList = res.json().await.unwrap();
    assert!(list.total >= list.articles.len() as i64);
    list.articles.into_iter().map(|a| a.slug).collect()
}

async fn bulk(app: &TestApp, token: &str, body: serde_json::Value) -> reqwest::Response {
    app.call(Method::POST, "/api/v1/articles/bulk", token, Some(&body))
        .await
}

#[tokio::test]
async fn the_list_searches_with_the_widgets_engine_and_filters_by_everything_editors_need() {
    let app = spawn_app().await;
    let refund = app
        .create_article(&NewArticle {
            slug: Some("refunds".into()),
            locale: Some("en".into()),
            tags: vec!["billing".into()],
            sites: vec!["demo".into()],
            ..article(
                "Get your money back",
                "How a refund for a cancelled order works.",
            )
        })
        .await;
    let draft = app
        .create_article(&NewArticle {
            slug: Some("refund-draft".into()),
            locale: Some("en".into()),
            status: Some(ArticleStatus::Draft),
            tags: vec!["billing-old".into()],
            ..article("Refund policy draft", "Unfinished.")
        })
        .await;
    app.create_article(&NewArticle {
        slug: Some("facturas".into()),
        locale: Some("es".into()),
        ..article("Descargar facturas", "Desde la cuenta.")
    })
    .await;

    // The engine finds the published article by its body's words, stemmed ("refunds"), and
    // the draft by its title; the engine's match comes first.
    assert_eq!(
        list(&app, "q=refunds").await,
        vec!["refunds".to_owned()],
        "the engine stems; the draft's title has no 'refunds'"
    );
    assert_eq!(
        list(&app, "q=refund").await,
        vec!["refunds", "refund-draft"]
    );
    assert_eq!(list(&app, "q=cancelled%20order").await, vec!["refunds"]);
    assert_eq!(
        list(&app, "q=refund&status=draft").await,
        vec!["refund-draft"]
    );
    assert_eq!(list(&app, "q=refund&locale=es").await, Vec::<String>::new());
    // Paging over a search.
    assert_eq!(
        list(&app, "q=refund&limit=1&offset=1").await,
        vec!["refund-draft"]
    );

    assert_eq!(list(&app, "tag=billing").await, vec!["refunds"]);
    assert_eq!(
        list(&app, &format!("tag={}", urlencode("%"))).await,
        Vec::<String>::new()
    );
    // An article without sites is on every site.
    assert_eq!(
        list(&app, "site=demo").await,
        vec!["facturas", "refund-draft", "refunds"]
    );

    let editor = app.staff("ed@example.com", "editor").await;
    let res = app
        .call(
            Method::PUT,
            &format!("/api/v1/articles/{}", draft.id),
            &editor,
            Some(&json!({"owner": "ed@example.com", "review_interval_days": 1})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        list(&app, "owner=ED@example.com").await,
        vec!["refund-draft"]
    );
    // Not due yet (a day from now).
    assert_eq!(list(&app, "review=due").await, Vec::<String>::new());

    // The Spanish article has no English translation and the English ones no Spanish one.
    let mut needs = list(&app, "translation=missing").await;
    needs.sort();
    assert_eq!(needs, vec!["facturas", "refund-draft", "refunds"]);
    let mut es = article("Reembolsos", "Cómo se devuelve el dinero.");
    es.locale = Some("es".into());
    es.slug = Some("reembolsos".into());
    es.translation_key = Some(refund.translation_key.clone());
    app.create_article(&es).await;
    let mut needs = list(&app, "translation=missing").await;
    needs.sort();
    assert_eq!(needs, vec!["facturas", "refund-draft"]);

    for (query, code) in [
        ("review=soon", "invalid_input"),
        ("translation=all", "invalid_input"),
        ("limit=0", "invalid_input"),
        ("offset=-1", "invalid_input"),
        ("locale=xx-evil", "invalid_input"),
    ] {
        let res = app
            .call(
                Method::GET,
                &format!("/api/v1/articles?{query}"),
                &app.admin,
                None,
            )
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, code).await;
    }
    let long = "a".repeat(201);
    let res = app
        .call(
            Method::GET,
            &format!("/api/v1/articles?tag={long}"),
            &app.admin,
            None,
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
}

#[tokio::test]
async fn bulk_actions_do_each_article_or_say_why_not() {
    let app = spawn_app().await;
    let mut drafts = Vec::new();
    for (slug, title) in [("one", "Primera guía"), ("two", "Segunda guía")] {
        drafts.push(
            app.create_article(&NewArticle {
                slug: Some(slug.into()),
                status: Some(ArticleStatus::Draft),
                ..article(title, "Texto de la guía.")
            })
            .await,
        );
    }
    let ids = [drafts[0].id, 999_999, drafts[1].id, drafts[0].id];
    let res = bulk(&app, &app.admin, json!({"ids": ids, "action": "publish"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let answer: BulkResponse = res.json().await.unwrap();
    let outcome: Vec<(i64, bool)> = answer.results.iter().map(|r| (r.id, r.ok)).collect();
    assert_eq!(
        outcome,
        vec![(drafts[0].id, true), (999_999, false), (drafts[1].id, true)],
        "in the request's order, each id once"
    );
    assert_eq!(
        answer.results[1].error.as_ref().map(|e| e.code.as_str()),
        Some("article_not_found")
    );
    // Live in the widget's search at once.
    assert_eq!(app.search("guía", "es").await.len(), 2);

    let res = bulk(
        &app,
        &app.admin,
        json!({"ids": [drafts[0].id], "action": "add_tag", "tag": "  pagos "}),
    )
    .await;
    let answer: BulkResponse = res.json().await.unwrap();
    let tagged: &Article = answer.results[0].article.as_ref().unwrap();
    assert_eq!(tagged.tags, vec!["pagos".to_owned()]);
    assert_eq!(tagged.published_version, Some(tagged.version), "still live");
    // Adding it again makes no new version.
    let again: BulkResponse = bulk(
        &app,
        &app.admin,
        json!({"ids": [drafts[0].id], "action": "add_tag", "tag": "pagos"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        again.results[0].article.as_ref().unwrap().version,
        tagged.version
    );
    let removed: BulkResponse = bulk(
        &app,
        &app.admin,
        json!({"ids": [drafts[0].id], "action": "remove_tag", "tag": "pagos"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(removed.results[0].article.as_ref().unwrap().tags.is_empty());

    let archived: BulkResponse = bulk(
        &app,
        &app.admin,
        json!({"ids": [drafts[1].id], "action": "archive"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let article = archived.results[0].article.as_ref().unwrap();
    assert_eq!(
        (article.status, article.published_version),
        (ArticleStatus::Archived, None)
    );
    assert_eq!(
        app.search("guía", "es").await.len(),
        1,
        "archived: out of search"
    );
    let res = bulk(
        &app,
        &app.admin,
        json!({"ids": [drafts[0].id, drafts[1].id], "action": "unpublish"}),
    )
    .await;
    let answer: BulkResponse = res.json().await.unwrap();
    assert!(answer.results.iter().all(|r| r.ok));
    assert!(app.search("guía", "es").await.is_empty());

    // The audit log has one entry per article changed.
    let res = app
        .call(
            Method::GET,
            "/api/v1/audit?action=article",
            &app.admin,
            None,
        )
        .await;
    let status = res.status();
    let audit: serde_json::Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK);
    let text = audit.to_string();
    assert!(text.contains("article.tag") && text.contains("article.unpublish"));

    // Refused whole, before anything changes.
    let many: Vec<i64> = (1..=101).collect();
    for (body, code) in [
        (json!({"ids": [], "action": "publish"}), "invalid_input"),
        (json!({"ids": many, "action": "publish"}), "invalid_input"),
        (
            json!({"ids": [drafts[0].id], "action": "delete"}),
            "invalid_input",
        ),
        (
            json!({"ids": [drafts[0].id], "action": "add_tag"}),
            "invalid_input",
        ),
        (
            json!({"ids": [drafts[0].id], "action": "add_tag", "tag": "x".repeat(61)}),
            "invalid_input",
        ),
        (json!({"ids": "1", "action": "publish"}), "invalid_json"),
    ] {
        let res = bulk(&app, &app.admin, body).await;
        assert_error(res, StatusCode::BAD_REQUEST, code).await;
    }
    // An agent may not.
    let agent = app.staff("agent@example.com", "agent").await;
    let res = bulk(
        &app,
        &agent,
        json!({"ids": [drafts[0].id], "action": "publish"}),
    )
    .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let still: ArticleList = app
        .call(
            Method::GET,
            "/api/v1/articles?status=draft",
            &app.admin,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still.total, 2, "nothing the refused requests named changed");
}

#[tokio::test]
async fn reviews_by_owner_and_horizon_one_translation_group_and_sites_for_editors() {
    let app = spawn_app().await;
    let editor = app.staff("ed@example.com", "editor").await;
    let mut ids = Vec::new();
    for (slug, owner) in [("a", "ed@example.com"), ("b", "admin@example.com")] {
        let created = app
            .create_article(&NewArticle {
                slug: Some(slug.into()),
                translation_key: Some(format!("key-{slug}")),
                ..article(&format!("Guía {slug}"), "Texto.")
            })
            .await;
        let res = app
            .call(
                Method::PUT,
                &format!("/api/v1/articles/{}", created.id),
                &editor,
                Some(&json!({"owner": owner, "review_interval_days": 3})),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        ids.push(created.id);
    }
    let due = |query: &'static str| {
        let app = &app;
        async move {
            let res = app
                .call(
                    Method::GET,
                    &format!("/api/v1/reviews?{query}"),
                    &app.admin,
                    None,
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{query}");
            let list: ArticleList = res.json().await.unwrap();
            list.articles
                .into_iter()
                .map(|a| a.slug)
                .collect::<Vec<_>>()
        }
    };
    assert!(due("").await.is_empty(), "due in three days, not now");
    assert_eq!(due("within_days=7").await, vec!["a", "b"]);
    assert_eq!(due("within_days=7&owner=ED@example.com").await, vec!["a"]);
    assert_eq!(due("within_days=7&q=GU%C3%8DA%20B").await, vec!["b"]);
    assert!(
        due("within_days=7&q=%25").await.is_empty(),
        "wildcards are literal"
    );
    for query in ["within_days=-1", "within_days=366"] {
        let res = app
            .call(
                Method::GET,
                &format!("/api/v1/reviews?{query}"),
                &app.admin,
                None,
            )
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }

    // One group, with the locales of the whole help centre.
    let mut en = article("Guide a", "Text.");
    en.locale = Some("en".into());
    en.slug = Some("other-en".into());
    en.translation_key = Some("key-other".into());
    app.create_article(&en).await;
    let res = app
        .call(
            Method::GET,
            "/api/v1/translations?translation_key=key-a&state=all",
            &editor,
            None,
        )
        .await;
    let groups: ayuda_api::TranslationList = res.json().await.unwrap();
    assert_eq!(groups.total, 1);
    assert_eq!(groups.groups[0].source.id, ids[0]);
    assert_eq!(groups.groups[0].translations[0].locale, "en");
    assert_eq!(groups.groups[0].translations[0].state, "missing");
    // Searched by any member's title.
    let res = app
        .call(
            Method::GET,
            "/api/v1/translations?q=guide%20A&state=all",
            &editor,
            None,
        )
        .await;
    let found: ayuda_api::TranslationList = res.json().await.unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.groups[0].translation_key, "key-other");

    // Editors read the sites (without secrets) to pick an article's.
    let res = app.call(Method::GET, "/api/v1/sites", &editor, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(text.contains("\"key\":\"demo\"") && !text.contains("secret"));
}

#[tokio::test]
async fn a_search_followed_by_a_ticket_is_a_content_gap() {
    let app = spawn_app().await;
    let visitor: serde_json::Value = app
        .client
        .post(app.url("/api/v1/sites/demo/visitors"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = visitor["token"].as_str().unwrap().to_owned();
    let file = |last_search: serde_json::Value| {
        let app = &app;
        let token = token.clone();
        async move {
            let mut body = json!({
                "name": "Ana", "email": "ana@example.com", "subject": "No puedo exportar",
                "happened": "Sale un error", "impact": "question", "environment": {},
                "locale": "es"
            });
            if !last_search.is_null() {
                body["last_search"] = last_search;
            }
            app.client
                .post(app.url("/api/v1/sites/demo/tickets"))
                .header("x-ayuda-visitor", token)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    for query in [
        json!("Exportar a  SAP\u{7}"),
        json!("exportar a  sap "),
        json!("   "),
        serde_json::Value::Null,
    ] {
        let res = file(query).await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    // Still a text field: anything else is refused whole.
    let res = file(json!(["x"])).await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_json").await;
    let res = file(json!("x".repeat(5000))).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "long searches are cut, not refused"
    );

    let gaps: ayuda_api::ContentGaps = app
        .call(Method::GET, "/api/v1/content-gaps", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    let followed: Vec<(String, i64)> = gaps
        .followed_by_ticket
        .iter()
        .map(|g| (g.query.clone(), g.count))
        .collect();
    assert_eq!(
        followed[0],
        ("exportar a  sap".to_owned(), 2),
        "{followed:?}"
    );
    assert_eq!(followed.len(), 2, "blank searches are not gaps");
    assert!(followed[1].0.chars().count() <= 201);
}
