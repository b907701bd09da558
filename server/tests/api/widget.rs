//! The widget's files: the loader, the framed panel with its CSP, the hashed assets; and the
//! reader's extras the panel relies on (related articles, suggestions by host tags).

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH};

use crate::helpers::{Db, TestApp, assert_error, examples_kb, spawn_app, spawn_with};

/// A small stand-in for Trunk's output: an inline module script, a JS file, a wasm file.
fn write_build(app: &TestApp) {
    let dir = &app.widget_dir;
    std::fs::create_dir_all(dir.join("snippets/x")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/widget/style-1.css\">\
         <script type=\"module\">import init from '/widget/app-1.js'; init();</script></head>\
         <body></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("app-1.js"),
        "export default function init() {}\n".repeat(50),
    )
    .unwrap();
    std::fs::write(dir.join("app-1_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("style-1.css"), "body { margin: 0 }\n").unwrap();
    std::fs::write(dir.join("snippets/x/inline0.js"), "export const a = 1;\n").unwrap();
}

#[tokio::test]
async fn loader_is_served_compressed_and_cacheable() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/widget.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
    assert!(
        res.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        res.headers()["cross-origin-resource-policy"],
        "cross-origin"
    );
    let etag = res.headers()[ETAG].clone();
    let gzipped = res.bytes().await.unwrap();
    // What every host page downloads: the loader's first stage, at most 2 KB gzip (the
    // second stage loads on intent, or at once for a site whose launcher has a text, a logo
    // or the left corner; sizes in BENCHMARKS.md).
    assert!(
        gzipped.len() <= 2 * 1024,
        "loader (stage 1) gzip is {} bytes",
        gzipped.len()
    );

    // The built first stage, naming the second by its hashed URL.
    let plain = app.get("/widget.js").await.text().await.unwrap();
    assert_eq!(plain, ayuda_server::routes::widget::loader_js());
    assert!(
        plain.contains(&ayuda_server::routes::widget::stage2_path()),
        "{plain}"
    );
    let again = app
        .client
        .get(app.url("/widget.js"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

/// The loader's second stage: at the hashed URL the first stage names, cached for ever, with
/// CORS (host pages import it as a module from their origin) and CORP; built or not, another
/// hash is a 404.
#[tokio::test]
async fn loader_stage2_is_served_immutable_at_its_hashed_url() {
    let app = spawn_app().await;
    let path = ayuda_server::routes::widget::stage2_path();
    let res = app
        .client
        .get(app.url(&path))
        .header("accept-encoding", "gzip")
        .header("origin", "https://host.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(res.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(
        res.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    assert_eq!(
        res.headers()["cross-origin-resource-policy"],
        "cross-origin"
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let etag = res.headers()[ETAG].clone();
    let body = ayuda_server::assets::decode(Some("gzip"), &res.bytes().await.unwrap()).unwrap();
    assert_eq!(
        body,
        ayuda_server::routes::widget::LOADER_STAGE2_JS.as_bytes()
    );

    let res = app
        .client
        .get(app.url(&path))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[CONTENT_ENCODING], "br");
    let plain = app.get(&path).await.text().await.unwrap();
    assert_eq!(plain, ayuda_server::routes::widget::LOADER_STAGE2_JS);

    let again = app
        .client
        .get(app.url(&path))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["access-control-allow-origin"], "*");

    // Another build's hash (a first stage cached from before an upgrade) gets this build's
    // second stage, never cached under that name; a name of another shape is a 404, whether
    // the panel is built or not.
    let old = app.get("/widget/loader-0123456789abcdef.js").await;
    assert_eq!(old.status(), StatusCode::OK);
    assert_eq!(old.headers()[CACHE_CONTROL], "no-cache");
    assert_eq!(old.headers()["access-control-allow-origin"], "*");
    assert_eq!(
        old.text().await.unwrap(),
        ayuda_server::routes::widget::LOADER_STAGE2_JS
    );
    for wrong in [
        "/widget/loader-.js",
        "/widget/loader-0123456789ABCDEF.js",
        "/widget/loader-0123456789abcdef0.js",
        "/widget/loader-0123456789abcdeg.js",
    ] {
        assert_eq!(
            app.get(wrong).await.status(),
            StatusCode::NOT_FOUND,
            "{wrong}"
        );
    }
    write_build(&app);
    assert_eq!(
        app.get("/widget/loader-0000000000000000.js").await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/widget/loader-x.js").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&path).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn frame_has_a_strict_csp_naming_the_sites_origins() {
    let app = spawn_app().await;
    // Not built yet: a clear JSON error, not a crash.
    assert_error(
        app.get("/widget/frame.html?site=demo").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
    )
    .await;
    write_build(&app);

    let res = app.get("/widget/frame.html?site=demo").await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(csp.contains("style-src 'self';"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(csp.contains("frame-ancestors http://localhost:*"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(res.headers()[CACHE_CONTROL], "no-cache");
    assert!(res.text().await.unwrap().contains("import init"));

    // A site with its own origins: only those may frame it.
    let res = app
        .post_json(
            "/api/v1/sites",
            &app.admin,
            &serde_json::json!({
                "key": "shop", "allowed_origins": ["https://shop.example.com", "https://*.shop.example"]
            }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let csp = app.get("/widget/frame.html?site=shop").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.ends_with("frame-ancestors https://shop.example.com https://*.shop.example"),
        "{csp}"
    );

    // Bad input.
    assert_error(
        app.get("/widget/frame.html?site=nope").await,
        StatusCode::NOT_FOUND,
        "site_not_found",
    )
    .await;
    assert_error(
        app.get("/widget/frame.html").await,
        StatusCode::BAD_REQUEST,
        "invalid_input",
    )
    .await;
}

#[tokio::test]
async fn assets_are_served_from_the_build_only() {
    let app = spawn_app().await;
    write_build(&app);
    let res = app
        .client
        .get(app.url("/widget/app-1.js"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CONTENT_ENCODING], "br");
    assert!(
        res.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let res = app.get("/widget/app-1_bg.wasm").await;
    assert_eq!(res.headers()[CONTENT_TYPE], "application/wasm");
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
    assert_eq!(
        app.get("/widget/snippets/x/inline0.js").await.status(),
        StatusCode::OK
    );

    for path in [
        "/widget/nope.js",
        "/widget/../Cargo.toml",
        "/widget/..%2f..%2fCargo.toml",
        "/widget/%2e%2e/ayuda.db",
        "/widget/index.html",
    ] {
        let status = app.get(path).await.status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }

    // A rebuild shows up without a restart.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(app.widget_dir.join("app-2.js"), "export {};").unwrap();
    std::fs::write(
        app.widget_dir.join("index.html"),
        "<!doctype html><script type=\"module\">import '/widget/app-2.js';</script>",
    )
    .unwrap();
    assert_eq!(app.get("/widget/app-2.js").await.status(), StatusCode::OK);
}

/// The desk module (Trunk's second build, in `desk/`): the frame names its script and wasm in
/// a `<meta>` the panel reads, its files are served like the panel's, its own `index.html` is
/// not, and a desk build that names something other than a plain path is left unnamed.
#[tokio::test]
async fn the_frame_names_the_desk_module_of_the_same_build() {
    let app = spawn_app().await;
    write_build(&app);
    let frame_url = "/widget/frame.html?site=demo";
    let frame = app.get(frame_url).await.text().await.unwrap();
    assert!(
        !frame.contains("ayuda-desk"),
        "no desk build, no meta: {frame}"
    );

    let desk = app.widget_dir.join("desk");
    std::fs::create_dir_all(&desk).unwrap();
    std::fs::write(desk.join("ayuda-desk-9f.js"), "export default () => {};").unwrap();
    std::fs::write(desk.join("ayuda-desk-9f_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        desk.join("index.html"),
        "<link rel=\"modulepreload\" href=\"/widget/desk/ayuda-desk-9f.js\">\
         <link rel=\"preload\" href=\"/widget/desk/ayuda-desk-9f_bg.wasm\" as=\"fetch\">",
    )
    .unwrap();
    // The desk build alone changed: the frame follows without a restart.
    let frame = app.get(frame_url).await.text().await.unwrap();
    let meta = r#"<meta name="ayuda-desk" content="/widget/desk/ayuda-desk-9f.js /widget/desk/ayuda-desk-9f_bg.wasm">"#;
    assert_eq!(frame.matches(meta).count(), 1, "{frame}");
    assert!(
        frame.find(meta) < frame.find("</head>"),
        "in the head: {frame}"
    );
    for path in [
        "/widget/desk/ayuda-desk-9f.js",
        "/widget/desk/ayuda-desk-9f_bg.wasm",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert!(
            res.headers()[CACHE_CONTROL]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
    }
    assert_eq!(
        app.get("/widget/desk/index.html").await.status(),
        StatusCode::NOT_FOUND
    );

    // A hostile or broken desk page never reaches the frame's markup.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        desk.join("index.html"),
        "<link href=\"/widget/desk/x.js\"><link href=\"/x\" onload=\"alert(1)_bg.wasm\">",
    )
    .unwrap();
    let frame = app.get(frame_url).await.text().await.unwrap();
    assert!(!frame.contains("ayuda-desk"), "{frame}");
    assert!(!frame.contains("alert"), "{frame}");
}

#[tokio::test]
async fn reader_lists_related_articles_and_suggest_takes_host_tags() {
    let app = spawn_with(Db::Sqlite, |store| async move {
        ayuda_server::import::import_dir(&store, &examples_kb(), "es", false)
            .await
            .unwrap();
    })
    .await
    .unwrap();
    let (status, body) = app
        .get_json("/api/v1/sites/demo/articles/crear-una-factura?locale=es")
        .await;
    assert_eq!(status, StatusCode::OK);
    let related = body["related"].as_array().unwrap();
    assert!(!related.is_empty() && related.len() <= 3, "{related:?}");
    for item in related {
        assert_ne!(item["slug"], "crear-una-factura");
        assert!(item["url"].as_str().unwrap().starts_with("http://"));
        assert_eq!(item["locale"], "es");
    }

    // A tag the host passes brings its articles in before the popular ones.
    let (_, plain) = app
        .get_json("/api/v1/sites/demo/suggest?url=/nowhere&locale=es&limit=3")
        .await;
    let (_, tagged) = app
        .get_json("/api/v1/sites/demo/suggest?url=/nowhere&locale=es&limit=3&tags=seguridad")
        .await;
    let reasons: Vec<&str> = tagged["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons.first(), Some(&"context"), "{tagged}");
    assert_ne!(plain, tagged);

    // Hostile or oversized tags are only ever compared as tags: nothing matches, nothing fails.
    let long = "x".repeat(5000);
    for tags in [
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        ",,,,,,",
        long.as_str(),
    ] {
        let (status, body) = app
            .get_json(&format!(
                "/api/v1/sites/demo/suggest?url=/nowhere&locale=es&limit=3&tags={tags}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{tags}: {body}");
        assert_eq!(body, plain, "{tags}");
    }
}
