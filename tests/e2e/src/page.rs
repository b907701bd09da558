//! What a test does on an example host page: the host's own controls, the widget in its
//! shadow root and panel iframe, scripts in the page, and axe-core.

use anyhow::{Context, Result, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::driver::{SessionPost, cdp};
use crate::env::env_path;
use crate::wait::{WAIT, wait_for};

/// Helpers over one browser tab showing an example host page.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
}

impl Page {
    pub fn new(client: Client) -> Page {
        Page { client }
    }

    /// Runs `script` in the current frame and returns its result.
    pub async fn js(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Runs async `script` (the last argument is the callback) in the current frame.
    pub async fn js_async(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute_async(script, vec![]).await?)
    }

    /// Waits for the field `css`, empties it and types `text`.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let field = self.wait_css(css).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Waits for `css` and clicks it.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.wait_css(css).await?.click().await?;
        Ok(())
    }

    /// Fails with axe-core's violations on the current document, naming `screen`.
    pub async fn axe_clean(&self, screen: &str) -> Result<()> {
        let violations = self.axe_violations().await?;
        if !violations.is_empty() {
            bail!("axe on {screen}: {violations:#?}");
        }
        Ok(())
    }

    /// Runs a Chrome DevTools Protocol command in this tab.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        cdp(&self.client, cmd, params).await
    }

    /// The number of requests the current document made whose URL contains `part` (from the
    /// Resource Timing entries: every fetch, XHR, EventSource and subresource).
    pub async fn requests_to(&self, part: &str) -> Result<usize> {
        let count = self
            .client
            .execute(
                "return performance.getEntriesByType('resource')\
                   .filter(e => e.name.includes(arguments[0])).length",
                vec![json!(part)],
            )
            .await?;
        count
            .as_u64()
            .map(|n| n as usize)
            .with_context(|| format!("resource count {count}"))
    }

    /// Runs one JS API call (`call` evaluates to a Promise, e.g. `Ayuda('open')`) in the top
    /// document and fails unless the Promise resolves.
    pub async fn ayuda(&self, call: &str) -> Result<()> {
        self.top().await?;
        let outcome = self
            .js_async(&format!(
                "const done = arguments[arguments.length - 1];
                 Promise.resolve().then(() => {call})
                   .then(() => done('ok'), e => done('rejected: ' + e));"
            ))
            .await?;
        if outcome != json!("ok") {
            bail!("{call}: {outcome}");
        }
        Ok(())
    }

    /// Clicks the example host's `#host-button` and checks its counter went from 0 to 1: the
    /// host page still works.
    pub async fn host_button_counts(&self) -> Result<()> {
        self.top().await?;
        self.client
            .find(Locator::Css("#host-button"))
            .await?
            .click()
            .await?;
        let counter = self
            .client
            .find(Locator::Css("#host-counter"))
            .await?
            .text()
            .await?;
        if counter.trim() != "1" {
            bail!("host counter {counter:?}");
        }
        Ok(())
    }

    /// The panel iframe's box `(x, y, width, height)` in the top document.
    pub async fn panel_box(&self) -> Result<(f64, f64, f64, f64)> {
        self.top().await?;
        Ok(self
            .widget()
            .await?
            .shadow_root()
            .await?
            .find(Locator::Css("iframe"))
            .await?
            .rectangle()
            .await?)
    }

    /// The widget's host element in the top document.
    pub async fn widget(&self) -> Result<Element> {
        Ok(self.client.find(Locator::Css("ayuda-widget")).await?)
    }

    /// `data-state` of the widget: `open` or `closed`.
    pub async fn state(&self) -> Result<String> {
        Ok(self
            .widget()
            .await?
            .attr("data-state")
            .await?
            .unwrap_or_default())
    }

    /// Back to the top document.
    pub async fn top(&self) -> Result<()> {
        // Switching to the top-level browsing context: `{"id": null}`.
        // WebDriver "Switch To Frame" with a null id: the top-level browsing context.
        self.client
            .issue_cmd(SessionPost {
                path: "frame",
                body: r#"{"id":null}"#.to_owned(),
            })
            .await
            .context("cannot switch to the top frame")?;
        Ok(())
    }

    /// Switches into the panel iframe (inside the widget's closed shadow root).
    pub async fn enter_panel(&self) -> Result<()> {
        self.top().await?;
        let frame = wait_for("the panel iframe", WAIT, || async {
            let root = self.widget().await?.shadow_root().await?;
            Ok(root.find(Locator::Css("iframe")).await.ok())
        })
        .await?;
        frame.enter_frame().await?;
        Ok(())
    }

    /// The centre of the widget's host element (the launcher's box) in the top document's
    /// viewport, in CSS pixels: where DevTools input events aim.
    async fn launcher_centre(&self) -> Result<(f64, f64)> {
        self.top().await?;
        let centre = self
            .js(
                "const r = document.querySelector('ayuda-widget').getBoundingClientRect();
                 return [r.left + r.width / 2, r.top + r.height / 2]",
            )
            .await?;
        match (centre[0].as_f64(), centre[1].as_f64()) {
            (Some(x), Some(y)) => Ok((x, y)),
            _ => bail!("launcher centre {centre}"),
        }
    }

    /// Moves the mouse onto the launcher (no click): `pointerenter`, the loader's first sign of
    /// intent.
    pub async fn hover_launcher(&self) -> Result<()> {
        let (x, y) = self.launcher_centre().await?;
        self.cdp(
            "Input.dispatchMouseEvent",
            json!({ "type": "mouseMoved", "x": x, "y": y }),
        )
        .await?;
        Ok(())
    }

    /// Taps the launcher with a finger (touch start and end, as a phone sends them: the
    /// browser fires `pointerenter` at the touch, then the click).
    pub async fn tap_launcher(&self) -> Result<()> {
        let (x, y) = self.launcher_centre().await?;
        self.tap_at(x, y).await
    }

    /// A finger on the point `(x, y)` of the top document's viewport, in CSS pixels, then
    /// lifted: what DevTools' touch input sends to whichever frame is drawn there.
    pub async fn tap_at(&self, x: f64, y: f64) -> Result<()> {
        let point = json!([{ "x": x, "y": y }]);
        self.cdp(
            "Input.dispatchTouchEvent",
            json!({ "type": "touchStart", "touchPoints": point }),
        )
        .await?;
        self.cdp(
            "Input.dispatchTouchEvent",
            json!({ "type": "touchEnd", "touchPoints": [] }),
        )
        .await?;
        Ok(())
    }

    /// Requests the current document made for the loader's second stage
    /// (`/widget/loader-<hash>.js`) and for the panel's frame.
    pub async fn stage2_and_frame_requests(&self) -> Result<(usize, usize)> {
        Ok((
            self.requests_to("/widget/loader-").await?,
            self.requests_to("/widget/frame.html").await?,
        ))
    }

    /// Clicks the launcher, waits for the panel to be open and ready.
    pub async fn open_with_launcher(&self) -> Result<()> {
        self.top().await?;
        self.widget().await?.click().await?;
        self.wait_open().await
    }

    /// Waits (in the top document) for the panel to be open with its search box focused.
    pub async fn wait_open(&self) -> Result<()> {
        self.top().await?;
        wait_for("the panel to open", WAIT, || async {
            Ok((self.state().await? == "open").then_some(()))
        })
        .await?;
        self.enter_panel().await?;
        wait_for("the focused search box", WAIT, || async {
            let focused = self
                .js("return document.activeElement && document.activeElement.dataset.testid")
                .await?;
            Ok((focused == json!("search-input")).then_some(()))
        })
        .await
    }

    /// The texts of the elements matching `css` in the current frame.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await? {
            texts.push(element.text().await?);
        }
        Ok(texts)
    }

    /// Waits until `css` matches at least one displayed element in the current frame.
    pub async fn wait_css(&self, css: &str) -> Result<Element> {
        wait_for(css, WAIT, || async {
            for element in self.client.find_all(Locator::Css(css)).await? {
                if element.is_displayed().await? {
                    return Ok(Some(element));
                }
            }
            Ok(None)
        })
        .await
    }

    /// Waits until the texts of `css` satisfy `ok`, and returns them.
    pub async fn wait_texts(
        &self,
        css: &str,
        what: &str,
        ok: impl Fn(&[String]) -> bool,
    ) -> Result<Vec<String>> {
        wait_for(what, WAIT, || async {
            let texts = self.texts(css).await?;
            Ok(ok(&texts).then_some(texts))
        })
        .await
    }

    /// Browser console entries since the last call (`level`, `message`).
    pub async fn console(&self) -> Result<Vec<(String, String)>> {
        // chromedriver's legacy log endpoint: the browser console since the last read.
        let value = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: r#"{"type":"browser"}"#.to_owned(),
            })
            .await?;
        Ok(value
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or_default().to_owned(),
                            e["message"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Runs axe-core on the current frame's document; returns the violations (id: help).
    pub async fn axe_violations(&self) -> Result<Vec<String>> {
        let path = env_path("AYUDA_AXE_JS", "tools/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read axe-core at {}", path.display()))?;
        self.client.execute(&source, vec![]).await?;
        let result = self
            .js_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' [' +
                       v.nodes.map(n => n.target.join(' ')).join(', ') + ']')))
                   .catch(e => done(['axe failed: ' + e]));",
            )
            .await?;
        Ok(serde_json::from_value(result)?)
    }
}
