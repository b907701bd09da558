//! Tickets and live conversations in a real browser against the real server: a first-time
//! visitor (fresh profile, no visitor token, nothing uploaded before) files a ticket, an agent
//! answers through the API, the reply shows up in the widget without a reload, the user
//! answers, the agent solves, the CSAT question appears and its answer is stored. The same
//! path runs with a pasted screenshot, and on PostgreSQL.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use ayuda_e2e::{Page, Server, WAIT, wait_for, with_browser, with_browser_flags};
use fantoccini::Locator;
use reqwest::Method;
use serde_json::{Value, json};

/// Pastes a real PNG (drawn on a canvas) into the contact form, as a screenshot from the
/// clipboard would arrive.
const PASTE_SCREENSHOT: &str = r#"
const done = arguments[arguments.length - 1];
const canvas = document.createElement('canvas');
canvas.width = 64; canvas.height = 48;
const ctx = canvas.getContext('2d');
ctx.fillStyle = '#c0392b'; ctx.fillRect(0, 0, 64, 48);
ctx.fillStyle = '#fff'; ctx.fillRect(8, 8, 20, 12);
canvas.toBlob(blob => {
  const data = new DataTransfer();
  data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
  document.querySelector('[data-testid=contact-form] textarea').dispatchEvent(event);
  done('pasted');
}, 'image/png');
"#;

async fn type_into(page: &Page, css: &str, text: &str) -> Result<()> {
    page.wait_css(css).await?.send_keys(text).await?;
    Ok(())
}

async fn click(page: &Page, css: &str) -> Result<()> {
    page.wait_css(css).await?.click().await?;
    Ok(())
}

/// The agents' view of ticket `id`.
async fn staff_view(server: &Server, agent: &str, id: i64) -> Result<Value> {
    server
        .call(
            Method::GET,
            &format!("/api/v1/tickets/{id}"),
            Some(agent),
            None,
        )
        .await
}

/// Message bodies shown in the open thread.
async fn shown_messages(page: &Page) -> Result<Vec<String>> {
    page.texts("[data-testid=message]").await
}

/// The contact form and conversations are a module of their own: a first visitor who opens
/// the panel and searches downloads none of it. "Contact us" fetches it, also when the first
/// try finds the server down (an error with Retry, then the form), and a ticket sent while the
/// server is down is sent by Retry once it is back, with nothing typed lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_loads_on_demand_cold_and_after_an_outage() -> Result<()> {
    let mut server = Server::start()?;
    let hosts = server.hosts.clone();
    let agent = server.staff_token("agente@example.com", "agent").await?;
    let server_ref = &mut server;
    with_browser("desk_on_demand", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{hosts}/plain.html")).await?;
        page.open_with_launcher().await?;
        page.enter_panel().await?;
        type_into(&page, "[data-testid=search-input]", "factura").await?;
        page.wait_texts("[data-testid=result]", "search results", |t| !t.is_empty())
            .await?;
        ensure!(
            page.requests_to("/widget/desk/").await? == 0,
            "opening the panel and searching downloaded desk code"
        );
        ensure!(
            page.requests_to("/tickets").await? == 0,
            "a first visitor has no conversations to ask for"
        );
        let meta = page
            .js("return document.querySelector('meta[name=ayuda-desk]').content")
            .await?;
        ensure!(
            meta.as_str()
                .is_some_and(|m| m.contains("/widget/desk/") && m.contains("_bg.wasm")),
            "the frame names the desk module: {meta}"
        );

        // The server goes down before the user heads for "Contact us": a friendly error, and
        // Retry brings the form once it is back.
        server_ref.kill();
        click(&page, "[data-testid=contact]").await?;
        let error = page.wait_css("[data-testid=error]").await?;
        ensure!(!error.text().await?.trim().is_empty());
        server_ref.restart()?;
        click(&page, "[data-testid=retry]").await?;
        page.wait_css("[data-testid=contact-form]").await?;
        ensure!(
            page.requests_to("/widget/desk/").await? >= 2,
            "the desk's script and wasm"
        );
        wait_for("the focus in the contact form", WAIT, || async {
            let focused = page
                .js("return !!document.activeElement && !!document.activeElement.closest('.desk')")
                .await?;
            Ok((focused == json!(true)).then_some(()))
        })
        .await?;

        // A ticket sent while the server is down fails visibly and keeps what was typed;
        // Retry sends it once the server is back.
        type_into(&page, "#ayuda-name", "Marta").await?;
        type_into(&page, "#ayuda-email", "marta@example.com").await?;
        type_into(&page, "#ayuda-subject", "La factura no se envía").await?;
        type_into(&page, "#ayuda-happened", "Al pulsar enviar no pasa nada").await?;
        page.js("document.querySelector('[data-testid=impact-question]').click()")
            .await?;
        server_ref.kill();
        click(&page, "[data-testid=contact-send]").await?;
        page.wait_css("[data-testid=retry]").await?;
        let subject = page
            .js("return document.querySelector('#ayuda-subject').value")
            .await?;
        ensure!(
            subject == json!("La factura no se envía"),
            "kept: {subject}"
        );
        server_ref.restart()?;
        click(&page, "[data-testid=retry]").await?;
        page.wait_texts("[data-testid=message]", "the filed ticket's thread", |t| {
            t.iter()
                .any(|m| m.contains("Al pulsar enviar no pasa nada"))
        })
        .await?;
        let inbox = server_ref
            .call(Method::GET, "/api/v1/tickets", Some(&agent), None)
            .await?;
        let subjects = inbox.to_string();
        ensure!(
            subjects.matches("La factura no se envía").count() == 1,
            "filed once: {subjects}"
        );
        // The search made before contacting is a content gap for the editors.
        let editor = server_ref
            .staff_token("editora@example.com", "editor")
            .await?;
        let gaps = server_ref
            .call(Method::GET, "/api/v1/content-gaps", Some(&editor), None)
            .await?;
        ensure!(
            gaps["followed_by_ticket"]
                .as_array()
                .is_some_and(|g| g.iter().any(|q| q["query"] == "factura" && q["count"] == 1)),
            "the last search before the ticket: {gaps}"
        );
        Ok(())
    })
    .await
}

/// A server that accepts and never answers (a hung backend, a stalled proxy) does not leave
/// "Contact us" loading for ever: after the API calls' timeout the user gets the error with
/// Retry, and the form once the server answers again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_server_gives_the_desk_a_retry_not_an_endless_wait() -> Result<()> {
    let server = Server::start()?;
    let hosts = server.hosts.clone();
    let server_ref = &server;
    with_browser("desk_hung_server", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{hosts}/plain.html")).await?;
        page.open_with_launcher().await?;
        page.enter_panel().await?;
        page.wait_css("[data-testid=home-article]").await?;
        server_ref.pause()?;
        let clicked = Instant::now();
        click(&page, "[data-testid=contact]").await?;
        let waited = wait_for(
            "the error after the timeout",
            Duration::from_secs(20),
            || async {
                Ok(page
                    .js("return !!document.querySelector('[data-testid=error]')")
                    .await?
                    .as_bool()
                    .filter(|shown| *shown)
                    .map(|_| ()))
            },
        )
        .await;
        server_ref.resume()?;
        waited?;
        ensure!(
            clicked.elapsed() >= Duration::from_secs(7),
            "the error came after the timeout, not at once: {:?}",
            clicked.elapsed()
        );
        // The request the click made was only queued: once the server answers, the module
        // arrives late and the form shows; Retry (if still there) asks again.
        page.js("const retry = document.querySelector('[data-testid=retry]'); if (retry) retry.click();")
            .await?;
        page.wait_css("[data-testid=contact-form]").await?;
        Ok(())
    })
    .await
}

/// Self-service from inside the contact form crosses both apps: an article suggested by the
/// form (desk module) opens in the reader (panel), whose "This answered my question" ends the
/// request in the form's friendly ending (desk module again), with no ticket and the draft gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_suggested_by_the_form_can_end_the_request_from_the_reader() -> Result<()> {
    let server = Server::start()?;
    let hosts = server.hosts.clone();
    with_browser("deflected_from_reader", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{hosts}/plain.html")).await?;
        page.open_with_launcher().await?;
        page.enter_panel().await?;
        click(&page, "[data-testid=contact]").await?;
        type_into(&page, "#ayuda-subject", "factura").await?;
        page.wait_css("[data-testid=deflect-article] a")
            .await?
            .click()
            .await?;
        page.wait_css("[data-testid=article]").await?;
        click(&page, "[data-testid=article] [data-testid=deflect-yes]").await?;
        let ending = page.wait_css("[data-testid=deflected]").await?;
        ensure!(
            ending.text().await?.contains("Glad it helped"),
            "the ending"
        );
        // It stays (the view came back because of it), and Back has nothing to undo.
        tokio::time::sleep(Duration::from_millis(300)).await;
        ensure!(page.requests_to("/tickets").await? == 0, "no ticket");
        ensure!(
            page.texts("[data-testid=deflected]").await?.len() == 1,
            "the ending is still shown"
        );
        let draft = page
            .js("return Object.keys(localStorage).filter(k => k.includes('draft')).length")
            .await?;
        ensure!(draft == json!(0), "the draft is gone: {draft}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_contact_ticket_live_reply_and_csat() -> Result<()> {
    whole_path(Server::start()?, "first_contact_sqlite", Case::TextOnly).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_with_pasted_screenshot_live_reply_and_csat() -> Result<()> {
    whole_path(Server::start()?, "screenshot_sqlite", Case::Screenshot).await
}

/// A browser that refuses storage to third-party frames (third-party cookies blocked, storage
/// not partitioned: Chromium with those settings, and privacy-minded browsers): the panel
/// cannot keep its visitor token between visits, but must keep it for the page's life.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_contact_without_third_party_storage() -> Result<()> {
    whole_path(
        Server::start()?,
        "no_storage_sqlite",
        Case::TextOnlyNoStorage,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_contact_ticket_path_on_postgresql() -> Result<()> {
    match Server::start_postgres().await? {
        Some(server) => whole_path(server, "first_contact_postgres", Case::TextOnly).await,
        None => Ok(()),
    }
}

/// Which first contact: what the user adds to the form besides text, and in what browser.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    /// Text only: the visitor token is first needed when the ticket is sent.
    TextOnly,
    /// A pasted screenshot: its upload creates the visitor token before sending.
    Screenshot,
    /// Text only, in a browser that refuses `localStorage` to third-party frames.
    TextOnlyNoStorage,
}

impl Case {
    /// Chromium flags for the browser this case runs in.
    fn browser_flags(self) -> &'static [&'static str] {
        match self {
            Case::TextOnlyNoStorage => &[
                "--test-third-party-cookie-phaseout",
                "--disable-features=ThirdPartyStoragePartitioning",
            ],
            Case::TextOnly | Case::Screenshot => &[],
        }
    }
}

/// Fails when the panel made more than one `POST /visitors` or got an error status from the
/// API (a token the server does not know gives 404s on the thread and its stream).
async fn one_visitor_and_no_api_errors(page: &Page) -> Result<()> {
    let visitors = page.requests_to("/visitors").await?;
    ensure!(
        visitors == 1,
        "one visitor token per browser, got {visitors}"
    );
    let failed = page
        .js("return performance.getEntriesByType('resource')
               .filter(e => e.name.includes('/api/') && e.responseStatus >= 400)
               .map(e => e.responseStatus + ' ' + e.name)")
        .await?;
    ensure!(failed == json!([]), "API errors in the panel: {failed}");
    Ok(())
}

async fn whole_path(server: Server, name: &str, case: Case) -> Result<()> {
    let agent = server.staff_token("agente@example.com", "agent").await?;
    with_browser_flags(name, case.browser_flags(), |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{}/plain.html", server.hosts)).await?;
        page.open_with_launcher().await?;
        page.enter_panel().await?;
        click(&page, "[data-testid=contact]").await?;
        page.wait_css("[data-testid=contact-form]").await?;
        type_into(&page, "#ayuda-name", "Lucía <b>Prueba</b>").await?;
        type_into(&page, "#ayuda-email", "lucia@example.com").await?;
        type_into(&page, "#ayuda-subject", "No puedo guardar la factura").await?;
        type_into(
            &page,
            "#ayuda-happened",
            "El botón <script>alert(1)</script> no responde",
        )
        .await?;
        // The radio may be drawn by its label: click it the way a user's click lands.
        page.js("document.querySelector('[data-testid=impact-blocked]').click()")
            .await?;
        // The reply expectation for L3 shows up once an impact is chosen.
        let expectation = page.wait_css("[data-testid=expectation]").await?;
        wait_for("an expectation message", WAIT, || async {
            Ok((!expectation.text().await?.trim().is_empty()).then_some(()))
        })
        .await?;
        if case == Case::Screenshot {
            let pasted = page.js_async(PASTE_SCREENSHOT).await?;
            ensure!(pasted == json!("pasted"), "{pasted}");
            page.wait_texts("[data-testid=file]", "the pasted screenshot", |t| {
                !t.is_empty()
            })
            .await?;
            // Wait until the upload has finished.
            wait_for("the upload to finish", WAIT, || async {
                let busy = page
                    .js("return !!document.querySelector('[data-testid=file-remove]')")
                    .await?;
                Ok((busy == json!(true)).then_some(()))
            })
            .await?;
        } else {
            ensure!(
                page.requests_to("/visitors").await? == 0,
                "no visitor token before the user sends something"
            );
        }
        // The environment is shown before sending.
        let environment = page.wait_css("[data-testid=environment]").await?;
        ensure!(
            environment.html(false).await?.contains("plain.html"),
            "the page URL is in the environment list"
        );
        click(&page, "[data-testid=contact-send]").await?;
        let first = page
            .wait_texts(
                "[data-testid=message]",
                "the user's message and the bot's reply",
                |t| t.len() >= 2,
            )
            .await?;
        ensure!(
            first[0].contains("<script>alert(1)</script>"),
            "user text shown as text: {first:?}"
        );
        ensure!(
            page.js("return document.querySelectorAll('[data-testid=message] script').length")
                .await?
                == json!(0)
        );

        // The agent finds it in the inbox with the screenshot attached.
        let inbox = server
            .call(Method::GET, "/api/v1/tickets", Some(&agent), None)
            .await?;
        let ticket = inbox["tickets"]
            .as_array()
            .and_then(|t| t.first())
            .context("the ticket is in the inbox")?;
        ensure!(ticket["level"] == "l3", "{ticket}");
        let id = ticket["id"].as_i64().context("id")?;
        let detail = staff_view(&server, &agent, id).await?;
        let files = &detail["messages"][0]["attachments"];
        if case == Case::Screenshot {
            ensure!(
                files.as_array().map(Vec::len) == Some(1)
                    && files[0]["content_type"] == "image/png",
                "the pasted screenshot is attached: {files}"
            );
            let png = reqwest::Client::new()
                .get(format!(
                    "{}{}",
                    server.url,
                    files[0]["url"].as_str().unwrap_or_default()
                ))
                .bearer_auth(&agent)
                .send()
                .await?
                .bytes()
                .await?;
            ensure!(png.starts_with(b"\x89PNG"), "a real PNG reached the agent");
        } else {
            ensure!(files == &json!([]), "nothing attached: {files}");
        }
        ensure!(
            detail["customer"]["environment"]["url"]
                .as_str()
                .is_some_and(|u| u.contains("plain.html")),
            "{}",
            detail["customer"]
        );

        // The thread is the user's own: read and followed with the one token created.
        page.wait_css("[data-testid=thread]").await?;
        ensure!(
            page.js("return !!document.querySelector('[data-testid=thread] [data-testid=error]')")
                .await?
                == json!(false),
            "the new ticket's thread is shown, not an error"
        );
        one_visitor_and_no_api_errors(&page).await?;

        // The agent's reply appears without a reload, within a second.
        let reply = "Hola Lucía, ya lo estamos mirando.";
        let sent = Instant::now();
        server
            .call(
                Method::POST,
                &format!("/api/v1/tickets/{id}/messages"),
                Some(&agent),
                Some(&json!({"body": reply})),
            )
            .await?;
        wait_for(
            "the agent's reply in the widget",
            Duration::from_secs(5),
            || async {
                Ok(shown_messages(&page)
                    .await?
                    .iter()
                    .any(|m| m.contains(reply))
                    .then_some(()))
            },
        )
        .await?;
        let latency = sent.elapsed();
        ensure!(
            latency < Duration::from_secs(1),
            "the reply took {latency:?} to appear"
        );

        // The user answers from the widget.
        type_into(&page, "[data-testid=reply]", "Gracias, espero.").await?;
        click(&page, "[data-testid=reply-send]").await?;
        wait_for("the user's answer at the agent", WAIT, || async {
            let detail = staff_view(&server, &agent, id).await?;
            Ok(detail["messages"]
                .as_array()
                .is_some_and(|m| m.iter().any(|m| m["body"] == "Gracias, espero."))
                .then_some(()))
        })
        .await?;

        // The agent solves; the CSAT question appears, is answered once, and is stored.
        server
            .call(
                Method::PATCH,
                &format!("/api/v1/tickets/{id}"),
                Some(&agent),
                Some(&json!({"status": "solved"})),
            )
            .await?;
        page.wait_css("[data-testid=csat]").await?;
        click(&page, "[data-testid=csat-good]").await?;
        click(&page, "[data-testid=csat-send]").await?;
        page.wait_css("[data-testid=csat-thanks]").await?;
        let detail = staff_view(&server, &agent, id).await?;
        ensure!(
            detail["ticket"]["csat"]["rating"] == "good",
            "{}",
            detail["ticket"]
        );
        ensure!(
            client
                .find_all(Locator::Css("[data-testid=csat]"))
                .await?
                .is_empty(),
            "asked once"
        );
        one_visitor_and_no_api_errors(&page).await?;
        Ok(())
    })
    .await
}
