//! The launcher as each site's admins set it: a text (the launcher becomes a named pill), a logo
//! (from the Ayuda origin, the icon when it fails) and a corner (the tag's `data-position`
//! wins), on the example host pages in a fresh headless Chromium, desktop and phone. The look
//! is set through the admin API of the real server; what the loader drew is read inside the
//! widget's closed shadow root through DevTools (its DOM domain pierces shadow roots, its
//! accessibility domain gives the computed name).

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use ayuda_e2e::{Page, Phone, Server, WAIT, static_page, wait_for, with_browser, with_phone};
use fantoccini::Locator;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use reqwest::Method;
use serde_json::{Value, json};

const ADMIN: &str = "jefa@example.com";

/// The element of the top document that has the focus.
const FOCUSED: &str = "return document.activeElement && document.activeElement.localName";

/// An 8 × 8 white PNG: a logo the browser really decodes.
const LOGO_PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x08\0\0\0\x08\x08\x02\0\0\0Km)\xdc\0\0\0\x0fIDAT\
    x\xdac\xf8\x8f\x030\x0c-\t\0\xba\x1e\xbfA\x89\xe8\xb6\xbb\0\0\0\0IEND\xaeB`\x82";

/// Sets fields of the demo site's look (`position`, `launcher_text`, `logo_url`,
/// `brand_color`) with the admin API, keeping the rest of the site as it is (`PUT` replaces
/// the whole site), and checks the public `/config` serves them.
async fn set_look(server: &Server, token: &str, look: Value) -> Result<()> {
    let sites = server
        .call(Method::GET, "/api/v1/sites", Some(token), None)
        .await?;
    let mut site = sites
        .as_array()
        .and_then(|sites| sites.iter().find(|site| site["key"] == "demo"))
        .cloned()
        .context("no demo site")?;
    let fields = look.as_object().context("the look is an object")?;
    for (field, value) in fields {
        site[field] = value.clone();
    }
    server
        .call(Method::PUT, "/api/v1/sites/demo", Some(token), Some(&site))
        .await?;
    let config = server.get_json("/api/v1/sites/demo/config").await?;
    for (field, value) in fields {
        let served = if value == "" { &Value::Null } else { value };
        ensure!(&config[field] == served, "{field} in /config: {config}");
    }
    Ok(())
}

/// Uploads [`LOGO_PNG`] as an article image; its `/media/….png` path on the Ayuda server.
async fn upload_logo(server: &Server, token: &str) -> Result<String> {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/images?name=logo.png", server.url))
        .bearer_auth(token)
        .header("content-type", "image/png")
        .body(LOGO_PNG.to_vec())
        .send()
        .await?;
    ensure!(
        response.status().is_success(),
        "upload: {}",
        response.status()
    );
    let image: Value = response.json().await?;
    image["url"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no url in {image}"))
}

/// How the host page hands the loader the server's `/config` answer.
#[derive(Clone, Copy)]
enum Answer<'a> {
    /// As the server sends it.
    Real,
    /// With these fields put over it: an answer the server never gives.
    Rewritten(&'a str),
    /// Held until the test calls `window.__release()`: a slow network.
    Held,
}

/// A host page with the tag (and `attributes` on it). For an answer other than
/// [`Answer::Real`] the page wraps `fetch` before the loader runs: the loader still gets the
/// real answer from the server, rewritten or late.
async fn host_page(server: &Server, attributes: &str, answer: Answer<'_>) -> Result<String> {
    let (look, hold) = match answer {
        Answer::Real => (None, false),
        Answer::Rewritten(look) => (Some(look), false),
        Answer::Held => (Some("{}"), true),
    };
    let wrapper = match look {
        Some(look) => format!(
            "<script>
              const realFetch = window.fetch;
              const held = new Promise((go) => {{ window.__release = go; }});
              {hold}
              window.fetch = (url, ...rest) => String(url).endsWith('/config')
                ? realFetch(url, ...rest)
                    .then((response) => response.json())
                    .then((config) => held.then(() => config))
                    .then((config) => new Response(JSON.stringify(Object.assign(config, {look})),
                        {{ headers: {{ 'content-type': 'application/json' }} }}))
                : realFetch(url, ...rest);
            </script>",
            hold = if hold { "" } else { "window.__release();" },
        ),
        None => String::new(),
    };
    static_page(&format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport \
         content=\"width=device-width, initial-scale=1\"><title>Host</title>{wrapper}</head>\
         <body><p>A host page.</p><script src=\"{}/widget.js\" data-site=\"demo\" {attributes} \
         async></script></body></html>",
        server.url
    ))
    .await
}

/// `name`'s value among a DevTools node's attributes (a flat `[name, value, …]` list).
fn attr(node: &Value, name: &str) -> Option<String> {
    node["attributes"].as_array().and_then(|attributes| {
        attributes
            .chunks(2)
            .find(|pair| pair[0] == name)
            .and_then(|pair| pair.get(1))
            .and_then(Value::as_str)
            .map(str::to_owned)
    })
}

fn find_launcher(node: &Value) -> Option<&Value> {
    if node["nodeName"] == "BUTTON" && attr(node, "class").as_deref() == Some("l") {
        return Some(node);
    }
    ["children", "shadowRoots"]
        .iter()
        .filter_map(|key| node[*key].as_array())
        .flatten()
        .find_map(find_launcher)
}

/// The launcher (`<button class="l">` in the widget's closed shadow root) with all its
/// descendants, as DevTools' DOM domain gives it when it pierces shadow roots.
async fn launcher(page: &Page) -> Result<Value> {
    page.top().await?;
    let document = page
        .cdp("DOM.getDocument", json!({"depth": -1, "pierce": true}))
        .await?;
    find_launcher(&document["root"])
        .cloned()
        .context("no launcher in the widget's shadow root")
}

/// Every node under `node` (elements, text), depth first.
fn descendants(node: &Value) -> Vec<&Value> {
    let children = node["children"].as_array().into_iter().flatten();
    children
        .flat_map(|child| std::iter::once(child).chain(descendants(child)))
        .collect()
}

/// The local names of the elements under `node`, depth first.
fn elements(node: &Value) -> Vec<&str> {
    let nodes = descendants(node).into_iter().filter(|n| n["nodeType"] == 1);
    nodes.filter_map(|n| n["localName"].as_str()).collect()
}

/// The text of the text nodes under `node`.
fn text(node: &Value) -> String {
    let nodes = descendants(node).into_iter().filter(|n| n["nodeType"] == 3);
    nodes.filter_map(|n| n["nodeValue"].as_str()).collect()
}

/// The element under `node` whose `class` is `class`.
fn child_with_class<'a>(node: &'a Value, class: &str) -> Option<&'a Value> {
    let mut nodes = descendants(node).into_iter();
    nodes.find(|n| attr(n, "class").as_deref() == Some(class))
}

/// The launcher's role and name as the browser exposes them to assistive technology.
async fn role_and_name(page: &Page, node: &Value) -> Result<(String, String)> {
    let tree = page
        .cdp(
            "Accessibility.getPartialAXTree",
            json!({"backendNodeId": node["backendNodeId"], "fetchRelatives": false}),
        )
        .await?;
    let ax = tree["nodes"]
        .as_array()
        .and_then(|nodes| nodes.first())
        .with_context(|| format!("no accessibility node: {tree}"))?;
    Ok((
        ax["role"]["value"].as_str().unwrap_or_default().to_owned(),
        ax["name"]["value"].as_str().unwrap_or_default().to_owned(),
    ))
}

/// Waits until the launcher is drawn with the site's look: until the host element has
/// `data-look` (stage 2's `look` sets it once drawn, the logo loaded or failed), or 1.5 s after
/// the launcher appeared for a site with nothing more than its colour; returns it.
async fn shown_launcher(page: &Page) -> Result<Value> {
    wait_for("the launcher to appear", WAIT, || async {
        Ok(launcher(page).await.ok())
    })
    .await?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(1500) {
        page.top().await?;
        let drawn = page
            .js("return document.querySelector('ayuda-widget').dataset.look != null")
            .await?;
        if drawn == json!(true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    launcher(page).await
}

/// An element of the widget's closed shadow root, through WebDriver.
async fn in_widget(page: &Page, css: &str) -> Result<Element> {
    page.top().await?;
    Ok(page
        .widget()
        .await?
        .shadow_root()
        .await?
        .find(Locator::Css(css))
        .await?)
}

/// The red, green and blue of a computed colour (`rgb(…)` or `rgba(…)`).
fn rgb(colour: &str) -> Vec<u8> {
    colour
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .take(3)
        .collect()
}

/// A number property of an element (`naturalWidth`, `scrollWidth`, …).
async fn number(page: &Page, element: &Element, property: &str) -> Result<f64> {
    let value = page
        .client
        .execute(
            "return arguments[0][arguments[1]]",
            vec![serde_json::to_value(element)?, json!(property)],
        )
        .await?;
    value
        .as_f64()
        .with_context(|| format!("{property}: {value}"))
}

/// Which half of the layout viewport a box `(x, _, width, _)` is in.
async fn half(page: &Page, (x, _, width, _): (f64, f64, f64, f64)) -> Result<&'static str> {
    page.top().await?;
    let viewport = page
        .js("return document.documentElement.clientWidth")
        .await?;
    let middle = viewport.as_f64().context("viewport width")? / 2.0;
    Ok(if x + width / 2.0 < middle {
        "left"
    } else {
        "right"
    })
}

/// The launcher's half (the widget's host element is exactly its box).
async fn launcher_side(page: &Page) -> Result<&'static str> {
    half(page, page.widget().await?.rectangle().await?).await
}

/// The open panel's half.
async fn panel_side(page: &Page) -> Result<&'static str> {
    half(page, page.panel_box().await?).await
}

/// A key pressed on the real keyboard (DevTools input events, to whatever has the focus).
async fn press(page: &Page, key: &str, code: u32) -> Result<()> {
    for kind in ["rawKeyDown", "keyUp"] {
        page.cdp(
            "Input.dispatchKeyEvent",
            json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}),
        )
        .await?;
    }
    if key == "Enter" {
        page.cdp(
            "Input.dispatchKeyEvent",
            json!({"type": "char", "key": key, "text": "\r"}),
        )
        .await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sites_text_makes_the_launcher_a_named_pill_and_stays_text() -> Result<()> {
    let server = Server::start()?;
    let admin = server.staff_token(ADMIN, "admin").await?;
    set_look(
        &server,
        &admin,
        json!({"launcher_text": "Chat with us", "brand_color": "#ffd400"}),
    )
    .await?;
    let plain = format!("{}/plain.html", server.hosts);
    let url = plain.clone();
    with_browser("launcher_text", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&url).await?;
        let node = shown_launcher(&page).await?;
        ensure!(
            elements(&node) == ["svg", "path", "span"],
            "icon then text: {:?}",
            elements(&node)
        );
        let label = child_with_class(&node, "t").context("the text")?;
        ensure!(text(label) == "Chat with us", "{}", text(label));
        let (role, name) = role_and_name(&page, &node).await?;
        ensure!(role == "button", "role {role}");
        ensure!(
            name == "Chat with us, Open help" || name == "Chat with us, Abrir ayuda",
            "the name starts with the text: {name:?}"
        );
        // A pill in the right corner, on a light brand colour with dark ink for icon and text.
        let (_, _, width, height) = page.widget().await?.rectangle().await?;
        ensure!(
            width > 120.0 && (54.0..=58.0).contains(&height),
            "pill {width}×{height}"
        );
        ensure!(launcher_side(&page).await? == "right");
        let button = in_widget(&page, "button.l").await?;
        let background = button.css_value("background-color").await?;
        ensure!(
            rgb(&background) == [255, 212, 0],
            "brand colour {background}"
        );
        let ink = in_widget(&page, "span.t").await?.css_value("color").await?;
        ensure!(rgb(&ink) == [17, 17, 17], "dark text on yellow: {ink}");
        ensure!(
            button.css_value("color").await? == ink,
            "the icon's ink too"
        );

        // Still the same button for the keyboard: Tab reaches it, Enter opens the panel, the
        // launcher is the round close button; Escape closes it and gives the focus back.
        let mut tabs = 0;
        while page.js(FOCUSED).await? != json!("ayuda-widget") {
            ensure!(tabs < 20, "Tab never reaches the launcher");
            press(&page, "Tab", 9).await?;
            tabs += 1;
        }
        press(&page, "Enter", 13).await?;
        page.wait_open().await?;
        page.top().await?;
        let (_, _, open_width, _) = page.widget().await?.rectangle().await?;
        ensure!(open_width <= 58.0, "round when open: {open_width}");
        let (_, name) = role_and_name(&page, &launcher(&page).await?).await?;
        ensure!(name == "Close help" || name == "Cerrar ayuda", "{name:?}");
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
        let focused = page.js(FOCUSED).await?;
        ensure!(focused == json!("ayuda-widget"), "focus on {focused}");
        let (_, name) = role_and_name(&page, &launcher(&page).await?).await?;
        ensure!(name.starts_with("Chat with us, "), "{name:?}");
        Ok(())
    })
    .await?;

    // Markup in the text is shown as text: no element, nothing runs. On a dark colour the
    // ink is white.
    let hostile = "<img src=x onerror=alert(1)>";
    set_look(
        &server,
        &admin,
        json!({"launcher_text": hostile, "brand_color": "#0f766e"}),
    )
    .await?;
    with_browser("launcher_text_hostile", |client| async move {
        let page = Page::new(client.clone());
        client.goto(&plain).await?;
        let node = shown_launcher(&page).await?;
        ensure!(
            elements(&node) == ["svg", "path", "span"],
            "no element from the text: {:?}",
            elements(&node)
        );
        let label = child_with_class(&node, "t").context("the text")?;
        ensure!(text(label) == hostile, "shown as typed: {}", text(label));
        let (_, name) = role_and_name(&page, &node).await?;
        ensure!(name.starts_with(&format!("{hostile}, ")), "{name:?}");
        let ink = in_widget(&page, "span.t").await?.css_value("color").await?;
        ensure!(rgb(&ink) == [255, 255, 255], "white text on teal: {ink}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let dialog = page.client.get_alert_text().await; // an `alert` that ran
        ensure!(dialog.is_err(), "a dialog opened: {dialog:?}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_logo_comes_from_the_ayuda_origin_and_a_broken_one_leaves_the_icon() -> Result<()> {
    let server = Server::start()?;
    let admin = server.staff_token(ADMIN, "admin").await?;
    let logo = upload_logo(&server, &admin).await?;
    // The server refuses what is neither https nor a path.
    for bad in [
        "javascript:alert(1)",
        "//evil.example/logo.png",
        "http://evil.example/l.png",
    ] {
        ensure!(
            set_look(&server, &admin, json!({"logo_url": bad}))
                .await
                .is_err(),
            "the server took logo_url {bad}"
        );
    }
    set_look(&server, &admin, json!({"logo_url": logo})).await?;
    // A page that puts answers the server never gives over the real one: the loader checks
    // again. The first, the real logo, shows the page's rewriting works.
    let mut rewritten = Vec::new();
    for logo_url in [
        logo.as_str(),
        "javascript:alert(1)",
        "//evil.example/logo.png",
        "/\\evil.example/logo.png",
        "http://evil.example/logo.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ] {
        let look = json!({ "logo_url": logo_url }).to_string();
        let page = host_page(&server, "", Answer::Rewritten(&look)).await?;
        rewritten.push((logo_url.to_owned(), page));
    }
    let hosts = server.hosts.clone();
    let ayuda = server.url.clone();
    with_browser("launcher_logo", |client| async move {
        let page = Page::new(client.clone());
        // The host page is on another origin than the Ayuda server: the path is the server's.
        client.goto(&format!("{hosts}/plain.html")).await?;
        let node = shown_launcher(&page).await?;
        ensure!(
            elements(&node) == ["svg", "path", "img"],
            "the logo after the icon: {:?}",
            elements(&node)
        );
        let image = child_with_class(&node, "g").context("the logo")?;
        ensure!(
            attr(image, "src") == Some(format!("{ayuda}{logo}")),
            "{image}"
        );
        ensure!(attr(image, "alt").as_deref() == Some(""), "alt: {image}");
        ensure!(attr(&node, "data-g").is_some(), "the logo loaded: {node}");
        let img = in_widget(&page, "img.g").await?;
        let natural = number(&page, &img, "naturalWidth").await?;
        ensure!(natural == 8.0, "decoded: {natural}");
        let (_, _, width, height) = img.rectangle().await?;
        ensure!(width == 32.0 && height == 32.0, "logo box {width}×{height}");
        ensure!(in_widget(&page, "svg").await?.css_value("display").await? == "none");
        let (role, name) = role_and_name(&page, &node).await?;
        ensure!(
            role == "button" && (name == "Open help" || name == "Abrir ayuda"),
            "{role} {name:?}"
        );

        for (logo_url, url) in rewritten {
            client.goto(&url).await?;
            let node = shown_launcher(&page).await?;
            let expected: &[&str] = if logo_url.starts_with("/media/") {
                &["svg", "path", "img"]
            } else {
                &["svg", "path"]
            };
            ensure!(
                elements(&node) == expected,
                "logo_url {logo_url:?}: {:?}",
                elements(&node)
            );
            let dialog = page.client.get_alert_text().await; // an `alert` that ran
            ensure!(dialog.is_err(), "a dialog opened: {dialog:?}");
        }
        Ok(())
    })
    .await?;

    // A logo that does not load (a missing file; an https host that refuses) leaves the icon.
    for broken in [
        "/media/00000000000000000000000000000000.png".to_owned(),
        "https://127.0.0.1:9/logo.png".to_owned(),
    ] {
        set_look(&server, &admin, json!({"logo_url": broken})).await?;
        let hosts = server.hosts.clone();
        with_browser("launcher_logo_broken", |client| async move {
            let page = Page::new(client.clone());
            client.goto(&format!("{hosts}/plain.html")).await?;
            let node = shown_launcher(&page).await?;
            ensure!(
                elements(&node) == ["svg", "path"],
                "{broken}: the icon alone: {:?}",
                elements(&node)
            );
            let display = in_widget(&page, "svg").await?.css_value("display").await?;
            ensure!(display != "none", "{broken}: the icon shows ({display})");
            Ok(())
        })
        .await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sites_corner_places_the_launcher_and_the_tags_position_wins() -> Result<()> {
    let server = Server::start()?;
    let admin = server.staff_token(ADMIN, "admin").await?;
    set_look(&server, &admin, json!({"position": "left"})).await?;
    let tagged_right = host_page(&server, "data-position=\"right\"", Answer::Real).await?;
    let held = host_page(&server, "", Answer::Held).await?;
    let no_launcher = host_page(&server, "data-launcher=\"none\"", Answer::Real).await?;
    let hosts = server.hosts.clone();
    with_browser("launcher_corner", |client| async move {
        let page = Page::new(client.clone());
        // The example page's tag has no `data-position`: the site's corner.
        client.goto(&format!("{hosts}/plain.html")).await?;
        shown_launcher(&page).await?;
        ensure!(
            launcher_side(&page).await? == "left",
            "the site's left corner"
        );
        let (x, _, _, _) = page.widget().await?.rectangle().await?;
        ensure!((19.0..=21.0).contains(&x), "20 px from the left: {x}");
        page.open_with_launcher().await?;
        page.top().await?;
        ensure!(panel_side(&page).await? == "left", "the panel on its side");

        // The tag's `data-position` wins over the site's.
        client.goto(&tagged_right).await?;
        shown_launcher(&page).await?;
        ensure!(launcher_side(&page).await? == "right", "the tag's corner");
        page.open_with_launcher().await?;
        page.top().await?;
        ensure!(
            panel_side(&page).await? == "right",
            "the panel on the tag's side"
        );

        // A slow answer: the launcher shows at once in the default corner, and the site's
        // look moves it when it arrives.
        client.goto(&held).await?;
        wait_for("the launcher to appear", WAIT, || async {
            Ok(launcher(&page).await.ok())
        })
        .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure!(
            launcher_side(&page).await? == "right",
            "the default corner meanwhile"
        );
        page.js("window.__release()").await?;
        wait_for("the launcher to move left", WAIT, || async {
            Ok((launcher_side(&page).await? == "left").then_some(()))
        })
        .await?;

        // The panel opened before the answer moves with the launcher.
        client.goto(&held).await?;
        wait_for("the launcher to appear", WAIT, || async {
            Ok(launcher(&page).await.ok())
        })
        .await?;
        ensure!(
            launcher_side(&page).await? == "right",
            "the default corner meanwhile"
        );
        // (The frame's `init` waits for the loader's own answer: release it once the panel
        // shows, and only then wait for the frame.)
        page.js("Ayuda('open')").await?;
        wait_for("the panel to show", WAIT, || async {
            Ok((page.state().await? == "open").then_some(()))
        })
        .await?;
        ensure!(panel_side(&page).await? == "right", "the panel beside it");
        page.js("window.__release()").await?;
        wait_for("the launcher and the panel to move left", WAIT, || async {
            page.top().await?;
            let sides = (launcher_side(&page).await?, panel_side(&page).await?);
            Ok((sides == ("left", "left")).then_some(()))
        })
        .await?;
        page.wait_open().await?;

        // Without a launcher, the panel takes the site's corner too.
        client.goto(&no_launcher).await?;
        page.ayuda("Ayuda('open')").await?;
        page.top().await?;
        ensure!(
            panel_side(&page).await? == "left",
            "no launcher: the site's corner"
        );
        Ok(())
    })
    .await
}

/// The longest text the server takes, on a phone: the pill ends in an ellipsis within the
/// screen and adds nothing to the page's width, on a host wider than the screen and on one
/// that fits it; a tap on it opens the sheet.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_text_on_a_phone_never_widens_the_host_page() -> Result<()> {
    let server = Server::start()?;
    let admin = server.staff_token(ADMIN, "admin").await?;
    let long = "¿Dudas con tus facturas? Escríbenos aquí";
    ensure!(long.chars().count() == 40);
    let fitting = host_page(&server, "", Answer::Real).await?;
    let wide = format!("{}/plain.html", server.hosts);
    let widths = "return [document.documentElement.scrollWidth, innerWidth, visualViewport.width]";

    // The pages' widths with the round launcher.
    let mut before = Vec::new();
    for url in [&wide, &fitting] {
        let url = url.clone();
        let measured = &mut before;
        with_phone(
            "launcher_phone_round",
            &Phone::ANDROID,
            |client| async move {
                let page = Page::new(client.clone());
                client.goto(&url).await?;
                shown_launcher(&page).await?;
                measured.push(page.js(widths).await?);
                Ok(())
            },
        )
        .await?;
    }
    ensure!(
        before[0][0].as_f64() > before[0][2].as_f64().map(|w| w + 50.0),
        "plain.html is wider than the phone: {before:?}"
    );
    ensure!(
        before[1][0] == before[1][1],
        "the fitting host fits: {before:?}"
    );

    set_look(&server, &admin, json!({"launcher_text": long})).await?;
    for (url, before) in [(&wide, &before[0]), (&fitting, &before[1])] {
        let url = url.clone();
        let before = before.clone();
        with_phone(
            "launcher_phone_long_text",
            &Phone::ANDROID,
            |client| async move {
                let page = Page::new(client.clone());
                client.goto(&url).await?;
                let node = shown_launcher(&page).await?;
                let label = child_with_class(&node, "t").context("the text")?;
                ensure!(text(label) == long, "{}", text(label));
                tokio::time::sleep(Duration::from_millis(200)).await;
                let after = page.js(widths).await?;
                ensure!(
                    after[0] == before[0],
                    "{url}: the page's width {before} → {after}"
                );
                // As wide as the screen less 20 px each side, and inside the layout viewport
                // (on the wide host that viewport is wider than the screen, and the corner is
                // its corner).
                let screen = after[2].as_f64().context("visual viewport")?;
                let layout = after[1].as_f64().context("layout viewport")?;
                let (x, _, width, _) = page.widget().await?.rectangle().await?;
                ensure!(
                    width <= screen - 40.0 + 1.0 && x >= 19.0 && x + width <= layout - 19.0,
                    "{url}: pill {x}+{width} for a {screen} px screen, {layout} px viewport"
                );
                let span = in_widget(&page, "span.t").await?;
                let full = number(&page, &span, "scrollWidth").await?;
                let shown = number(&page, &span, "clientWidth").await?;
                ensure!(
                    shown > 100.0 && full > shown,
                    "{url}: the text is cut with an ellipsis ({shown} of {full} px)"
                );
                ensure!(span.css_value("text-overflow").await? == "ellipsis");
                page.tap_launcher().await?;
                page.wait_open().await?;
                Ok(())
            },
        )
        .await?;
    }
    Ok(())
}
