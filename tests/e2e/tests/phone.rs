//! The panel on a phone: Chromium's mobile emulation (device metrics with touch, `isMobile`
//! and a mobile user agent), not a narrow desktop window. On a phone the panel is a sheet that
//! covers exactly the visual viewport — its size and its offset — on host pages wider than the
//! screen (the layout viewport then grows past the screen) and on pages that fit, and it
//! follows the visual viewport when the keyboard opens or the user zooms and pans (zooming in
//! then enlarges the panel's text and reflows it to the screen).

use anyhow::{Context, Result, ensure};
use ayuda_e2e::{Page, Phone, Server, WAIT, static_page, wait_for, with_phone};
use serde_json::{Value, json};

/// The visual viewport in document coordinates: `[pageLeft, pageTop, width, height]`
/// (WebDriver's element rectangles are in document coordinates too).
const VISUAL_VIEWPORT: &str = "return [visualViewport.pageLeft, visualViewport.pageTop, visualViewport.width, visualViewport.height]";

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// Waits until the panel frame's box is the visual viewport's, within a pixel.
async fn sheet_covers_visual_viewport(page: &Page, what: &str) -> Result<()> {
    wait_for(what, WAIT, || async {
        page.top().await?;
        let viewport = numbers(&page.js(VISUAL_VIEWPORT).await?);
        let (x, y, width, height) = page.panel_box().await?;
        let frame = [x, y, width, height];
        let fits = viewport.len() == 4
            && frame
                .iter()
                .zip(&viewport)
                .all(|(frame, view)| (frame - view).abs() <= 1.0);
        if fits {
            Ok(Some(()))
        } else {
            let style = page
                .widget()
                .await?
                .shadow_root()
                .await?
                .find(fantoccini::Locator::Css("iframe"))
                .await?
                .attr("style")
                .await?;
            Err(anyhow::anyhow!(
                "frame {frame:?} is not the visual viewport {viewport:?} (style {style:?})"
            ))
        }
    })
    .await
}

/// Inside the panel: the document is as wide as the sheet (no sideways scrolling) and the
/// close button is entirely on screen.
async fn panel_fits(page: &Page) -> Result<()> {
    page.enter_panel().await?;
    let fit = page
        .js(
            "const close = document.querySelector('[data-testid=close]').getBoundingClientRect();
             const doc = document.documentElement;
             return [doc.scrollWidth <= innerWidth, close.left >= 0, close.right <= innerWidth,
                     close.top >= 0, close.bottom <= innerHeight, innerWidth];",
        )
        .await?;
    ensure!(
        fit.as_array()
            .is_some_and(|a| a[..5].iter().all(|v| v == &json!(true))),
        "panel content and close button fit the sheet: {fit}"
    );
    Ok(())
}

/// Opens the panel by tapping the launcher, checks the sheet, then simulates the on-screen
/// keyboard (the visual viewport loses 330 px of height) and a pinch-zoom with a pan.
async fn sheet_on(page: &Page, url: &str, overflowing: bool) -> Result<()> {
    page.client.goto(url).await?;
    let widths = page
        .js("return [document.documentElement.scrollWidth, visualViewport.width, innerWidth]")
        .await?;
    let widths = numbers(&widths);
    ensure!(
        widths.len() == 3 && widths[1] <= 400.0,
        "a phone: {widths:?}"
    );
    ensure!(
        (widths[0] > widths[1] + 50.0) == overflowing,
        "the host {} wider than the screen: {widths:?}",
        if overflowing { "is" } else { "is not" }
    );
    page.open_with_launcher().await?;
    sheet_covers_visual_viewport(page, "the sheet to cover the screen").await?;
    panel_fits(page).await?;
    let font = page
        .js("return getComputedStyle(document.querySelector('[data-testid=search-input]')).fontSize")
        .await?;
    ensure!(
        font == json!("16px"),
        "inputs at 16px so iOS does not zoom: {font}"
    );

    // The keyboard opens: the visual viewport shrinks, the sheet follows it.
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 450, "deviceScaleFactor": 3, "mobile": true }),
    )
    .await?;
    page.enter_panel().await?;
    page.wait_css("[data-testid=search-input]")
        .await?
        .send_keys("factura")
        .await?;
    sheet_covers_visual_viewport(page, "the sheet to follow the keyboard").await?;
    page.enter_panel().await?;
    let input = page
        .js(
            "const r = document.querySelector('[data-testid=search-input]').getBoundingClientRect();
             return r.top >= 0 && r.bottom <= innerHeight",
        )
        .await?;
    ensure!(
        input == json!(true),
        "the search box stays visible above the keyboard"
    );

    // The keyboard closes, then the user pinch-zooms and pans: the sheet still covers
    // exactly what is on screen.
    page.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 390, "height": 780, "deviceScaleFactor": 3, "mobile": true }),
    )
    .await?;
    page.cdp(
        "Emulation.setPageScaleFactor",
        json!({ "pageScaleFactor": 1.5 }),
    )
    .await?;
    page.cdp(
        "Input.synthesizeScrollGesture",
        json!({ "x": 20, "y": 20, "xDistance": -40, "yDistance": -60 }),
    )
    .await?;
    sheet_covers_visual_viewport(page, "the sheet to follow a zoom and pan").await?;
    page.cdp(
        "Emulation.setPageScaleFactor",
        json!({ "pageScaleFactor": 1 }),
    )
    .await?;
    sheet_covers_visual_viewport(page, "the sheet after zooming back").await?;

    // The close button works by touch and gives the page back.
    page.enter_panel().await?;
    page.wait_css("[data-testid=close]").await?.click().await?;
    page.top().await?;
    wait_for("the panel to close", WAIT, || async {
        Ok((page.state().await? == "closed").then_some(()))
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_sheet_on_a_host_wider_than_the_screen() -> Result<()> {
    let server = Server::start()?;
    with_phone("phone_sheet_overflowing_host", &Phone::ANDROID, |client| {
        let page = Page::new(client);
        let url = format!("{}/plain.html", server.hosts);
        async move { sheet_on(&page, &url, true).await }
    })
    .await
}

/// A host page as wide as the phone, with the tag.
async fn fitting_host(server: &Server) -> Result<String> {
    static_page(&format!(
        "<!doctype html><html lang=en><meta name=viewport content=\"width=device-width, \
         initial-scale=1\"><title>Fits</title><p>A page that fits a phone.</p>\
         <script src=\"{}/widget.js\" data-site=\"demo\" async></script>",
        server.url
    ))
    .await
    .context("host page")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_sheet_on_a_host_that_fits() -> Result<()> {
    let server = Server::start()?;
    let host = fitting_host(&server).await?;
    with_phone("phone_sheet_fitting_host", &Phone::ANDROID, |client| {
        let page = Page::new(client);
        async move { sheet_on(&page, &host, false).await }
    })
    .await
}

/// A tap on the launcher of a page that has loaded only the loader's first stage: the touch
/// (`pointerenter`) starts loading the second stage, the click waits for it and opens the sheet.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tap_loads_the_second_stage_and_opens_the_sheet() -> Result<()> {
    let server = Server::start()?;
    let host = fitting_host(&server).await?;
    with_phone("phone_tap_loads_stage2", &Phone::ANDROID, |client| {
        let page = Page::new(client);
        async move {
            page.client.goto(&host).await?;
            wait_for("the loader", WAIT, || async {
                let ready = page
                    .js("return !!(window.Ayuda && window.Ayuda.ayuda)")
                    .await?;
                Ok((ready == json!(true)).then_some(()))
            })
            .await?;
            let before = page.stage2_and_frame_requests().await?;
            ensure!(
                before == (0, 0),
                "(stage 2, frame) before the tap: {before:?}"
            );
            page.js(
                "document.querySelector('ayuda-widget').addEventListener('pointerdown',
                   (e) => { window.__pointer = e.pointerType; })",
            )
            .await?;
            page.tap_launcher().await?;
            page.wait_open().await?;
            page.top().await?;
            let pointer = page.js("return window.__pointer").await?;
            ensure!(pointer == json!("touch"), "a touch: {pointer}");
            sheet_covers_visual_viewport(&page, "the sheet after a tap").await?;
            let after = page.stage2_and_frame_requests().await?;
            ensure!(after == (1, 1), "(stage 2, frame) after the tap: {after:?}");
            Ok(())
        }
    })
    .await
}

/// "Contact us" by touch on a phone, from a fresh profile: the panel's first load holds none of
/// the desk's code; the finger on the button fetches it, and the form opens in the sheet, fits
/// the screen without zooming (16 px fields) and files the request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_user_files_a_request_by_touch() -> Result<()> {
    let server = Server::start()?;
    let host = fitting_host(&server).await?;
    with_phone("phone_contact_by_touch", &Phone::ANDROID, |client| {
        let page = Page::new(client);
        async move {
            page.client.goto(&host).await?;
            page.open_with_launcher().await?;
            page.enter_panel().await?;
            page.wait_css("[data-testid=contact]").await?;
            ensure!(
                page.requests_to("/widget/desk/").await? == 0,
                "no desk code before the user heads for it"
            );
            // The button is below the popular articles: the user scrolls the sheet to it.
            let centre = numbers(
                &page
                    .js(
                        "const button = document.querySelector('[data-testid=contact]');
                         button.scrollIntoView({ block: 'center' });
                         const r = button.getBoundingClientRect();
                         return [r.left + r.width / 2, r.top + r.height / 2]",
                    )
                    .await?,
            );
            ensure!(centre.len() == 2, "the button's centre: {centre:?}");
            // The sheet's box is in document coordinates; touches are in the viewport's.
            let (left, top, _, _) = page.panel_box().await?;
            let scroll = numbers(&page.js("return [scrollX, scrollY]").await?);
            ensure!(scroll.len() == 2, "scroll: {scroll:?}");
            page.tap_at(left - scroll[0] + centre[0], top - scroll[1] + centre[1])
                .await?;
            page.enter_panel().await?;
            page.wait_css("[data-testid=contact-form]").await?;
            ensure!(
                page.requests_to("/widget/desk/").await? >= 2,
                "the desk module (glue and wasm) fetched on the touch"
            );
            let fit = page
                .js("const doc = document.documentElement;
                     return [doc.scrollWidth <= innerWidth,
                             getComputedStyle(document.querySelector('#ayuda-happened')).fontSize]")
                .await?;
            ensure!(
                fit == json!([true, "16px"]),
                "the form fits the sheet, fields at 16px: {fit}"
            );
            for (field, text) in [
                ("#ayuda-name", "Lucía"),
                ("#ayuda-email", "lucia@example.com"),
                ("#ayuda-subject", "No puedo guardar la factura"),
                (
                    "#ayuda-happened",
                    "El botón Guardar no responde en el móvil",
                ),
            ] {
                page.wait_css(field).await?.send_keys(text).await?;
            }
            page.js("document.querySelector('[data-testid=impact-blocked]').click()")
                .await?;
            page.wait_css("[data-testid=contact-send]")
                .await?
                .click()
                .await?;
            page.wait_texts(
                "[data-testid=message]",
                "the user's message and the bot's reply",
                |t| t.len() >= 2,
            )
            .await?;
            Ok(())
        }
    })
    .await
}
