//! The staff console in a real browser, from a fresh profile as a new staff member meets it:
//! sign in (a wrong password first), the articles list with its search, a reload that keeps the
//! session, the session list, sign out; an agent who does not see the editors' screens; axe-core
//! on every screen; the page's strict CSP never tripped.

use anyhow::{Result, ensure};
use ayuda_e2e::{Page, Phone, STAFF_PASSWORD, Server, WAIT, wait_for, with_browser, with_phone};
use fantoccini::{Client, Locator};

/// Browser console entries that say the page broke its own CSP.
async fn csp_violations(page: &Page) -> Result<Vec<String>> {
    Ok(page
        .console()
        .await?
        .into_iter()
        .map(|(_, message)| message)
        .filter(|message| message.contains("Content Security Policy"))
        .collect())
}

async fn sign_in(client: &Client, page: &Page, email: &str, password: &str) -> Result<()> {
    page.wait_css("#email").await?;
    page.fill("#email", email).await?;
    page.fill("#password", password).await?;
    client.find(Locator::Css("#sign-in")).await?.click().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_signs_in_finds_articles_and_signs_out() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("editor@example.com", "editor")?;
    with_browser(
        "an_editor_signs_in_finds_articles_and_signs_out",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/console/", server.url)).await?;
            page.wait_css("#email").await?;
            page.axe_clean("sign-in").await?;

            // A wrong password: one generic message, announced, and no session.
            sign_in(&client, &page, "editor@example.com", "not-the-password").await?;
            let error = page.wait_css("#sign-in-error").await?;
            wait_for("the sign-in error's text", WAIT, || async {
                let text = error.text().await?;
                Ok((!text.trim().is_empty()).then_some(text))
            })
            .await?;
            ensure!(
                page.js("return document.cookie").await? == "",
                "nothing readable by scripts"
            );

            sign_in(&client, &page, "editor@example.com", STAFF_PASSWORD).await?;
            let rows = page
                .wait_texts("table.articles tbody tr", "the articles list", |rows| {
                    rows.len() >= 5
                })
                .await?;
            ensure!(rows.len() <= 20, "one page of 20 at most: {}", rows.len());
            // The session cookie is HttpOnly: the page's scripts never see it.
            let cookie = page.js("return document.cookie").await?;
            ensure!(
                !cookie.to_string().contains("ayuda_session"),
                "cookie visible to scripts: {cookie}"
            );
            page.axe_clean("articles").await?;

            // Search narrows the list as the editor types: the widget's engine ranks the
            // article about the word first (then every other that mentions it).
            let unfiltered = rows.len();
            page.fill("#article-search", "contraseña").await?;
            page.wait_texts("table.articles tbody tr", "the search's rows", |rows| {
                !rows.is_empty()
                    && rows.len() < unfiltered
                    && rows[0].to_lowercase().contains("contraseña")
            })
            .await?;
            page.fill("#article-search", "zzzzqqqq").await?;
            page.wait_css("#articles-empty").await?;

            // A reload keeps the session (the cookie) and the search (the URL).
            client.refresh().await?;
            page.wait_css("#article-search").await?;
            let kept = page
                .js("return document.querySelector('#article-search').value")
                .await?;
            ensure!(kept == "zzzzqqqq", "the search survives a reload: {kept}");

            // The account screen lists this browser's session.
            client
                .goto(&format!("{}/console/account", server.url))
                .await?;
            page.wait_texts(
                "table.sessions tr.current",
                "this browser in the sessions list",
                |rows| rows.len() == 1 && rows[0].contains("Chrome"),
            )
            .await?;
            page.axe_clean("account").await?;

            client
                .find(Locator::Css("#sign-out"))
                .await?
                .click()
                .await?;
            page.wait_css("#email").await?;
            client.refresh().await?;
            page.wait_css("#email").await?;
            let violations = csp_violations(&page).await?;
            ensure!(violations.is_empty(), "CSP violations: {violations:#?}");
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_does_not_reach_the_editors_screens() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("agent@example.com", "agent")?;
    with_browser(
        "an_agent_does_not_reach_the_editors_screens",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/console/", server.url)).await?;
            sign_in(&client, &page, "agent@example.com", STAFF_PASSWORD).await?;
            page.wait_css("#sign-out").await?;
            page.wait_css("#nav-account").await?;
            let entries = client.find_all(Locator::Css("#nav-articles")).await?;
            ensure!(entries.is_empty(), "no Articles entry for an agent");
            // Typed in by hand: the screen says no, and no article reaches the page.
            client
                .goto(&format!("{}/console/articles", server.url))
                .await?;
            page.wait_css("#articles-forbidden").await?;
            let rows = page.texts("table.articles tbody tr").await?;
            ensure!(rows.is_empty(), "an agent sees no articles: {rows:?}");
            page.axe_clean("agent's view").await?;
            Ok(())
        },
    )
    .await
}

/// The search API's titles for `query` in Spanish.
async fn widget_titles(server: &Server, query: &str) -> Result<Vec<String>> {
    let found = server
        .get_json(&format!(
            "/api/v1/sites/demo/search?q={}&locale=es",
            query.replace(' ', "%20")
        ))
        .await?;
    Ok(found["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["title"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editor_publishes_an_article_the_widget_finds_it_and_a_version_is_restored() -> Result<()>
{
    let server = Server::start()?;
    server.add_staff("editor@example.com", "editor")?;
    // A hostile title already in the list: it must show as text.
    let token = server.staff_token("admin2@example.com", "admin").await?;
    server
        .call(
            reqwest::Method::POST,
            "/api/v1/articles",
            Some(&token),
            Some(&serde_json::json!({
                "title": "<img src=x onerror=\"document.title='xss'\">Hostil",
                "body": "<script>document.title='xss'</script>",
                "locale": "es",
                "status": "draft"
            })),
        )
        .await?;
    with_browser(
        "an_editor_publishes_an_article_the_widget_finds_it_and_a_version_is_restored",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/console/", server.url)).await?;
            sign_in(&client, &page, "editor@example.com", STAFF_PASSWORD).await?;
            page.wait_texts("table.articles tbody tr", "the list", |rows| !rows.is_empty())
                .await?;
            let images = client
                .find_all(Locator::Css("table.articles img, table.articles script"))
                .await?;
            ensure!(images.is_empty(), "markup in titles stays text");
            ensure!(page.js("return document.title").await? != "xss");

            client.find(Locator::Css("#new-article")).await?.click().await?;
            page.wait_css("#article-title").await?;
            page.axe_clean("new article").await?;
            page.fill("#article-title", "Cobros escalonados por hitos").await?;
            page.fill("#article-body",
                "Divide el cobro de un proyecto en **hitos**: un anticipo y pagos parciales.",
            )
            .await?;
            // The server's own renderer previews it.
            page.wait_texts("#article-preview strong", "the preview", |t| {
                t.iter().any(|t| t == "hitos")
            })
            .await?;
            client
                .find(Locator::Css("#publish-article"))
                .await?
                .click()
                .await?;
            page.wait_texts("#editor-status", "published", |t| {
                t.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))
            })
            .await?;
            // In widget search within a second of the answer.
            let published = std::time::Instant::now();
            let titles = wait_for(
                "the article in search",
                std::time::Duration::from_secs(1),
                || async {
                    let titles = widget_titles(&server, "escalonados").await?;
                    Ok((!titles.is_empty()).then_some(titles))
                },
            )
            .await?;
            ensure!(
                titles[0] == "Cobros escalonados por hitos",
                "{titles:?} after {:?}",
                published.elapsed()
            );

            // A second version, then version 1 restored from the versions screen.
            page.fill("#article-body", "Texto nuevo que no convence.").await?;
            client.find(Locator::Css("#save-article")).await?.click().await?;
            page.wait_texts("#article-version", "version 2", |t| {
                t.iter().any(|t| t.contains('2'))
            })
            .await?;
            client.find(Locator::Css("#versions-link")).await?.click().await?;
            page.wait_css("#version-diff").await?;
            let added = page.texts("#version-diff li.diff-added").await?;
            ensure!(
                added.iter().any(|t| t.contains("Texto nuevo")),
                "the diff shows the new line: {added:?}"
            );
            page.axe_clean("versions").await?;
            client
                .find(Locator::Css("#restore-version-1"))
                .await?
                .click()
                .await?;
            client
                .find(Locator::Css("#confirm-restore"))
                .await?
                .click()
                .await?;
            let body = wait_for("the restored body", WAIT, || async {
                let value = page
                    .js("const b = document.querySelector('#article-body'); return b ? b.value : null")
                    .await?;
                Ok(value
                    .as_str()
                    .filter(|text| text.contains("hitos"))
                    .map(str::to_owned))
            })
            .await?;
            ensure!(body.contains("anticipo"), "{body}");
            page.wait_texts("#article-version", "version 3", |t| {
                t.iter().any(|t| t.contains('3'))
            })
            .await?;
            page.axe_clean("editor").await?;
            let violations = csp_violations(&page).await?;
            ensure!(violations.is_empty(), "CSP violations: {violations:#?}");
            Ok(())
        },
    )
    .await
}

/// The authenticator app's code for `secret` (base32) in time step `step`.
fn app_code(secret: &str, step: i64) -> Result<String> {
    use ayuda_server::totp;
    let bytes =
        totp::base32_decode(secret).ok_or_else(|| anyhow::anyhow!("bad secret {secret}"))?;
    Ok(format!("{:06}", totp::code_at(&bytes, step)))
}

/// The current time step.
fn step_now() -> i64 {
    ayuda_server::totp::step_of(ayuda_store::now_ms())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_factor_set_up_then_sign_in_with_a_code_and_a_replay_refused() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("editor@example.com", "editor")?;
    with_browser(
        "two_factor_set_up_then_sign_in_with_a_code_and_a_replay_refused",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/console/", server.url)).await?;
            sign_in(&client, &page, "editor@example.com", STAFF_PASSWORD).await?;
            page.wait_css("#sign-out").await?;
            client
                .goto(&format!("{}/console/account", server.url))
                .await?;
            page.wait_css("#setup-2fa").await?.click().await?;
            let secret: String = page
                .wait_css("#totp-secret")
                .await?
                .text()
                .await?
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            page.wait_css("#totp-qr").await?;
            page.axe_clean("two-factor set-up").await?;
            // The steps are fixed here: a test that crosses a 30 s boundary stays right.
            let setup_step = step_now();
            page.fill("#totp-code", &app_code(&secret, setup_step)?)
                .await?;
            client
                .find(Locator::Css("#confirm-2fa"))
                .await?
                .click()
                .await?;
            let codes = page
                .wait_texts("#recovery-codes li", "ten recovery codes", |c| {
                    c.len() == 10
                })
                .await?;
            page.axe_clean("recovery codes").await?;
            client
                .find(Locator::Css("#recovery-done"))
                .await?
                .click()
                .await?;
            client
                .find(Locator::Css("#sign-out"))
                .await?
                .click()
                .await?;

            // The password alone asks for the code; the set-up's code is a replay.
            sign_in(&client, &page, "editor@example.com", STAFF_PASSWORD).await?;
            page.wait_css("#sign-in-code").await?;
            page.axe_clean("the code step").await?;
            page.fill("#sign-in-code", &app_code(&secret, setup_step)?)
                .await?;
            client.find(Locator::Css("#sign-in")).await?.click().await?;
            page.wait_css("#sign-in-code-error").await?;
            // The next step's code lets the editor in.
            page.fill("#sign-in-code", &app_code(&secret, setup_step + 1)?)
                .await?;
            client.find(Locator::Css("#sign-in")).await?.click().await?;
            page.wait_css("#sign-out").await?;

            // A recovery code works once.
            client
                .find(Locator::Css("#sign-out"))
                .await?
                .click()
                .await?;
            sign_in(&client, &page, "editor@example.com", STAFF_PASSWORD).await?;
            page.wait_css("#sign-in-code").await?;
            page.fill("#sign-in-code", &codes[0]).await?;
            client.find(Locator::Css("#sign-in")).await?.click().await?;
            page.wait_css("#sign-out").await?;
            let violations = csp_violations(&page).await?;
            ensure!(violations.is_empty(), "CSP violations: {violations:#?}");
            Ok(())
        },
    )
    .await
}

/// Whether the page scrolls sideways (a wide table may scroll inside its own region).
async fn page_scrolls_sideways(page: &Page) -> Result<bool> {
    let value = page
        .js("return document.documentElement.scrollWidth > window.innerWidth + 1")
        .await?;
    Ok(value.as_bool().unwrap_or(true))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_on_a_phone_and_a_tablet() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("editor@example.com", "editor")?;
    let tablet = Phone {
        width: 768,
        height: 1024,
        pixel_ratio: 2.0,
    };
    for (name, device) in [("phone", Phone::ANDROID), ("tablet", tablet)] {
        let url = server.url.clone();
        with_phone(
            &format!("console_on_a_{name}"),
            &device,
            |client| async move {
                let page = Page::new(client.clone());
                client.goto(&format!("{url}/console/")).await?;
                sign_in(&client, &page, "editor@example.com", STAFF_PASSWORD).await?;
                page.wait_texts("table.articles tbody tr", "the list", |rows| {
                    rows.len() >= 5
                })
                .await?;
                ensure!(
                    !page_scrolls_sideways(&page).await?,
                    "{name}: the list page scrolls sideways"
                );
                page.axe_clean(&format!("articles on a {name}")).await?;
                // The editor: every field within the screen's width.
                client
                    .find(Locator::Css("table.articles tbody tr a"))
                    .await?
                    .click()
                    .await?;
                page.wait_css("#article-body").await?;
                page.wait_css("#preview-body").await?;
                ensure!(
                    !page_scrolls_sideways(&page).await?,
                    "{name}: the editor scrolls sideways"
                );
                let (_, _, width, _) = client
                    .find(Locator::Css("#article-body"))
                    .await?
                    .rectangle()
                    .await?;
                ensure!(
                    width > 0.0 && width <= f64::from(device.width),
                    "{name}: the Markdown field is {width} px wide"
                );
                page.axe_clean(&format!("editor on a {name}")).await?;
                // The editors' other screens and the account (passkeys) fit too.
                for (screen, ready) in [
                    ("translations", "#translations-search"),
                    ("reviews", "#reviews-search"),
                    ("gaps", "#gaps-period"),
                    ("account", "section#passkeys"),
                ] {
                    client.goto(&format!("{url}/console/{screen}")).await?;
                    page.wait_css(ready).await?;
                    ensure!(
                        !page_scrolls_sideways(&page).await?,
                        "{name}: {screen} scrolls sideways"
                    );
                    page.axe_clean(&format!("{screen} on a {name}")).await?;
                }
                Ok(())
            },
        )
        .await?;
    }
    Ok(())
}
