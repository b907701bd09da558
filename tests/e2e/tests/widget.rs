//! The widget in a real browser: the real `ayuda` binary serves the API, the loader, the panel
//! and the example host pages (on another origin); Debian's Chromium runs them headless.

use anyhow::{Result, ensure};
use ayuda_e2e::{Page, Server, WAIT, wait_for, with_browser};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

/// Console entries from the host page that are errors (`SEVERE`), except the failed loads the
/// server-down case provokes on purpose.
async fn host_errors(page: &Page) -> Result<Vec<String>> {
    Ok(page
        .console()
        .await?
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .map(|(_, message)| message)
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spa_context_search_read_vote_and_escape() -> Result<()> {
    let server = Server::start()?;
    with_browser(
        "spa_context_search_read_vote_and_escape",
        |client| async move {
            let page = Page::new(client.clone());
            client
                .goto(&format!("{}/invoices/new", server.hosts))
                .await?;
            // The launcher is drawn without the panel: no iframe until the user gets near it
            // (the default tag has no idle-time preload).
            let widget = page.widget().await?;
            let frames = widget
                .shadow_root()
                .await?
                .find_all(Locator::Css("iframe"))
                .await?;
            ensure!(frames.is_empty(), "no panel before any interaction");
            let stored = page
                .js("return [localStorage.length, sessionStorage.length, document.cookie]")
                .await?;
            ensure!(
                stored == json!([0, 0, ""]),
                "the host's storage untouched: {stored}"
            );
            let (_, _, width, height) = widget.rectangle().await?;
            ensure!(
                (40.0..=72.0).contains(&width) && (40.0..=72.0).contains(&height),
                "launcher box {width}×{height}"
            );
            ensure!(page.state().await? == "closed");

            page.open_with_launcher().await?;
            let titles = page
                .wait_texts(
                    "[data-testid=home-article]",
                    "suggestions for /invoices/new",
                    |t| t.iter().any(|t| t.contains("Cómo crear una factura")),
                )
                .await?;
            ensure!(
                titles[0].contains("Cómo crear una factura"),
                "the exact context comes first: {titles:?}"
            );

            // A route change in the single-page app updates the suggestions without a reload.
            page.top().await?;
            client
                .find(Locator::Css("a[href='/settings/security']"))
                .await?
                .click()
                .await?;
            page.enter_panel().await?;
            page.wait_texts(
                "[data-testid=home-article]",
                "suggestions for /settings/security",
                |t| t.iter().any(|t| t.contains("verificación en dos pasos")),
            )
            .await?;

            // Search in Spanish with a typo (transposed letters), open the first hit.
            let input = page.wait_css("[data-testid=search-input]").await?;
            input.send_keys("recordatorois de pago").await?;
            let results = page
                .wait_texts("[data-testid=result]", "search results", |t| !t.is_empty())
                .await?;
            ensure!(
                results[0].contains("Recordatorios automáticos de pago"),
                "first hit: {results:?}"
            );
            let marks = client
                .find_all(Locator::Css("[data-testid=result] mark"))
                .await?;
            ensure!(!marks.is_empty(), "snippets highlight the matches");
            let status = page.texts("[data-testid=status]").await?.join(" ");
            ensure!(
                status.chars().any(|c| c.is_ascii_digit()),
                "live region: {status:?}"
            );
            input.send_keys(&Key::Down.to_string()).await?;
            input.send_keys(&Key::Enter.to_string()).await?;
            let title = page.wait_css("[data-testid=article-title]").await?;
            ensure!(
                title
                    .text()
                    .await?
                    .contains("Recordatorios automáticos de pago")
            );

            // Vote once; the server counts it.
            page.wait_css("[data-testid=vote-yes]")
                .await?
                .click()
                .await?;
            page.wait_css("[data-testid=vote-thanks]").await?;
            let article = server
                .get_json("/api/v1/sites/demo/articles/recordatorios-de-pago?locale=es")
                .await?;
            ensure!(article["helpful"] == json!(1), "{article}");

            // Back returns to the results with the query intact.
            page.wait_css("[data-testid=back]").await?.click().await?;
            let value = page
                .wait_css("[data-testid=search-input]")
                .await?
                .prop("value")
                .await?;
            ensure!(
                value.as_deref() == Some("recordatorois de pago"),
                "{value:?}"
            );

            // Escape closes the panel and puts focus back on the launcher.
            client
                .active_element()
                .await?
                .send_keys(&Key::Escape.to_string())
                .await?;
            page.top().await?;
            wait_for("the panel to close", WAIT, || async {
                Ok((page.state().await? == "closed").then_some(()))
            })
            .await?;
            let focused = page
                .js("return document.activeElement && document.activeElement.localName")
                .await?;
            ensure!(focused == json!("ayuda-widget"), "focus is on {focused}");
            // Enter on the focused launcher opens it again: the focus really is on the button.
            client
                .active_element()
                .await?
                .send_keys(&Key::Enter.to_string())
                .await?;
            page.wait_open().await?;

            let errors = host_errors(&page).await?;
            ensure!(errors.is_empty(), "console errors: {errors:?}");
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn js_api_drives_the_panel() -> Result<()> {
    let server = Server::start()?;
    with_browser("js_api_drives_the_panel", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{}/dashboard", server.hosts)).await?;
        // Calls made right away are queued by the stub and replayed by the loader; every call
        // returns a Promise.
        page.js(
            "window.__events = [];
             Ayuda('on', 'article', d => window.__events.push(['article', d.slug]));
             Ayuda('on', 'close', () => window.__events.push(['close']));
             Ayuda('on', 'search', d => window.__events.push(['search', d.query]));",
        )
        .await?;
        page.ayuda("Ayuda('open')").await?;
        page.wait_open().await?;

        // setContext from the host changes the suggestions on the home view.
        page.ayuda(
            "Ayuda('setContext', { route: 'settings.team', tags: [] })",
        )
        .await?;
        page.enter_panel().await?;
        page.wait_texts(
            "[data-testid=home-article]",
            "suggestions for the route",
            |t| t.iter().any(|t| t.contains("Miembros del equipo")),
        )
        .await?;

        page.ayuda(
            "Ayuda('search', 'cliente')",
        )
        .await?;
        page.enter_panel().await?;
        page.wait_texts("[data-testid=result]", "results for cliente", |t| {
            t.iter().any(|t| t.to_lowercase().contains("cliente"))
        })
        .await?;

        page.ayuda(
            "Ayuda('article', 'anadir-un-cliente')",
        )
        .await?;
        page.enter_panel().await?;
        let title = page.wait_css("[data-testid=article-title]").await?;
        ensure!(title.text().await?.contains("Añadir un cliente"));

        // setLocale switches the UI and the content.
        page.ayuda(
            "Ayuda('setLocale', 'en').then(() => Ayuda('search', 'invoice'))",
        )
        .await?;
        page.enter_panel().await?;
        let lang = page.js("return document.documentElement.lang").await?;
        ensure!(lang == json!("en"), "lang {lang}");
        page.wait_texts("[data-testid=result]", "English results", |t| {
            t.iter().any(|t| t.to_lowercase().contains("invoice"))
        })
        .await?;

        page.ayuda(
            "Ayuda('close')",
        )
        .await?;
        ensure!(page.state().await? == "closed");
        let events = page.js("return window.__events").await?;
        let text = events.to_string();
        ensure!(
            text.contains("[\"article\",\"anadir-un-cliente\"]"),
            "{text}"
        );
        ensure!(text.contains("[\"search\",\"cliente\"]"), "{text}");
        ensure!(text.contains("[\"close\"]"), "{text}");

        // identify is accepted (the contact form of the tickets issue uses it).
        page.ayuda(
            "Ayuda('identify', { userId: 'u-42', userHash: 'abc', name: 'Ana', email: 'ana@example.com' })",
        )
        .await?;

        // Unknown commands reject; shutdown removes everything and the host keeps working.
        page.top().await?;
        let rejected = page
            .js_async(
                "const done = arguments[arguments.length - 1];
                 Ayuda('explode').then(() => done('resolved'), () => done('rejected'));",
            )
            .await?;
        ensure!(rejected == json!("rejected"));
        page.ayuda(
            "Ayuda('shutdown')",
        )
        .await?;
        let left = client.find_all(Locator::Css("ayuda-widget")).await?;
        ensure!(left.is_empty(), "shutdown leaves no element");
        page.host_button_counts().await?;
        let errors = host_errors(&page).await?;
        ensure!(errors.is_empty(), "console errors: {errors:?}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_css_and_strict_csp_host() -> Result<()> {
    let server = Server::start()?;
    with_browser("hostile_css_and_strict_csp_host", |client| async move {
        let page = Page::new(client.clone());
        client
            .goto(&format!("{}/hostile.html", server.hosts))
            .await?;
        let widget = page.widget().await?;
        let (x, y, width, height) = widget.rectangle().await?;
        let (view_w, view_h) = {
            let size = page
                .js("return [document.documentElement.clientWidth, window.innerHeight]")
                .await?;
            (
                size[0].as_f64().unwrap_or_default(),
                size[1].as_f64().unwrap_or_default(),
            )
        };
        ensure!(
            (40.0..=72.0).contains(&width) && (40.0..=72.0).contains(&height),
            "launcher box {width}×{height} under hostile CSS"
        );
        ensure!(x < view_w / 2.0, "data-position=left: x = {x}");
        ensure!(y > view_h / 2.0, "bottom corner: y = {y}");
        // Nothing of the host covers it, whatever its z-indexes.
        let on_top = page
            .js(&format!(
                "const e = document.elementFromPoint({}, {}); return e && e.localName",
                x + width / 2.0,
                y + height / 2.0
            ))
            .await?;
        ensure!(
            on_top == json!("ayuda-widget"),
            "element at the launcher: {on_top}"
        );

        page.open_with_launcher().await?;
        let frame_box = page.panel_box().await?;
        ensure!(
            frame_box.2 >= 300.0 && frame_box.3 >= 300.0,
            "the panel is visible despite `iframe {{ display: none !important }}`: {frame_box:?}"
        );
        page.enter_panel().await?;
        let input = page.wait_css("[data-testid=search-input]").await?;
        input.send_keys("iva").await?;
        page.wait_texts("[data-testid=result]", "results", |t| !t.is_empty())
            .await?;
        // The widget's text does not inherit the host's 30px red serif.
        let font_size = page
            .js("return getComputedStyle(document.body).fontSize")
            .await?;
        ensure!(font_size != json!("30px"), "{font_size}");

        page.top().await?;
        let violations = page
            .js("return (window.__cspViolations || []).slice()")
            .await?;
        ensure!(
            violations == json!([]),
            "the strict CSP host saw violations: {violations}"
        );
        let errors = host_errors(&page).await?;
        ensure!(errors.is_empty(), "console errors: {errors:?}");

        // Host buttons keep working.
        page.host_button_counts().await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_down_shows_a_friendly_message_and_recovers() -> Result<()> {
    let mut server = Server::start()?;
    let hosts = server.hosts.clone();
    let ayuda_url = server.url.clone();
    let server_ref = &mut server;
    with_browser("server_down_shows_a_friendly_message_and_recovers", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{hosts}/plain.html")).await?;
        page.open_with_launcher().await?;
        page.wait_css("[data-testid=home-article]").await?;

        server_ref.kill();
        let input = page.wait_css("[data-testid=search-input]").await?;
        input.send_keys("factura").await?;
        let error = page.wait_css("[data-testid=error]").await?;
        ensure!(!error.text().await?.is_empty());

        server_ref.restart()?;
        page.wait_css("[data-testid=retry]").await?.click().await?;
        page.wait_texts("[data-testid=result]", "results after retry", |t| !t.is_empty())
            .await?;

        // A host page loaded while the Ayuda server is down keeps working: the script tag
        // fails to load, nothing else happens.
        server_ref.kill();
        let host = ayuda_e2e::static_page(&format!(
            r#"<!doctype html><html lang="en"><head><title>Host</title></head><body>
            <button id="host-button">Count</button> <span id="host-counter">0</span>
            <script src="{}/widget.js" data-site="demo" async></script>
            <script>document.getElementById('host-button').addEventListener('click', () => {{
              const c = document.getElementById('host-counter'); c.textContent = +c.textContent + 1; }});</script>
            </body></html>"#,
            ayuda_url
        ))
        .await?;
        page.top().await?;
        client.goto(&host).await?;
        page.host_button_counts().await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panel_has_no_accessibility_violations() -> Result<()> {
    let server = Server::start()?;
    with_browser("panel_has_no_accessibility_violations", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&format!("{}/invoices", server.hosts)).await?;
        page.open_with_launcher().await?;
        page.wait_css("[data-testid=home-article]").await?;
        let home = page.axe_violations().await?;

        let input = page.wait_css("[data-testid=search-input]").await?;
        input.send_keys("factura").await?;
        page.wait_texts("[data-testid=result]", "results", |t| !t.is_empty())
            .await?;
        input.send_keys(&Key::Down.to_string()).await?;
        let results = page.axe_violations().await?;

        input.send_keys(&Key::Enter.to_string()).await?;
        page.wait_css("[data-testid=article-title]").await?;
        let article = page.axe_violations().await?;

        // The host page with the launcher, too.
        page.top().await?;
        let host = page.axe_violations().await?;
        ensure!(
            home.is_empty() && results.is_empty() && article.is_empty() && host.is_empty(),
            "axe-core violations:\n  home: {home:?}\n  results: {results:?}\n  article: {article:?}\n  host: {host:?}"
        );
        Ok(())
    })
    .await
}

/// The way to a human stays reachable when self-service does not help: below search results
/// that are not empty, and after "No" in the reader.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contact_us_below_results_and_after_a_no() -> Result<()> {
    let server = Server::start()?;
    with_browser(
        "contact_us_below_results_and_after_a_no",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/plain.html", server.hosts)).await?;
            page.open_with_launcher().await?;
            page.wait_css("[data-testid=search-input]")
                .await?
                .send_keys("no puedo enviar la factura al cliente")
                .await?;
            let results = page
                .wait_texts("[data-testid=result]", "results", |t| !t.is_empty())
                .await?;
            ensure!(!results.is_empty());
            // Below the results, not instead of them.
            let below = page
                .js("const r = document.querySelector('[data-testid=results]');
                 const c = document.querySelector('[data-testid=contact]');
                 return !!(r && c && c.offsetParent &&
                    (r.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING))")
                .await?;
            ensure!(below == json!(true), "Contact us is below the results");

            page.wait_css("[data-testid=result]").await?.click().await?;
            page.wait_css("[data-testid=article]").await?;
            ensure!(
                page.js(
                    "return !!document.querySelector('[data-testid=article] [data-testid=contact]')"
                )
                .await?
                    == json!(false),
                "the reader offers the team only after a No"
            );
            page.wait_css("[data-testid=vote-no]")
                .await?
                .click()
                .await?;
            page.wait_css("[data-testid=article] [data-testid=contact]")
                .await?
                .click()
                .await?;
            page.wait_css("[data-testid=contact-form]").await?;
            Ok(())
        },
    )
    .await
}

/// After the panel opened on `url` and showed its home: how many requests went to `/suggest`
/// (from the frame) and to `/config` from the frame and from the loader (the host page).
async fn requests_on_open(page: &Page, url: &str) -> Result<(usize, usize, usize)> {
    page.client.goto(url).await?;
    page.open_with_launcher().await?;
    page.wait_css("[data-testid=home-article]").await?;
    // Past the frame's fallback timer, which once asked for the suggestions again.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let suggest = page.requests_to("/suggest").await?;
    let frame_config = page.requests_to("/config").await?;
    page.top().await?;
    let loader_config = page.requests_to("/config").await?;
    Ok((suggest, frame_config, loader_config))
}

/// Opening the panel asks for each thing once: the site's config (the loader has it and
/// hands it over), and the page's suggestions (also after the frame's 2 s init fallback).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_the_panel_asks_once() -> Result<()> {
    let server = Server::start()?;
    with_browser("opening_the_panel_asks_once", |client| async move {
        let page = Page::new(client);
        let plain = format!("{}/plain.html", server.hosts);
        let counts = requests_on_open(&page, &plain).await?;
        ensure!(
            counts == (1, 0, 1),
            "(suggest, config from the frame, from the loader) = {counts:?}"
        );
        // A tag with its own colour: the loader still asks once (the site's launcher text,
        // logo and corner) and hands the answer over; the frame asks nothing.
        let host = ayuda_e2e::static_page(&format!(
            "<!doctype html><title>t</title><p>Host</p>\
             <script src=\"{}/widget.js\" data-site=\"demo\" data-color=\"#0a7d5a\" async></script>",
            server.url
        ))
        .await?;
        let counts = requests_on_open(&page, &host).await?;
        ensure!(
            counts == (1, 0, 1),
            "with data-color: (suggest, config from the frame, from the loader) = {counts:?}"
        );
        Ok(())
    })
    .await
}

/// The documented stub, for host pages written here (widget/PROTOCOL.md).
const STUB: &str = "window.Ayuda = window.Ayuda || function () { var a = arguments; \
    return new Promise(function (r, j) { (window.Ayuda.q = window.Ayuda.q || []).push([a, r, j]); }); };";

/// Waits until `script` (an expression) is true in the top document.
async fn wait_js(page: &Page, what: &str, script: &str) -> Result<()> {
    wait_for(what, WAIT, || async {
        page.top().await?;
        Ok((page.js(&format!("return !!({script})")).await? == json!(true)).then_some(()))
    })
    .await
}

/// `aria-label` of the launcher (in the widget's closed shadow root).
async fn launcher_label(page: &Page) -> Result<String> {
    page.top().await?;
    Ok(page
        .widget()
        .await?
        .shadow_root()
        .await?
        .find(Locator::Css("button"))
        .await?
        .attr("aria-label")
        .await?
        .unwrap_or_default())
}

/// A host that identifies its user and sets its context on every page view downloads the
/// loader's first stage only: the state calls resolve at once and are only recorded, with no
/// second stage and no frame, until the user comes near the launcher. Hovering it loads the
/// second stage and the frame (still closed); the click opens the panel with the state the first
/// stage recorded (context, locale, listeners).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_calls_load_nothing_until_the_user_comes_near() -> Result<()> {
    let server = Server::start()?;
    let host = ayuda_e2e::static_page(&format!(
        r#"<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Host</title>
        <script>{STUB}
          window.__settled = []; window.__events = [];
          Ayuda('identify', {{ userId: 'u-1', name: 'Ana' }}).then(() => __settled.push('identify'));
          Ayuda('setContext', {{ route: 'settings.team', tags: ['equipo'] }}).then(() => __settled.push('setContext'));
          Ayuda('on', 'open', () => __events.push('open')).then(() => __settled.push('on'));
        </script></head><body><p>Host</p>
        <script src="{}/widget.js" data-site="demo" data-locale="es" async></script></body></html>"#,
        server.url
    ))
    .await?;
    with_browser(
        "state_calls_load_nothing_until_the_user_comes_near",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&host).await?;
            wait_js(
                &page,
                "the queued calls to settle",
                "window.__settled.length == 3",
            )
            .await?;
            // The same calls once the loader runs, and the other state-only ones.
            page.ayuda(
                "Ayuda('identify', { userId: 'u-2', userHash: 'x', email: 'ana@example.com' })",
            )
            .await?;
            page.ayuda(
                "Ayuda('setContext', { route: 'settings.team', tags: 'equipo', appVersion: 2 })",
            )
            .await?;
            ensure!(launcher_label(&page).await? == "Abrir ayuda");
            page.ayuda("Ayuda('setLocale', 'en')").await?;
            ensure!(
                launcher_label(&page).await? == "Open help",
                "setLocale relabels the launcher without the second stage"
            );
            page.ayuda("Ayuda('on', 'close', () => __events.push('close'))")
                .await?;
            page.ayuda("Ayuda('close')").await?;
            // A second copy of the tag does nothing.
            page.js_async(&format!(
                "const done = arguments[arguments.length - 1];
                 const s = document.createElement('script');
                 s.src = '{}/widget.js'; s.dataset.site = 'demo';
                 s.onload = s.onerror = () => done(1);
                 document.body.append(s);",
                server.url
            ))
            .await?;
            wait_js(
                &page,
                "the page's load",
                "document.readyState == 'complete'",
            )
            .await?;
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            let counts = page.stage2_and_frame_requests().await?;
            ensure!(
                counts == (0, 0),
                "(stage 2, frame) requests before any intent: {counts:?}"
            );
            let widgets = page
                .js("return document.querySelectorAll('ayuda-widget').length")
                .await?;
            ensure!(widgets == json!(1), "{widgets} widgets");
            let frames = page
                .widget()
                .await?
                .shadow_root()
                .await?
                .find_all(Locator::Css("iframe"))
                .await?;
            ensure!(frames.is_empty(), "no panel before any intent");
            ensure!(page.state().await? == "closed");

            // The pointer reaches the launcher: the second stage and the frame load, closed.
            page.hover_launcher().await?;
            wait_for("the second stage and the frame", WAIT, || async {
                Ok((page.stage2_and_frame_requests().await? == (1, 1)).then_some(()))
            })
            .await?;
            ensure!(page.state().await? == "closed", "hovering does not open it");

            // The click opens the panel with what the first stage recorded.
            page.open_with_launcher().await?;
            let lang = page.js("return document.documentElement.lang").await?;
            ensure!(lang == json!("en"), "the recorded locale: {lang}");
            page.wait_texts(
                "[data-testid=home-article]",
                "suggestions for the recorded route",
                |t| {
                    t.first()
                        .is_some_and(|t| t.contains("Team members and roles"))
                },
            )
            .await?;
            page.top().await?;
            let counts = page.stage2_and_frame_requests().await?;
            ensure!(counts == (1, 1), "loaded once: {counts:?}");
            ensure!(launcher_label(&page).await? == "Close help");
            page.ayuda("Ayuda('close')").await?;
            let events = page.js("return window.__events").await?;
            ensure!(
                events == json!(["open", "close"]),
                "listeners registered before the second stage fire: {events}"
            );
            let errors = host_errors(&page).await?;
            ensure!(errors.is_empty(), "console errors: {errors:?}");
            Ok(())
        },
    )
    .await
}

/// Calls queued by the stub before the loader arrived that need the panel load the second
/// stage and run; `shutdown` removes everything, before the second stage and after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_calls_open_the_panel_and_shutdown_removes_everything() -> Result<()> {
    let server = Server::start()?;
    let page_with = |calls: &str| {
        format!(
            r#"<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Host</title>
            <script>{STUB} {calls}</script></head><body>
            <button id="host-button">Count</button> <span id="host-counter">0</span>
            <script>document.getElementById('host-button').addEventListener('click', () => {{
              const c = document.getElementById('host-counter'); c.textContent = +c.textContent + 1; }});</script>
            <script src="{}/widget.js" data-site="demo" async></script></body></html>"#,
            server.url
        )
    };
    let searching = ayuda_e2e::static_page(&page_with(
        "Ayuda('search', 'factura').then(() => { window.__searched = 1; });",
    ))
    .await?;
    let idle = ayuda_e2e::static_page(&page_with("")).await?;
    with_browser(
        "queued_calls_open_the_panel_and_shutdown_removes_everything",
        |client| async move {
            let page = Page::new(client.clone());
            // Shut down before the second stage: the launcher goes, nothing else was loaded
            // or wrapped.
            client.goto(&idle).await?;
            wait_js(&page, "the loader", "window.Ayuda && window.Ayuda.ayuda").await?;
            page.ayuda("Ayuda('shutdown')").await?;
            ensure!(
                client
                    .find_all(Locator::Css("ayuda-widget"))
                    .await?
                    .is_empty()
            );
            page.ayuda("Ayuda('open')").await?;
            let counts = page.stage2_and_frame_requests().await?;
            ensure!(counts == (0, 0), "after shutdown: {counts:?}");
            page.host_button_counts().await?;

            // A queued search loads the second stage, opens the panel and shows its results.
            client.goto(&searching).await?;
            page.wait_open().await?;
            page.wait_texts("[data-testid=result]", "results for factura", |t| {
                t.iter().any(|t| t.to_lowercase().contains("factura"))
            })
            .await?;
            wait_js(&page, "the queued promise", "window.__searched === 1").await?;
            ensure!(page.stage2_and_frame_requests().await? == (1, 1));
            let wrapped = page
                .js("return String(history.pushState).includes('[native code]')")
                .await?;
            ensure!(
                wrapped == json!(false),
                "the second stage watches SPA routes"
            );

            // shutdown: the element, the frame, the listeners and the history wrappers go.
            page.ayuda("Ayuda('shutdown')").await?;
            ensure!(
                client
                    .find_all(Locator::Css("ayuda-widget"))
                    .await?
                    .is_empty()
            );
            let left = page
                .js(
                    "return [String(history.pushState).includes('[native code]'),
                            String(history.replaceState).includes('[native code]'),
                            !!window.Ayuda.ayuda, document.querySelectorAll('iframe').length]",
                )
                .await?;
            ensure!(
                left == json!([true, true, false, 0]),
                "after shutdown: {left}"
            );
            page.ayuda("Ayuda('open').then(() => history.pushState(null, '', '/moved'))")
                .await?;
            page.host_button_counts().await?;
            let errors = host_errors(&page).await?;
            ensure!(errors.is_empty(), "console errors: {errors:?}");
            Ok(())
        },
    )
    .await
}
