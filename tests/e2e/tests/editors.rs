//! The editors' whole job in a real browser, from a fresh profile: a Spanish article with a
//! pasted image, published; its English translation added from the translations screen; the
//! Spanish source edited and the English one shown out of date (the list searched), then side by
//! side; a scheduled publish that happens, then the article archived from the editor; a search made in the widget in the content gaps, and "write an
//! article for this"; bulk publishing from the list; axe-core on every screen. On SQLite and
//! on PostgreSQL. Then passkeys, with Chromium's virtual authenticator: added on the account,
//! then a sign-in with the passkey alone and as the second factor.

use anyhow::{Context, Result, ensure};
use ayuda_e2e::{Page, STAFF_PASSWORD, Server, WAIT, wait_for, with_browser};
use fantoccini::Locator;
use serde_json::json;

async fn sign_in(page: &Page, email: &str) -> Result<()> {
    page.wait_css("#email").await?;
    page.fill("#email", email).await?;
    page.fill("#password", STAFF_PASSWORD).await?;
    page.click("#sign-in").await?;
    page.wait_texts("#user-email", "signed in", |t| t.iter().any(|t| t == email))
        .await?;
    Ok(())
}

/// The article id in the editor's address, once it has one.
async fn article_id(page: &Page) -> Result<i64> {
    wait_for("the article's address", WAIT, || async {
        let path = page.js("return location.pathname").await?;
        Ok(path
            .as_str()
            .and_then(|p| p.strip_prefix("/console/articles/"))
            .and_then(|rest| rest.parse::<i64>().ok()))
    })
    .await
}

async fn body_value(page: &Page) -> Result<String> {
    let value = page
        .js("const b = document.querySelector('#article-body'); return b ? b.value : ''")
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// A 1×1 PNG, pasted into the editor's textarea as a screenshot would be.
const PASTE_PNG: &str = r#"
const bytes = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), c => c.charCodeAt(0));
const data = new DataTransfer();
data.items.add(new File([bytes], 'captura.png', {type: 'image/png'}));
const area = document.querySelector('#article-body');
area.focus();
area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
return true;
"#;

async fn the_editors_job(server: Server, name: &'static str) -> Result<()> {
    server.add_staff("editor@example.com", "editor")?;
    let token = server.staff_token("admin2@example.com", "admin").await?;
    // Two drafts for the bulk action, and one to publish on a schedule.
    let mut drafts = Vec::new();
    for title in [
        "Borrador para lote uno",
        "Borrador para lote dos",
        "Lanzamiento programado",
    ] {
        let created = server
            .call(
                reqwest::Method::POST,
                "/api/v1/articles",
                Some(&token),
                Some(&json!({"title": title, "body": "Texto.", "locale": "es", "status": "draft"})),
            )
            .await?;
        drafts.push(created["id"].as_i64().context("an id")?);
    }
    // A search in the widget that finds nothing: a content gap.
    let gap = "zzyzx qwxv";
    let found = server
        .get_json(&format!(
            "/api/v1/sites/demo/search?q={}&locale=es",
            gap.replace(' ', "%20")
        ))
        .await?;
    ensure!(found["total"] == 0, "{found}");

    with_browser(name, |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{}/console/", server.url)).await?;
        sign_in(&page, "editor@example.com").await?;

        // A Spanish article with a pasted screenshot, previewed, published.
        page.click("#new-article").await?;
        page.wait_css("#article-title").await?;
        page.js(
            "const l = document.querySelector('#article-locale'); l.value = 'es';
             l.dispatchEvent(new Event('change', {bubbles: true})); return true;",
        )
        .await?;
        page.fill("#article-title", "Conciliar pagos con el banco").await?;
        page.fill("#article-body", "Importa el extracto y empareja cada pago.\n").await?;
        page.js(PASTE_PNG).await?;
        let body = wait_for("the image's Markdown", WAIT, || async {
            let body = body_value(&page).await?;
            Ok(body.contains("](/media/").then_some(body))
        })
        .await?;
        let src = wait_for("the image in the preview", WAIT, || async {
            let src = page
                .js("const i = document.querySelector('#preview-body img'); return i ? i.getAttribute('src') : null")
                .await?;
            Ok(src.as_str().map(str::to_owned))
        })
        .await?;
        ensure!(body.contains(&src), "{body} / {src}");
        let image = reqwest::get(format!("{}{src}", server.url)).await?;
        ensure!(image.status() == 200, "the image is served");
        ensure!(
            image.headers()["content-type"] == "image/png",
            "typed by content"
        );
        page.click("#publish-article").await?;
        page.wait_texts("#editor-status", "published", |t| {
            t.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))
        })
        .await?;
        let source = article_id(&page).await?;
        page.axe_clean("editor with an image").await?;

        // Its English translation, from the translations screen.
        client
            .goto(&format!("{}/console/translations", server.url))
            .await?;
        let row = format!("#translations-table tr[data-article-id='{source}'] a.translate-link");
        page.wait_css(&row).await?;
        page.axe_clean("translations").await?;
        page.click(&row).await?;
        page.wait_css("#seed-source").await?;
        let seeded = page
            .js("return document.querySelector('#article-title').value")
            .await?;
        ensure!(seeded == "Conciliar pagos con el banco", "seeded: {seeded}");
        page.fill("#article-title", "Reconcile payments with the bank").await?;
        page.fill("#article-body", "Import the statement and match each payment.").await?;
        page.click("#publish-article").await?;
        page.wait_texts("#editor-status", "published", |t| {
            t.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))
        })
        .await?;
        let english = article_id(&page).await?;
        ensure!(english != source);

        // The Spanish source changes: the English one is out of date.
        client
            .goto(&format!("{}/console/articles/{source}", server.url))
            .await?;
        page.wait_css("#article-body").await?;
        wait_for("the loaded body", WAIT, || async {
            Ok(body_value(&page).await?.contains("extracto").then_some(()))
        })
        .await?;
        page.fill("#article-body", "Importa el extracto del banco (CSV u OFX) y empareja cada pago.").await?;
        page.click("#save-article").await?;
        page.wait_texts("#article-version", "version 2", |t| t.iter().any(|t| t.contains('2')))
            .await?;
        client
            .goto(&format!("{}/console/translations", server.url))
            .await?;
        let outdated = format!("#translations-table tr[data-article-id='{source}'] .badge-outdated");
        page.wait_css(&outdated).await?;
        // The list is searchable by title, in either language.
        page.fill("#translations-search", "reconcile").await?;
        page.wait_css(&outdated).await?;
        page.fill("#translations-search", "zzyzx").await?;
        page.wait_css("#translations-empty").await?;
        page.fill("#translations-search", "conciliar").await?;
        page.wait_css(&outdated).await?;
        page.click(&format!("#translations-table tr[data-article-id='{source}'] a.compare-link"),
        )
        .await?;
        page.wait_css("#source-body").await?;
        page.wait_texts("#source-diff li.diff-added", "the source's change", |t| {
            t.iter().any(|t| t.contains("OFX"))
        })
        .await?;
        let english_side = page.texts("#translation-title").await?;
        ensure!(
            english_side.iter().any(|t| t.contains("Reconcile")),
            "{english_side:?}"
        );
        let headings = page.texts("#source-heading, #translation-heading").await?;
        ensure!(
            headings[0].contains("Spanish") && headings[1].contains("English"),
            "each side names its language: {headings:?}"
        );
        page.axe_clean("side by side").await?;

        // A publish scheduled a few seconds ahead happens, and reaches the widget's search.
        let scheduled = drafts[2];
        client
            .goto(&format!("{}/console/articles/{scheduled}", server.url))
            .await?;
        page.wait_css("#schedule-at").await?;
        page.js(
            "const d = new Date(Date.now() + 4000); const p = n => String(n).padStart(2, '0');
             const v = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
             const at = document.querySelector('#schedule-at'); at.step = '1'; at.value = v;
             at.dispatchEvent(new Event('input', {bubbles: true})); return v;",
        )
        .await?;
        page.click("#add-schedule").await?;
        page.wait_css("table.schedules tr.pending").await?;
        page.axe_clean("editor with a schedule").await?;
        wait_for("the scheduled publish", std::time::Duration::from_secs(20), || async {
            let found = server
                .get_json("/api/v1/sites/demo/search?q=lanzamiento%20programado&locale=es")
                .await?;
            let titles = found["hits"].to_string();
            Ok(titles.contains("Lanzamiento programado").then_some(()))
        })
        .await?;
        let article = server
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/articles/{scheduled}"),
                Some(&token),
                None,
            )
            .await?;
        ensure!(article["status"] == "published", "{article}");
        // Archived from the editor (after a question): out of the widget's search.
        client.refresh().await?;
        page.wait_css("#article-status.badge-published").await?;
        page.click("#archive-article").await?;
        page.wait_css("#archive-confirm-text").await?;
        page.axe_clean("the archive question").await?;
        page.click("#confirm-archive").await?;
        page.wait_css("#article-status.badge-archived").await?;
        let found = server
            .get_json("/api/v1/sites/demo/search?q=lanzamiento%20programado&locale=es")
            .await?;
        ensure!(
            !found["hits"].to_string().contains("Lanzamiento programado"),
            "{found}"
        );

        // The widget's search that found nothing is a content gap; write an article for it.
        client.goto(&format!("{}/console/gaps", server.url)).await?;
        // (The search log is written in batches: reload until it is there.)
        wait_for("the gap in the list", std::time::Duration::from_secs(20), || async {
            client.refresh().await?;
            let found = page.wait_texts("#gaps-no-results, #gaps-no-results-empty", "gaps", |t| !t.is_empty())
                .await?;
            Ok(found.iter().any(|t| t.contains(gap)).then_some(()))
        })
        .await?;
        page.axe_clean("content gaps").await?;
        page.click("#gaps-no-results a.write-article").await?;
        page.wait_css("#article-title").await?;
        let title = page
            .js("return document.querySelector('#article-title').value")
            .await?;
        ensure!(title == gap, "the draft is titled with the query: {title}");

        // Bulk: the two drafts published at once from the list.
        client
            .goto(&format!("{}/console/articles?status=draft", server.url))
            .await?;
        for id in &drafts[..2] {
            let checkbox = format!("input.select-article[data-article-id='{id}']");
            page.wait_css(&checkbox).await?;
            page.click(&checkbox).await?;
        }
        page.click("#bulk-publish").await?;
        page.wait_texts("#bulk-status", "the bulk result", |t| t.iter().any(|t| t.contains('2')))
            .await?;
        page.axe_clean("articles after a bulk action").await?;
        let listed = server
            .get_json("/api/v1/sites/demo/search?q=borrador%20lote&locale=es")
            .await?;
        let titles = listed["hits"].to_string();
        ensure!(
            titles.contains("Borrador para lote uno") && titles.contains("Borrador para lote dos"),
            "{listed}"
        );

        // "Only mine" asks the server for the member's own reviews (none due here).
        client
            .goto(&format!("{}/console/reviews", server.url))
            .await?;
        page.click("#reviews-mine").await?;
        page.wait_css("#reviews-empty").await?;
        let address = page.js("return location.search").await?;
        ensure!(address == "?mine=1", "kept in the address: {address}");
        for screen in ["reviews", "gaps"] {
            client
                .goto(&format!("{}/console/{screen}", server.url))
                .await?;
            page.wait_css("main#main h1").await?;
            page.axe_clean(screen).await?;
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_editors_whole_job_on_sqlite() -> Result<()> {
    the_editors_job(Server::start()?, "the_editors_whole_job_on_sqlite").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_editors_whole_job_on_postgres() -> Result<()> {
    let Some(server) = Server::start_postgres().await? else {
        return Ok(());
    };
    the_editors_job(server, "the_editors_whole_job_on_postgres").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_manage_the_team_read_the_audit_log_and_set_the_policy() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("boss@example.com", "admin")?;
    with_browser(
        "admins_manage_the_team_read_the_audit_log_and_set_the_policy",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/console/", server.url)).await?;
            sign_in(&page, "boss@example.com").await?;
            client
                .goto(&format!("{}/console/users", server.url))
                .await?;
            page.wait_css("table.team tr[data-user-id]").await?;
            page.axe_clean("team").await?;
            page.click("#add-member").await?;
            page.fill("#member-email", "<b>new</b>@example.com").await?;
            page.click("#generate-member-password").await?;
            page.click("#create-member").await?;
            // A hostile address is refused by the server, shown as text.
            page.wait_css("#add-member-error").await?;
            page.fill("#member-email", "nueva@example.com").await?;
            page.click("#create-member").await?;
            page.wait_texts("#pass-on-email", "the new member", |t| {
                t.iter().any(|t| t.contains("nueva@example.com"))
            })
            .await?;
            page.axe_clean("a new member's password").await?;
            page.click("#pass-on-done").await?;

            client
                .goto(&format!("{}/console/audit", server.url))
                .await?;
            page.wait_css("table.audit tr[data-action='user.create']")
                .await?;
            page.axe_clean("audit log").await?;

            client
                .goto(&format!("{}/console/security", server.url))
                .await?;
            page.wait_css("#require-2fa-on, #require-2fa-off").await?;
            page.axe_clean("security").await?;
            let bold = client.find_all(Locator::Css("main b")).await?;
            ensure!(bold.is_empty(), "markup stays text");
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passkey_added_on_the_account_signs_in_alone_and_as_the_second_factor() -> Result<()> {
    let server = Server::start_at_localhost()?;
    server.add_staff("keys@example.com", "editor")?;
    with_browser(
        "a_passkey_added_on_the_account_signs_in_alone_and_as_the_second_factor",
        |client| async move {
            let page = Page::new(client.clone());
            // A platform authenticator that verifies its user (as a fingerprint would).
            page.cdp("WebAuthn.enable", json!({"enableUI": false}))
                .await?;
            page.cdp(
                "WebAuthn.addVirtualAuthenticator",
                json!({"options": {
                    "protocol": "ctap2", "transport": "internal",
                    "hasResidentKey": true, "hasUserVerification": true,
                    "isUserVerified": true, "automaticPresenceSimulation": true
                }}),
            )
            .await?;
            client.goto(&format!("{}/console/", server.url)).await?;
            sign_in(&page, "keys@example.com").await?;
            client
                .goto(&format!("{}/console/account", server.url))
                .await?;
            page.wait_css("#add-passkey").await?;
            page.fill("#passkey-name", "Portátil <i>de</i> prueba")
                .await?;
            page.click("#add-passkey").await?;
            page.wait_css("table.passkeys tr[data-passkey-id]").await?;
            let names = page.texts("table.passkeys tr[data-passkey-id]").await?;
            ensure!(
                names
                    .iter()
                    .any(|n| n.contains("Portátil <i>de</i> prueba")),
                "the name stays text: {names:?}"
            );
            page.axe_clean("account with a passkey").await?;

            // Signed out, the passkey alone signs in: no e-mail, no password.
            page.click("#sign-out").await?;
            page.wait_css("#sign-in-passkey").await?;
            page.click("#sign-in-passkey").await?;
            page.wait_texts("#user-email", "signed in by passkey", |t| {
                t.iter().any(|t| t == "keys@example.com")
            })
            .await?;

            // The account has a second factor now: the password alone is not enough, and the
            // passkey completes it.
            page.click("#sign-out").await?;
            page.wait_css("#email").await?;
            page.fill("#email", "keys@example.com").await?;
            page.fill("#password", STAFF_PASSWORD).await?;
            page.click("#sign-in").await?;
            page.wait_css("#second-factor-passkey").await?;
            page.axe_clean("the second step").await?;
            page.click("#second-factor-passkey").await?;
            page.wait_texts("#user-email", "signed in with password and passkey", |t| {
                t.iter().any(|t| t == "keys@example.com")
            })
            .await?;
            // The audit log has both sign-ins and the passkey added.
            let token = server.staff_token("auditor@example.com", "admin").await?;
            let audit = server
                .call(
                    reqwest::Method::GET,
                    "/api/v1/audit?action=auth",
                    Some(&token),
                    None,
                )
                .await?;
            ensure!(audit.to_string().contains("auth.passkey_added"), "{audit}");
            Ok(())
        },
    )
    .await
}
