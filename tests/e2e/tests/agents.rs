//! The agents' workspace in real browsers, each from a fresh profile, on SQLite and on
//! PostgreSQL: a first-time visitor files a ticket with a pasted screenshot from the example
//! host page; it appears in the agent's inbox without a reload; the agent opens it, sees the
//! customer panel and the screenshot, answers with a macro after its preview, and the reply
//! reaches the widget; a second agent on the ticket is shown, and the first agent's later reply
//! is held until she sends it anyway; a reply sent later goes once; another ticket of the same
//! requester is merged in; the agent escalates and solves; the user's CSAT shows on the
//! dashboard. axe-core on the inbox, the ticket and the dashboard. Then the admins: the site's
//! colour changes the host page's launcher, new business hours change the widget's expected
//! reply, and an agent cannot reach the settings. And macros' files: an admin adds them in the
//! settings (picked, several at once, refusals in words; dropped; one removed), an agent sees
//! them in the macro's preview, applies it and the user receives them, then inserts it and
//! sends its copy with her own words; too many unsent files refuses Insert.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use ayuda_e2e::{Browser, Page, STAFF_PASSWORD, Server, WAIT, wait_for, with_browser};
use reqwest::Method;
use serde_json::{Value, json};

/// A real PNG drawn on a canvas, pasted into the widget's contact form.
const PASTE_SCREENSHOT: &str = r#"
const done = arguments[arguments.length - 1];
const canvas = document.createElement('canvas');
canvas.width = 64; canvas.height = 48;
const ctx = canvas.getContext('2d');
ctx.fillStyle = '#c0392b'; ctx.fillRect(0, 0, 64, 48);
canvas.toBlob(blob => {
  const data = new DataTransfer();
  data.items.add(new File([blob], 'pantalla.png', { type: 'image/png' }));
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
  document.querySelector('[data-testid=contact-form] textarea').dispatchEvent(event);
  done('pasted');
}, 'image/png');
"#;

const SUBJECT: &str = "No puedo exportar <b>facturas</b>";

async fn sign_in(page: &Page, email: &str) -> Result<()> {
    page.wait_css("#email").await?;
    page.fill("#email", email).await?;
    page.fill("#password", STAFF_PASSWORD).await?;
    page.click("#sign-in").await?;
    page.wait_texts("#user-email", "signed in", |t| t.iter().any(|t| t == email))
        .await?;
    Ok(())
}

/// Files the ticket from the widget on the example page, with a pasted screenshot.
async fn file_from_widget(user: &Page, server: &Server) -> Result<()> {
    user.client
        .goto(&format!("{}/plain.html", server.hosts))
        .await?;
    user.open_with_launcher().await?;
    user.enter_panel().await?;
    user.click("[data-testid=contact]").await?;
    user.wait_css("[data-testid=contact-form]").await?;
    for (css, text) in [
        ("#ayuda-name", "Lucía Prueba"),
        ("#ayuda-email", "lucia@example.com"),
        ("#ayuda-subject", SUBJECT),
        (
            "#ayuda-happened",
            "El botón <script>alert(1)</script> no responde",
        ),
    ] {
        user.wait_css(css).await?.send_keys(text).await?;
    }
    user.js("document.querySelector('[data-testid=impact-degraded], [data-testid=impact-question]').click()")
        .await?;
    let pasted = user.js_async(PASTE_SCREENSHOT).await?;
    ensure!(pasted == json!("pasted"), "{pasted}");
    wait_for("the upload to finish", WAIT, || async {
        let done = user
            .js("return !!document.querySelector('[data-testid=file-remove]')")
            .await?;
        Ok((done == json!(true)).then_some(()))
    })
    .await?;
    user.click("[data-testid=contact-send]").await?;
    user.wait_texts("[data-testid=message]", "the user's message", |t| {
        !t.is_empty()
    })
    .await?;
    Ok(())
}

async fn widget_shows(user: &Page, text: &str) -> Result<()> {
    user.wait_texts("[data-testid=message]", text, |t| {
        t.iter().any(|m| m.contains(text))
    })
    .await?;
    Ok(())
}

async fn ticket_json(server: &Server, token: &str, id: i64) -> Result<Value> {
    server
        .call(
            Method::GET,
            &format!("/api/v1/tickets/{id}"),
            Some(token),
            None,
        )
        .await
}

/// The ticket shown, from the console's address.
async fn shown_ticket(page: &Page) -> Result<i64> {
    wait_for("a ticket's address", WAIT, || async {
        let path = page.js("return location.pathname").await?;
        Ok(path
            .as_str()
            .and_then(|p| p.strip_prefix("/console/tickets/"))
            .and_then(|rest| rest.trim_end_matches('/').parse::<i64>().ok()))
    })
    .await
}

async fn the_agents_job(server: Server, name: &'static str) -> Result<()> {
    server.add_staff("ana@example.com", "agent")?;
    let ana = server.staff_token("ana@example.com", "agent").await?;
    let bea = server.staff_token("bea@example.com", "agent").await?;
    let admin = server.staff_token("jefa@example.com", "admin").await?;
    // Only Ana takes new tickets.
    for (token, available) in [(&bea, false), (&admin, false)] {
        let me = server
            .call(Method::GET, "/api/v1/auth/me", Some(token), None)
            .await?;
        let id = me["id"]
            .as_i64()
            .or(me["user"]["id"].as_i64())
            .context("my id")?;
        server
            .call(
                Method::PUT,
                &format!("/api/v1/agents/{id}"),
                Some(&admin),
                Some(&json!({ "available": available })),
            )
            .await?;
    }
    let made = server
        .call(
            Method::POST,
            "/api/v1/macros",
            Some(&admin),
            Some(&json!({
                "name": "Exportar",
                "reply": "Hola {{user.first_name}}: ve a Facturas → Exportar.",
                "add_tags": ["exportar"]
            })),
        )
        .await?;
    let macro_id = made["id"].as_i64().context("macro id")?;

    with_browser(name, |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{}/console/", server.url)).await?;
        sign_in(&page, "ana@example.com").await?;
        page.wait_css("#inbox-title").await?;
        page.js("window.__sameDocument = 1; return true").await?;

        // The user, in a browser of their own, files the ticket.
        let user_browser = Browser::start().await?;
        let user = Page::new(user_browser.client.clone());
        let filed = file_from_widget(&user, &server).await;
        if let Err(error) = filed {
            user_browser.close().await;
            return Err(error);
        }

        // It appears in Ana's inbox, live, without a reload.
        let rows = page
            .wait_texts("table.inbox tbody tr", "the new ticket in the inbox", |rows| {
                rows.iter().any(|r| r.contains(SUBJECT))
            })
            .await?;
        ensure!(
            page.js("return window.__sameDocument === 1").await? == json!(true),
            "the inbox was not reloaded"
        );
        ensure!(rows.iter().any(|r| r.contains("Lucía")), "{rows:?}");
        ensure!(
            page.js("return document.querySelectorAll('table.inbox b, table.inbox script').length")
                .await?
                == json!(0),
            "the subject is text"
        );
        page.axe_clean("the inbox").await?;

        // Open it: the customer panel and the screenshot.
        page.js(
            "const link = [...document.querySelectorAll('table.inbox tbody tr a')]
               .find(a => a.closest('tr').textContent.includes('exportar'));
             link.click(); return true",
        )
        .await?;
        let id = shown_ticket(&page).await?;
        page.wait_texts("#ticket-title", "the subject", |t| {
            t.iter().any(|t| t.contains(SUBJECT))
        })
        .await?;
        page.wait_texts("#customer-name", "the requester", |t| {
            t.iter().any(|t| t.contains("Lucía Prueba"))
        })
        .await?;
        page.wait_texts("#customer-panel", "the environment", |t| {
            t.iter().any(|t| t.contains("plain.html"))
        })
        .await?;
        wait_for("the screenshot inline", WAIT, || async {
            let loaded = page
                .js("const i = document.querySelector('#thread img'); return !!(i && i.complete && i.naturalWidth === 64)")
                .await?;
            Ok((loaded == json!(true)).then_some(()))
        })
        .await?;
        page.axe_clean("a ticket").await?;

        // A macro, previewed, then sent: the widget shows it.
        page.click("#open-macros").await?;
        page.wait_css(&format!("#macro-{macro_id}")).await?;
        page.click(&format!("#macro-{macro_id}")).await?;
        page.wait_texts("#macro-preview", "the macro's preview", |t| {
            t.iter().any(|t| t.contains("Hola Lucía: ve a Facturas"))
        })
        .await?;
        page.click("#apply-macro").await?;
        widget_shows(&user, "Hola Lucía: ve a Facturas").await?;

        // Bea opens the ticket and types: Ana sees her.
        server
            .call(
                Method::POST,
                &format!("/api/v1/tickets/{id}/viewing"),
                Some(&bea),
                Some(&json!({"typing": true})),
            )
            .await?;
        page.wait_texts("#ticket-viewers", "Bea on the ticket", |t| {
            t.iter().any(|t| t.contains("bea"))
        })
        .await?;
        // Ana starts her reply; Bea answers first: Ana's reply is held and shown to her before
        // it goes.
        page.fill("#composer-body", "Soy Ana: ya está resuelto.").await?;
        server
            .call(
                Method::POST,
                &format!("/api/v1/tickets/{id}/messages"),
                Some(&bea),
                Some(&json!({"body": "Soy Bea, lo miro yo."})),
            )
            .await?;
        page.wait_texts("#thread", "Bea's reply on Ana's screen", |t| {
            t.iter().any(|t| t.contains("Soy Bea"))
        })
        .await?;
        page.click("#send-reply").await?;
        page.wait_css("#held").await?;
        let held = ticket_json(&server, &ana, id).await?;
        ensure!(
            !held["messages"].to_string().contains("Soy Ana"),
            "a held reply is not stored"
        );
        page.click("#send-anyway").await?;
        widget_shows(&user, "Soy Ana: ya está resuelto.").await?;

        // A reply sent later goes once.
        page.fill("#composer-body", "Recordatorio programado").await?;
        page.click("#send-later summary").await?;
        page.wait_css("#send-at").await?;
        page.js(
            "const at = new Date(Date.now() + 8000 - new Date().getTimezoneOffset() * 60000);
             const input = document.querySelector('#send-at');
             input.step = 1;
             input.value = at.toISOString().slice(0, 19);
             input.dispatchEvent(new Event('input', {bubbles: true}));
             input.dispatchEvent(new Event('change', {bubbles: true}));
             return input.value",
        )
        .await?;
        page.click("#schedule-reply").await?;
        page.wait_texts("#scheduled-list", "the reply waiting", |t| {
            t.iter().any(|t| t.contains("Recordatorio programado"))
        })
        .await?;
        widget_shows(&user, "Recordatorio programado").await?;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let sent = ticket_json(&server, &ana, id).await?;
        let copies = sent["messages"]
            .as_array()
            .map_or(0, |m| m.iter().filter(|m| m["body"] == "Recordatorio programado").count());
        ensure!(copies == 1, "sent {copies} times");

        // Another ticket of hers, merged into this one from the console.
        let other = file_by_api(&server, "lucia@example.com", "Otra duda sobre facturas").await?;
        let other_id = server
            .call(Method::GET, "/api/v1/tickets?q=Otra%20duda", Some(&ana), None)
            .await?["tickets"][0]["id"]
            .as_i64()
            .context("the other ticket")?;
        ensure!(other_id != id);
        client
            .goto(&format!("{}/console/tickets/{other_id}", server.url))
            .await?;
        page.wait_texts("#ticket-title", "the other ticket", |t| {
            t.iter().any(|t| t.contains("Otra duda"))
        })
        .await?;
        page.click("#merge").await?;
        page.wait_css("#merge-target").await?;
        page.fill("#merge-target", &id.to_string()).await?;
        page.click("#merge-confirm").await?;
        wait_for("the merged ticket", WAIT, || async {
            Ok((shown_ticket(&page).await? == id).then_some(()))
        })
        .await?;
        let merged = ticket_json(&server, &ana, other_id).await?;
        ensure!(merged["ticket"]["status"] == "closed", "{}", merged["ticket"]);
        ensure!(merged["ticket"]["merged_into"] == id);
        ensure!(other.is_string());

        // Escalate with a reason, then solve.
        page.wait_texts("#ticket-title", "back on the first ticket", |t| {
            t.iter().any(|t| t.contains(SUBJECT))
        })
        .await?;
        page.click("#escalate").await?;
        page.fill("#escalate-reason", "Necesita al equipo de facturación").await?;
        page.click("#escalate-confirm").await?;
        wait_for("the escalation", WAIT, || async {
            let t = ticket_json(&server, &ana, id).await?;
            Ok((t["ticket"]["tier"] == "second_line").then_some(()))
        })
        .await?;
        page.click("#solve").await?;
        wait_for("solved", WAIT, || async {
            let t = ticket_json(&server, &ana, id).await?;
            Ok((t["ticket"]["status"] == "solved").then_some(()))
        })
        .await?;

        // The user rates it; the dashboard shows the CSAT.
        user.wait_css("[data-testid=csat]").await?;
        user.click("[data-testid=csat-good]").await?;
        user.click("[data-testid=csat-send]").await?;
        user.wait_css("[data-testid=csat-thanks]").await?;
        user_browser.close().await;
        client
            .goto(&format!("{}/console/dashboard", server.url))
            .await?;
        page.wait_css("#dashboard-title").await?;
        page.wait_texts("#kpi-csat", "the CSAT", |t| {
            t.iter().any(|t| t.contains("100"))
        })
        .await?;
        page.axe_clean("the dashboard").await?;
        Ok(())
    })
    .await
}

/// Files a ticket through the widget's API as a new visitor with `email`: its public id.
async fn file_by_api(server: &Server, email: &str, subject: &str) -> Result<Value> {
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{}/api/v1/sites/demo/visitors", server.url))
        .send()
        .await?
        .json()
        .await?;
    let token = token["token"].as_str().context("a visitor token")?;
    let res = http
        .post(format!("{}/api/v1/sites/demo/tickets", server.url))
        .header("x-ayuda-visitor", token)
        .json(&json!({
            "name": "Lucía Prueba",
            "email": email,
            "subject": subject,
            "trying": "Exportar",
            "happened": "Nada",
            "impact": "question",
            "locale": "es",
        }))
        .send()
        .await?;
    ensure!(res.status() == 201, "filing: {}", res.status());
    let thread: Value = res.json().await?;
    Ok(thread["ticket"]["id"].clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agents_whole_job_on_sqlite() -> Result<()> {
    the_agents_job(Server::start()?, "agents-sqlite").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agents_whole_job_on_postgres() -> Result<()> {
    let Some(server) = Server::start_postgres().await? else {
        eprintln!("skipped: AYUDA_TEST_POSTGRES_URL is not set");
        return Ok(());
    };
    the_agents_job(server, "agents-postgres").await
}

/// The launcher button's inline style (it lives in the widget's closed shadow root, which
/// DevTools' DOM domain pierces): what the loader painted it with.
async fn launcher_style(page: &Page) -> Result<Option<String>> {
    fn find(node: &Value) -> Option<String> {
        let attrs = node["attributes"].as_array();
        let attr = |name: &str| {
            attrs.and_then(|a| {
                a.chunks(2)
                    .find(|pair| pair[0] == name)
                    .and_then(|pair| pair.get(1))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
        };
        if node["nodeName"] == "BUTTON" && attr("class").as_deref() == Some("l") {
            return attr("style");
        }
        ["children", "shadowRoots"]
            .iter()
            .filter_map(|key| node[*key].as_array())
            .flatten()
            .find_map(find)
    }
    let document = page
        .cdp("DOM.getDocument", json!({"depth": -1, "pierce": true}))
        .await?;
    Ok(find(&document["root"]))
}

/// What the widget on the example page promises for a question, from its contact form.
async fn expected_reply(page: &Page, server: &Server) -> Result<String> {
    page.client
        .goto(&format!("{}/plain.html", server.hosts))
        .await?;
    page.open_with_launcher().await?;
    page.enter_panel().await?;
    page.click("[data-testid=contact]").await?;
    page.wait_css("[data-testid=contact-form]").await?;
    page.js("document.querySelector('[data-testid=impact-question]').click()")
        .await?;
    let shown = page
        .wait_texts("[data-testid=expectation]", "the expected reply", |t| {
            t.iter().any(|t| !t.trim().is_empty())
        })
        .await?;
    Ok(shown.join(" "))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_configure_the_site_and_hours_and_agents_cannot() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("jefa@example.com", "admin")?;
    server.add_staff("ana@example.com", "agent")?;
    with_browser("admins-settings", |client| async move {
        let page = Page::new(client.clone());
        let before = expected_reply(&page, &server).await?;

        // An agent cannot reach the settings.
        client.goto(&format!("{}/console/", server.url)).await?;
        sign_in(&page, "ana@example.com").await?;
        page.wait_css("#inbox-title").await?;
        ensure!(
            client
                .find_all(fantoccini::Locator::Css("#nav-settings"))
                .await?
                .is_empty(),
            "no settings in an agent's navigation"
        );
        client
            .goto(&format!("{}/console/settings/sites", server.url))
            .await?;
        page.wait_css("#settings-forbidden").await?;
        ensure!(
            client
                .find_all(fantoccini::Locator::Css("#site-form, #edit-site-demo"))
                .await?
                .is_empty(),
            "nothing of the settings is shown to an agent"
        );
        page.click("#sign-out").await?;

        // The admin gives the site a new colour and launcher text.
        page.wait_css("#email").await?;
        sign_in(&page, "jefa@example.com").await?;
        client
            .goto(&format!("{}/console/settings/sites", server.url))
            .await?;
        page.click("#edit-site-demo").await?;
        page.wait_css("#site-color-text").await?;
        page.fill("#site-color-text", "#0f766e").await?;
        page.fill("#site-launcher-text", "¿Dudas? <b>hola</b>")
            .await?;
        page.wait_texts("#site-snippet", "the embed snippet", |t| {
            t.iter().any(|t| t.contains("data-site=\"demo\""))
        })
        .await?;
        page.axe_clean("a site's settings").await?;
        page.click("#save-site").await?;
        wait_for("the colour saved", WAIT, || async {
            let config = server.get_json("/api/v1/sites/demo/config").await?;
            Ok((config["brand_color"] == "#0f766e").then_some(()))
        })
        .await?;
        let config = server.get_json("/api/v1/sites/demo/config").await?;
        ensure!(config["launcher_text"] == "¿Dudas? <b>hola</b>", "{config}");

        // New business hours: another time zone and a shorter first-reply target.
        client
            .goto(&format!("{}/console/settings/hours", server.url))
            .await?;
        page.wait_css("#hours-time-zone").await?;
        page.wait_css("#sla-first-l1").await?;
        page.fill("#hours-time-zone", "Pacific/Kiritimati").await?;
        page.fill("#sla-first-l1", "30m").await?;
        page.wait_css("#sla-preview").await?;
        page.axe_clean("business hours").await?;
        page.click("#save-hours").await?;
        let admin = server.staff_token("jefa2@example.com", "admin").await?;
        wait_for("the hours saved", WAIT, || async {
            let saved = server
                .call(
                    Method::GET,
                    "/api/v1/desk/settings/demo",
                    Some(&admin),
                    None,
                )
                .await?;
            Ok((saved["hours"]["time_zone"] == "Pacific/Kiritimati").then_some(saved))
        })
        .await?;

        // The example page's launcher takes the new colour, and the widget promises anew.
        client.goto(&format!("{}/plain.html", server.hosts)).await?;
        let style = wait_for("the launcher in the new colour", WAIT, || async {
            Ok(launcher_style(&page)
                .await?
                .filter(|style| style.contains("rgb(15, 118, 110)")))
        })
        .await?;
        ensure!(style.contains("background"), "{style}");
        let after = expected_reply(&page, &server).await?;
        ensure!(
            after != before,
            "the expected reply changed: {before:?} → {after:?}"
        );
        Ok(())
    })
    .await
}

/// The agents' and admins' screens on an emulated phone (on a host page wider than the screen
/// is the widget's case; the console is its own page) and a tablet: nothing scrolls sideways,
/// axe-core passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workspace_on_a_phone_and_a_tablet() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("jefa@example.com", "admin")?;
    file_by_api(
        &server,
        "lucia@example.com",
        "Una duda <b>larga</b> sobre facturas y exportaciones",
    )
    .await?;
    let tablet = ayuda_e2e::Phone {
        width: 768,
        height: 1024,
        pixel_ratio: 2.0,
    };
    for (name, device) in [("phone", ayuda_e2e::Phone::ANDROID), ("tablet", tablet)] {
        let url = server.url.clone();
        ayuda_e2e::with_phone(
            &format!("workspace_on_a_{name}"),
            &device,
            |client| async move {
                let page = Page::new(client.clone());
                client.goto(&format!("{url}/console/")).await?;
                sign_in(&page, "jefa@example.com").await?;
                let mut screens = vec![
                    ("inbox".to_owned(), "table.inbox tbody tr[data-ticket-id]"),
                    ("dashboard".to_owned(), "#kpi-tickets"),
                ];
                for settings in ["sites", "hours", "routing", "macros", "agents", "backups"] {
                    screens.push((format!("settings/{settings}"), "#settings-title"));
                }
                for (screen, ready) in screens {
                    client.goto(&format!("{url}/console/{screen}")).await?;
                    page.wait_css(ready).await?;
                    // Let the page settle (charts, lists) before measuring.
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    let sideways = page
                        .js("return document.documentElement.scrollWidth > window.innerWidth + 1")
                        .await?;
                    ensure!(
                        sideways == json!(false),
                        "{name}: {screen} scrolls sideways"
                    );
                    page.axe_clean(&format!("{screen} on a {name}")).await?;
                }
                // A ticket, with its customer panel under the thread.
                client.goto(&format!("{url}/console/inbox")).await?;
                page.click("table.inbox tbody tr[data-ticket-id] a").await?;
                page.wait_css("#customer-panel").await?;
                page.wait_css("#composer-body").await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                let sideways = page
                    .js("return document.documentElement.scrollWidth > window.innerWidth + 1")
                    .await?;
                ensure!(
                    sideways == json!(false),
                    "{name}: a ticket scrolls sideways"
                );
                page.axe_clean(&format!("a ticket on a {name}")).await?;
                Ok(())
            },
        )
        .await?;
    }
    Ok(())
}

/// A 4 × 4 PNG: the guide a macro carries.
const GUIDE_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x04\x00\x00\x00\x04\x08\x06\x00\x00\x00\xa9\xf1\x9e\x7e\x00\x00\x00\x12\x49\x44\x41\x54\x78\xda\x63\xe0\x2f\xcb\xfb\x8f\x8c\x19\x48\x17\x00\x00\x0c\x80\x1f\x21\xf3\x44\x16\x5b\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// A Windows program's first bytes.
const PROGRAM: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00";

const MACRO_NAME: &str = "Guía de exportación";

/// A text file dropped on the macro's files, as a file manager drops it.
const DROP_STEPS: &str = r#"
const data = new DataTransfer();
data.items.add(new File(['Paso 1: Facturas. Paso 2: Exportar.'], 'pasos.txt', { type: 'text/plain' }));
const zone = document.querySelector('#macro-drop-zone');
for (const type of ['dragenter', 'dragover', 'drop']) {
  zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
}
return true;
"#;

/// Whether `css` is absent or inside something hidden.
async fn not_shown(page: &Page, css: &str) -> Result<bool> {
    let hidden = page
        .client
        .execute(
            "const e = document.querySelector(arguments[0]); return !e || e.closest('[hidden]') !== null",
            vec![json!(css)],
        )
        .await?;
    Ok(hidden == json!(true))
}

/// The names of macro `id`'s files, from the API.
async fn macro_file_names(server: &Server, token: &str, id: i64) -> Result<Vec<String>> {
    let macros = server
        .call(Method::GET, "/api/v1/macros", Some(token), None)
        .await?;
    let found = macros
        .as_array()
        .and_then(|all| all.iter().find(|m| m["id"] == id))
        .with_context(|| format!("macro {id} in {macros}"))?;
    Ok(found["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// The admin's part: a macro made in the settings, files added through the page's file input
/// (one refused by the browser or the server, one by the server for its bytes) and by a drop,
/// one removed after the question; a macro without a reply offers no picker.
async fn admin_gives_a_macro_files(server: &Server, dir: &std::path::Path) -> Result<i64> {
    let admin = server.staff_token("jefa2@example.com", "admin").await?;
    let bare = server
        .call(
            Method::POST,
            "/api/v1/macros",
            Some(&admin),
            Some(&json!({"name": "Solo resolver", "reply": "", "set_status": "solved"})),
        )
        .await?["id"]
        .as_i64()
        .context("the bare macro")?;
    let mut paths = Vec::new();
    for (name, bytes) in [
        ("guia.png", GUIDE_PNG),
        ("instalador.png", PROGRAM),
        ("programa.exe", PROGRAM),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        paths.push(path.display().to_string());
    }
    let url = server.url.clone();
    let macro_id = std::sync::Arc::new(std::sync::Mutex::new(None));
    let found = macro_id.clone();
    with_browser("macro-files-admin", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{url}/console/")).await?;
        sign_in(&page, "jefa@example.com").await?;
        client.goto(&format!("{url}/console/settings/macros")).await?;
        page.wait_css("#macros-heading").await?;

        // A macro without a reply takes no files: the page says so instead of a picker.
        page.click(&format!("#edit-macro-{bare}")).await?;
        page.wait_css("#macro-files-closed").await?;
        ensure!(not_shown(&page, "#add-macro-files").await?, "no picker without a reply");
        page.click("#cancel-macro").await?;

        // A new macro: saved first, then its files.
        page.click("#new-macro").await?;
        page.wait_css("#macro-files-closed").await?;
        ensure!(not_shown(&page, "#add-macro-files").await?, "no picker before saving");
        page.fill("#macro-name", MACRO_NAME).await?;
        page.fill("#macro-reply", "Hola {{user.first_name}}: te adjunto la guía.")
            .await?;
        page.click("#save-macro").await?;
        page.wait_texts("table.settings-macros tbody tr", "the new macro", |rows| {
            rows.iter().any(|r| r.contains(MACRO_NAME))
        })
        .await?;
        let id = page
            .js(&format!(
                "return +[...document.querySelectorAll('tr[data-macro-id]')]
                   .find(r => r.textContent.includes('{MACRO_NAME}')).dataset.macroId"
            ))
            .await?
            .as_i64()
            .context("the new macro's id")?;
        *found.lock().map_err(|_| anyhow::anyhow!("poisoned"))? = Some(id);
        page.click(&format!("#edit-macro-{id}")).await?;
        page.wait_css("#add-macro-files").await?;

        // Three files at once through the file input: the guide is added, the program named
        // like an image is refused by the server for its bytes, the other program too (by the
        // browser's type or the server's), each in words.
        client
            .find(fantoccini::Locator::Css("#macro-file-input"))
            .await?
            .send_keys(&paths.join("\n"))
            .await?;
        page.wait_texts("#macro-file-list li", "the guide listed", |t| {
            t.iter().any(|t| t.contains("guia.png") && t.contains("PNG"))
        })
        .await?;
        let refused = page
            .wait_texts("#macro-files-error", "the refusals", |t| {
                t.iter()
                    .any(|t| t.contains("instalador.png") && t.contains("programa.exe"))
            })
            .await?
            .join(" ");
        ensure!(
            refused.contains("plain-text files are accepted"),
            "the server's own words: {refused}"
        );
        wait_for("each file's state", WAIT, || async {
            let states = page
                .js("return [...document.querySelectorAll('#macro-uploads li')].map(li => li.dataset.state).join(',')")
                .await?;
            Ok((states == json!("added,refused,refused")).then_some(()))
        })
        .await?;
        page.axe_clean("the macros settings with refused files").await?;
        let listed = page.texts("#macro-file-list li").await?;
        ensure!(
            !listed
                .iter()
                .any(|t| t.contains("instalador") || t.contains("programa")),
            "{listed:?}"
        );

        // A dropped file joins them.
        page.js(DROP_STEPS).await?;
        page.wait_texts("#macro-file-list li", "the dropped file", |t| {
            t.iter().any(|t| t.contains("pasos.txt") && t.contains("TXT"))
        })
        .await?;
        // The link opens the guide itself.
        let opened = page
            .js_async(
                "const done = arguments[arguments.length - 1];
                 const a = [...document.querySelectorAll('#macro-file-list a')].find(a => a.textContent.includes('guia.png'));
                 fetch(a.href).then(r => done(r.status + ' ' + r.headers.get('content-type') + ' ' + a.target));",
            )
            .await?;
        ensure!(opened == json!("200 image/png _blank"), "{opened}");
        page.axe_clean("the macros settings with files").await?;

        // Emptying the reply of a macro with files is refused before it is sent.
        page.fill("#macro-reply", " ").await?;
        page.click("#save-macro").await?;
        page.wait_texts("#macro-error", "the reply kept", |t| {
            t.iter().any(|t| !t.trim().is_empty())
        })
        .await?;
        page.fill("#macro-reply", "Hola {{user.first_name}}: te adjunto la guía.")
            .await?;

        // Removing a file asks first.
        let steps = page
            .js("return [...document.querySelectorAll('#macro-file-list li')].find(li => li.textContent.includes('pasos.txt')).dataset.fileId")
            .await?;
        let steps = steps.as_str().context("the steps' id")?;
        page.click(&format!("#remove-macro-file-{steps}")).await?;
        page.wait_css("#remove-macro-file-confirm").await?;
        page.click("#confirm-remove-macro-file").await?;
        page.wait_texts("#macro-file-list li", "the steps removed", |t| {
            t.len() == 1 && t[0].contains("guia.png")
        })
        .await?;
        page.click("#cancel-macro").await?;
        page.wait_texts(
            &format!("tr[data-macro-id=\"{id}\"] a.macro-file"),
            "the files in the list",
            |t| t.len() == 1 && t[0] == "guia.png",
        )
        .await?;
        Ok(())
    })
    .await?;
    let id = macro_id
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?
        .context("no macro was made")?;
    let names = macro_file_names(server, &admin, id).await?;
    ensure!(names == ["guia.png"], "{names:?}");
    let macros = server
        .call(Method::GET, "/api/v1/macros", Some(&admin), None)
        .await?;
    ensure!(
        macros.to_string().contains("te adjunto la guía"),
        "the reply was kept: {macros}"
    );
    let bare_files = macro_file_names(server, &admin, bare).await?;
    ensure!(bare_files.is_empty(), "{bare_files:?}");
    Ok(id)
}

/// Whether the widget's message with `text` shows the guide (loaded).
async fn widget_shows_guide(user: &Page, text: &str) -> Result<()> {
    widget_shows(user, text).await?;
    wait_for("the guide in the widget", WAIT, || async {
        let shown = user
            .client
            .execute(
                "const m = [...document.querySelectorAll('[data-testid=message]')]
                   .find(m => m.textContent.includes(arguments[0]));
                 const img = m && m.querySelector('[data-testid=attachment] img[alt=\"guia.png\"]');
                 return !!(img && img.complete && img.naturalWidth === 4)",
                vec![json!(text)],
            )
            .await?;
        Ok((shown == json!(true)).then_some(()))
    })
    .await
}

/// The agent's part: the macro's file in the picker's preview, sent by Apply, and taken into
/// her own reply by Insert; too many unsent files refuses Insert in words.
async fn agent_sends_the_macros_files(
    page: &Page,
    user: &Page,
    server: &Server,
    ana: &str,
    macro_id: i64,
) -> Result<()> {
    let id = server
        .call(Method::GET, "/api/v1/tickets?q=exportar", Some(ana), None)
        .await?["tickets"][0]["id"]
        .as_i64()
        .context("the ticket")?;
    page.client
        .goto(&format!("{}/console/tickets/{id}", server.url))
        .await?;
    page.wait_texts("#ticket-title", "the subject", |t| {
        t.iter().any(|t| t.contains(SUBJECT))
    })
    .await?;

    // Apply: the preview shows the guide; the user receives it with the reply.
    page.click("#open-macros").await?;
    page.click(&format!("#macro-{macro_id}")).await?;
    page.wait_texts("#macro-preview", "the macro's text", |t| {
        t.iter()
            .any(|t| t.contains("Hola Lucía: te adjunto la guía."))
    })
    .await?;
    wait_for("the guide's thumbnail", WAIT, || async {
        let loaded = page
            .js("const i = document.querySelector('#macro-preview-files img[alt=\"guia.png\"]'); return !!(i && i.complete && i.naturalWidth === 4)")
            .await?;
        Ok((loaded == json!(true)).then_some(()))
    })
    .await?;
    page.axe_clean("the macro picker with a file").await?;
    page.click("#apply-macro").await?;
    widget_shows_guide(user, "Hola Lucía: te adjunto la guía.").await?;

    // Insert: the text and a copy of the guide in the composer, sent with her own words.
    page.click("#open-macros").await?;
    page.click(&format!("#macro-{macro_id}")).await?;
    page.click("#insert-macro").await?;
    page.wait_texts(
        "#composer-attachments li",
        "the guide in the composer",
        |t| t.len() == 1 && t[0].contains("guia.png"),
    )
    .await?;
    let draft = page
        .js("return document.querySelector('#composer-body').value")
        .await?;
    ensure!(
        draft
            .as_str()
            .is_some_and(|d| d.contains("te adjunto la guía")),
        "{draft}"
    );
    page.wait_css("#composer-body")
        .await?
        .send_keys(" Un saludo, Ana.")
        .await?;
    page.click("#send-reply").await?;
    widget_shows_guide(user, "Un saludo, Ana.").await?;
    let thread = ticket_json(server, ana, id).await?;
    let last = thread["messages"]
        .as_array()
        .and_then(|m| m.last())
        .context("messages")?;
    ensure!(
        last["body"]
            .as_str()
            .is_some_and(|b| b.contains("te adjunto la guía") && b.contains("Un saludo, Ana.")),
        "{last}"
    );
    ensure!(
        last["attachments"].as_array().map(Vec::len) == Some(1)
            && last["attachments"][0]["name"] == "guia.png",
        "{last}"
    );
    page.wait_texts("#composer-attachments li", "the composer emptied", |t| {
        t.is_empty()
    })
    .await?;

    // Twenty files uploaded and not sent: Insert is refused, in words, and adds nothing.
    let http = reqwest::Client::new();
    for n in 0..20 {
        let res = http
            .post(format!(
                "{}/api/v1/tickets/{id}/attachments?name=nota{n}.txt",
                server.url
            ))
            .bearer_auth(ana)
            .body("nota")
            .send()
            .await?;
        ensure!(res.status() == 201, "upload {n}: {}", res.status());
    }
    page.click("#open-macros").await?;
    page.click(&format!("#macro-{macro_id}")).await?;
    page.click("#insert-macro").await?;
    let said = page
        .wait_texts("#macro-error", "Insert refused", |t| {
            t.iter().any(|t| t.contains("20"))
        })
        .await?;
    ensure!(
        page.texts("#composer-attachments li").await?.is_empty(),
        "nothing added: {said:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn macros_carry_files_from_settings_to_the_user() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("jefa@example.com", "admin")?;
    // Her token first: making one resets the account, which ends its browser sessions.
    let ana = server.staff_token("ana@example.com", "agent").await?;
    let dir = tempfile::tempdir()?;
    let macro_id = admin_gives_a_macro_files(&server, dir.path()).await?;

    // The user files a ticket from the example page, in a browser of their own; Ana, in
    // another, answers it with the macro.
    let user_browser = Browser::start().await?;
    let user = Page::new(user_browser.client.clone());
    let (server, user, ana) = (&server, &user, ana.as_str());
    let result = async {
        file_from_widget(user, server).await?;
        with_browser("macro-files-agent", |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/console/", server.url)).await?;
            sign_in(&page, "ana@example.com").await?;
            agent_sends_the_macros_files(&page, user, server, ana, macro_id).await
        })
        .await
    }
    .await;
    user_browser.close().await;
    result
}
