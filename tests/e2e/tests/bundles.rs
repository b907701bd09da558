//! The console split by role (`crates/console/src/bundle.rs`), in a real browser from a fresh
//! profile: the sign-in page downloads only the sign-in bundle's wasm; an agent who signs in is
//! handed the agents' bundle (and neither the editors' nor the admins'), lands on the deep link
//! that led to the sign-in, gets a refusal for an editors' address, and is handed back to the
//! sign-in bundle when signing out or when the session ends, with the reason said; and a page
//! whose session the API refuses stops reloading after a few tries instead of looping.

use anyhow::{Context, Result, ensure};
use ayuda_e2e::{Page, STAFF_PASSWORD, Server, WAIT, wait_for, with_browser};
use serde_json::json;

/// The bundles whose wasm the current document downloaded (from the Resource Timing entries,
/// `/console/_b/{bundle}/…_bg.wasm`), sorted, each once.
async fn wasm_bundles(page: &Page) -> Result<Vec<String>> {
    let names = page
        .js("return performance.getEntriesByType('resource')\
               .map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm'))")
        .await?;
    let mut bundles = Vec::new();
    for name in names.as_array().context("resource names")? {
        let name = name.as_str().context("a resource name")?;
        let bundle = name
            .strip_prefix("/console/_b/")
            .and_then(|rest| rest.split('/').next())
            .with_context(|| format!("a wasm outside the bundles: {name}"))?;
        bundles.push(bundle.to_owned());
    }
    bundles.sort();
    bundles.dedup();
    Ok(bundles)
}

/// Waits until the current document has downloaded the wasm of `bundle` and then checks it
/// downloaded no other.
async fn only_wasm_of(page: &Page, bundle: &str) -> Result<()> {
    let bundles = wait_for(&format!("the {bundle} bundle's wasm"), WAIT, || async {
        let bundles = wasm_bundles(page).await?;
        Ok(bundles.iter().any(|b| b == bundle).then_some(bundles))
    })
    .await?;
    ensure!(bundles == [bundle], "only the {bundle} bundle: {bundles:?}");
    Ok(())
}

async fn path(page: &Page) -> Result<String> {
    Ok(page
        .js("return location.pathname")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

async fn wait_path(page: &Page, expected: &str) -> Result<()> {
    wait_for(&format!("the address {expected}"), WAIT, || async {
        Ok((path(page).await? == expected).then_some(()))
    })
    .await
}

async fn sign_in(page: &Page, email: &str) -> Result<()> {
    page.fill("#email", email).await?;
    page.fill("#password", STAFF_PASSWORD).await?;
    page.click("#sign-in").await?;
    page.wait_texts("#user-email", "signed in", |t| t.iter().any(|t| t == email))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_downloads_only_its_own_bundle() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("agent@example.com", "agent")?;
    with_browser(
        "each_role_downloads_only_its_own_bundle",
        |client| async move {
            let page = Page::new(client.clone());
            // A deep link, signed out: the sign-in page, and only its bundle.
            client
                .goto(&format!("{}/console/shortcuts", server.url))
                .await?;
            page.wait_css("#email").await?;
            only_wasm_of(&page, "sign-in").await?;
            wait_path(&page, "/console/sign-in").await?;

            // Signed in: the page is loaded again with the agents' bundle, at the deep link.
            sign_in(&page, "agent@example.com").await?;
            page.wait_css("#shortcuts-title").await?;
            only_wasm_of(&page, "agent").await?;
            wait_path(&page, "/console/shortcuts").await?;
            let counter = page
                .js("return sessionStorage.getItem('ayuda-console-handovers')")
                .await?;
            ensure!(counter.is_null(), "the hand-over settled: {counter}");

            // An editors' address: the agents' bundle refuses it, nothing else downloaded.
            client
                .goto(&format!("{}/console/articles", server.url))
                .await?;
            page.wait_css("#articles-forbidden").await?;
            only_wasm_of(&page, "agent").await?;
            page.axe_clean("an editors' screen in the agents' bundle")
                .await?;

            // The session ends behind the page's back (both cookies gone): the next call's
            // 401 hands over to the sign-in bundle, which says why, and signing in again leads
            // back to the same address.
            page.click("#nav-inbox").await?;
            page.wait_css("#inbox-title").await?;
            page.cdp("Network.clearBrowserCookies", json!({})).await?;
            page.click("#nav-dashboard").await?;
            page.wait_css("#email").await?;
            only_wasm_of(&page, "sign-in").await?;
            page.wait_texts("#sign-in-notice", "the session-ended notice", |t| {
                t.iter().any(|t| !t.trim().is_empty())
            })
            .await?;
            sign_in(&page, "agent@example.com").await?;
            wait_path(&page, "/console/dashboard").await?;
            only_wasm_of(&page, "agent").await?;

            // Signing out: the sign-in bundle, saying so, at the sign-in's address.
            page.click("#sign-out").await?;
            page.wait_css("#email").await?;
            only_wasm_of(&page, "sign-in").await?;
            wait_path(&page, "/console/sign-in").await?;
            let notice = page
                .wait_texts("#sign-in-notice", "the signed-out notice", |t| {
                    t.iter().any(|t| !t.trim().is_empty())
                })
                .await?;
            ensure!(
                notice.iter().any(|t| t.contains("signed out")),
                "{notice:?}"
            );
            Ok(())
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_the_api_disagrees_with_stops_reloading() -> Result<()> {
    let server = Server::start()?;
    server.add_staff("agent@example.com", "agent")?;
    with_browser(
        "a_page_the_api_disagrees_with_stops_reloading",
        |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{}/console/", server.url)).await?;
            sign_in(&page, "agent@example.com").await?;
            // Only the API's cookie goes: the server still serves the agents' page, and the
            // API says nobody is signed in. The page reloads a few times, then says so.
            let host = url::Url::parse(&server.url)?
                .host_str()
                .context("the server's host")?
                .to_owned();
            page.cdp(
                "Network.deleteCookies",
                json!({"name": "ayuda_session", "domain": host, "path": "/api/v1"}),
            )
            .await?;
            let left = page.cdp("Network.getAllCookies", json!({})).await?;
            let paths: Vec<&str> = left["cookies"]
                .as_array()
                .context("the cookies")?
                .iter()
                .filter_map(|cookie| cookie["path"].as_str())
                .collect();
            ensure!(
                paths == ["/console"],
                "only the pages' cookie left: {paths:?}"
            );
            client
                .goto(&format!("{}/console/inbox", server.url))
                .await?;
            page.wait_css("#boot-error").await?;
            let counter = page
                .js("return sessionStorage.getItem('ayuda-console-handovers')")
                .await?;
            ensure!(counter == json!("3"), "three reloads, then none: {counter}");
            // It stays put.
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            page.wait_css("#boot-error").await?;
            let entries = page
                .js("return performance.getEntriesByType('navigation')[0].type")
                .await?;
            ensure!(
                entries == json!("reload"),
                "the last load was a reload: {entries}"
            );
            page.axe_clean("the hand-over's failure").await?;
            Ok(())
        },
    )
    .await
}
