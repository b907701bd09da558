//! The widget's files in memory: the loader's two stages (`/widget.js` and
//! `/widget/loader-<hash>.js`, compiled into the binary) and the panel Trunk builds into the
//! widget directory (with the desk module in its `desk/`, which the frame names in a `<meta>`),
//! each compressed ahead of time with brotli (quality 11) and gzip (level 9) and served with an
//! `ETag`. The directory is re-read when its `index.html` or the desk's changes, so a rebuild
//! shows up without a restart. `routes::widget` serves them.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// The loader's first stage as built (`cargo xtask loader`). `/widget.js` serves it with
/// [`STAGE2_PLACEHOLDER`] replaced by the second stage's URL path: see [`loader_js`].
pub const LOADER_JS: &str = include_str!("../../widget/loader.js");

/// The loader's second stage as built, which the first imports on intent; served at
/// [`stage2_path`].
pub const LOADER_STAGE2_JS: &str = include_str!("../../widget/loader-stage2.js");

/// Where the first stage names the second (a string literal, which the minifier keeps).
pub const STAGE2_PLACEHOLDER: &str = "__AYUDA_STAGE2__";

/// The second stage's file name under `/widget/`: `loader-<16 hex digits of its SHA-256>.js`.
/// A new build gets a new name, so the file can be cached for ever.
pub fn stage2_file() -> String {
    let digest = Sha256::digest(LOADER_STAGE2_JS.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("loader-{hex}.js")
}

/// The second stage's URL path: `/widget/loader-<hash>.js`.
pub fn stage2_path() -> String {
    format!("/widget/{}", stage2_file())
}

/// The first stage as served: [`LOADER_JS`] naming [`stage2_path`].
pub fn loader_js() -> String {
    LOADER_JS.replacen(STAGE2_PLACEHOLDER, &stage2_path(), 1)
}

/// Largest file read from the widget directory; more than any wasm build should be.
const MAX_ASSET_BYTES: u64 = 16 * 1024 * 1024;

/// One file, ready to send in any encoding.
#[derive(Debug)]
pub struct Asset {
    content_type: &'static str,
    // `Bytes`: every response shares the buffers instead of copying them.
    raw: Bytes,
    gzip: Bytes,
    br: Bytes,
    etag: String,
}

impl Asset {
    pub fn new(content_type: &'static str, raw: Vec<u8>) -> Asset {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        // Writing into a Vec cannot fail.
        let gzip = gzip
            .write_all(&raw)
            .and_then(|()| gzip.finish())
            .unwrap_or_default();
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            // The smallest files, for the builds people serve. A debug build (the tests'
            // server) compiles brotli's generic encoder without optimisation, where quality 11
            // takes ~7 s for the panel: it uses a quick quality instead.
            quality: if cfg!(debug_assertions) { 5 } else { 11 },
            lgwin: 22,
            ..Default::default()
        };
        if brotli::BrotliCompress(&mut raw.as_slice(), &mut br, &params).is_err() {
            br.clear();
        }
        let digest = Sha256::digest(&raw);
        let etag = format!(
            "\"{}\"",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12])
        );
        Asset {
            content_type,
            raw: Bytes::from(raw),
            gzip: Bytes::from(gzip),
            br: Bytes::from(br),
            etag,
        }
    }

    /// Sizes as sent: (raw, gzip, brotli).
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.raw.len(), self.gzip.len(), self.br.len())
    }

    /// The response for `request_headers`: 304 when the ETag matches, else the smallest
    /// encoding the client accepts.
    pub fn respond(&self, request_headers: &HeaderMap, cache_control: &'static str) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        if let Ok(etag) = HeaderValue::from_str(&self.etag) {
            headers.insert(header::ETAG, etag);
        }
        let not_modified = request_headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|tag| tag.trim() == self.etag));
        if not_modified {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        let accepted = accepted_encodings(request_headers);
        let body = if accepted.br && !self.br.is_empty() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            self.br.clone()
        } else if accepted.gzip && !self.gzip.is_empty() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            self.gzip.clone()
        } else {
            self.raw.clone()
        };
        (headers, body).into_response()
    }
}

/// Reads a body as a browser does: undoes a `Content-Encoding` this server sends (`br` from
/// its precompressed files, `gzip` from those and from `compression`); `None` or
/// `identity` is the body as it is. For the HTTP tests and the benchmark's load generator.
pub fn decode(content_encoding: Option<&str>, body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() * 4);
    match content_encoding.map(str::trim) {
        None | Some("identity") => out.extend_from_slice(body),
        Some("gzip") => {
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(body), &mut out)?;
        }
        Some("br") => {
            brotli::BrotliDecompress(&mut &body[..], &mut out)?;
        }
        Some(other) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                format!("content-encoding {other:?} is not one this server sends"),
            ));
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Accepted {
    br: bool,
    gzip: bool,
}

/// Whether the client accepts gzip (`q=0` refuses).
pub(crate) fn accepts_gzip(headers: &HeaderMap) -> bool {
    accepted_encodings(headers).gzip
}

/// Which of br and gzip the client accepts (`q=0` refuses).
fn accepted_encodings(headers: &HeaderMap) -> Accepted {
    let mut accepted = Accepted::default();
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            match name {
                "br" => accepted.br = !refused,
                "gzip" => accepted.gzip = !refused,
                _ => {}
            }
        }
    }
    accepted
}

fn content_type_of(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The modification times of the panel's and the desk module's `index.html`: a rebuild of
/// either changes it.
type Stamp = (Option<SystemTime>, Option<SystemTime>);

/// Where Trunk builds the desk module (contact form, conversations), under the widget
/// directory; the panel imports it on intent from the URLs the frame's `<meta>` names.
pub const DESK_DIR: &str = "desk";

/// The `<meta>` that tells the panel where the desk module is (see `widget/src/link.rs`).
pub const DESK_META: &str = "ayuda-desk";

/// The built panel, loaded from the widget directory.
#[derive(Debug)]
pub struct Dist {
    /// The build's [`Stamp`] when loaded.
    stamp: Stamp,
    /// `dist/index.html` naming the desk module, served as `frame.html`.
    pub index: Asset,
    /// `'sha256-…'` sources for the inline scripts of `index.html`.
    pub script_hashes: Vec<String>,
    /// Every other file, by path relative to the directory (`/`-separated).
    pub files: HashMap<String, Asset>,
}

impl Dist {
    /// Reads and compresses every file under `dir`.
    pub fn load(dir: &Path) -> std::io::Result<Dist> {
        let index_path = dir.join("index.html");
        let stamp = stamp_of(dir);
        let mut index_text = std::fs::read_to_string(&index_path)?;
        let script_hashes = inline_script_hashes(&index_text);
        let desk = std::fs::read_to_string(dir.join(DESK_DIR).join("index.html")).ok();
        if let Some(meta) = desk.as_deref().and_then(desk_meta) {
            match index_text.find("</head>") {
                Some(at) => index_text.insert_str(at, &meta),
                None => index_text.insert_str(0, &meta),
            }
        }
        let mut files = HashMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let entry = entry?;
                let path = entry.path();
                let kind = entry.file_type()?;
                if kind.is_dir() {
                    pending.push(path);
                    continue;
                }
                if !kind.is_file() || entry.metadata()?.len() > MAX_ASSET_BYTES {
                    continue;
                }
                let Ok(relative) = path.strip_prefix(dir) else {
                    continue;
                };
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if key == "index.html" || key == format!("{DESK_DIR}/index.html") {
                    continue;
                }
                let bytes = std::fs::read(&path)?;
                files.insert(key.clone(), Asset::new(content_type_of(&key), bytes));
            }
        }
        Ok(Dist {
            stamp,
            index: Asset::new(content_type_of("index.html"), index_text.into_bytes()),
            script_hashes,
            files,
        })
    }
}

/// The build's [`Stamp`].
fn stamp_of(dir: &Path) -> Stamp {
    let modified = |path: PathBuf| std::fs::metadata(path).ok()?.modified().ok();
    (
        modified(dir.join("index.html")),
        modified(dir.join(DESK_DIR).join("index.html")),
    )
}

/// `<meta name="ayuda-desk" content="JS WASM">` for the desk build whose `index.html` Trunk
/// wrote as `desk_html`: the first absolute `….js` and `…_bg.wasm` paths it names (its
/// preload links). `None` when either is missing or holds a character a path should not.
pub fn desk_meta(desk_html: &str) -> Option<String> {
    let quoted = desk_html.split(['"', '\'']).skip(1).step_by(2).filter(|s| {
        s.starts_with('/')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'.'))
    });
    let mut js = None;
    let mut wasm = None;
    for path in quoted {
        if path.ends_with(".js") {
            js = js.or(Some(path));
        } else if path.ends_with("_bg.wasm") {
            wasm = wasm.or(Some(path));
        }
    }
    Some(format!(
        r#"<meta name="{DESK_META}" content="{} {}">"#,
        js?, wasm?
    ))
}

/// CSP hash sources of every inline `<script>` (one without `src`) in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + "<script".len()..];
        let Some(tag_end) = rest.find('>') else { break };
        let attributes = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(body_len) = rest[body_start..].find("</script") else {
            break;
        };
        let body = &rest[body_start..body_start + body_len];
        if !attributes.contains("src=") {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &rest[body_start + body_len..];
    }
    hashes
}

/// A Trunk build (the widget's or the console's) in memory, loaded (and compressed) at start and
/// reloaded when its `index.html` changes. The widget's loader stages live here too.
pub struct AppFiles {
    dir: PathBuf,
    /// What the build is, for the error when it is missing ("the widget").
    what: &'static str,
    loader: Asset,
    /// The loader's second stage and its file name under `/widget/` ([`stage2_file`]).
    stage2: (String, Asset),
    dist: RwLock<Option<Arc<Dist>>>,
    /// One load at a time: the panel's first visitor asks for four files at once, and each
    /// load compresses the whole build (brotli 11 in a release build: about a second).
    loading: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for AppFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppFiles").field("dir", &self.dir).finish()
    }
}

impl AppFiles {
    pub fn new(dir: PathBuf, what: &'static str) -> AppFiles {
        AppFiles {
            dir,
            what,
            loader: Asset::new(content_type_of("widget.js"), loader_js().into_bytes()),
            stage2: (
                stage2_file(),
                Asset::new(
                    content_type_of("loader.js"),
                    LOADER_STAGE2_JS.as_bytes().to_vec(),
                ),
            ),
            dist: RwLock::new(None),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// Loads and compresses the build in the background, so the first visitor does not wait
    /// for it (nothing happens when there is no build yet: `dist` says so when asked).
    pub fn preload(self: &Arc<Self>) {
        let this = self.clone();
        tokio::spawn(async move {
            if let Err(e) = this.dist().await {
                tracing::debug!("{} not preloaded: {e}", this.what);
            }
        });
    }

    pub fn loader(&self) -> &Asset {
        &self.loader
    }

    /// The loader's second stage, and whether `file` (a path under `/widget/`) is its name.
    pub fn stage2(&self, file: &str) -> (&Asset, bool) {
        (&self.stage2.1, file == self.stage2.0)
    }

    /// The current build, or an error saying how to make one.
    pub async fn dist(self: &Arc<Self>) -> AppResult<Arc<Dist>> {
        let index = self.dir.join("index.html");
        let modified =
            |path: PathBuf| async move { tokio::fs::metadata(path).await.ok()?.modified().ok() };
        let stamp = (
            modified(index.clone()).await,
            modified(self.dir.join(DESK_DIR).join("index.html")).await,
        );
        if stamp.0.is_none() {
            return Err(AppError::client(
                StatusCode::SERVICE_UNAVAILABLE,
                ayuda_api::ErrorCode::Unavailable,
                format!(
                    "{} is not built: no {} (run `cargo xtask demo`)",
                    self.what,
                    index.display()
                ),
            ));
        }
        if let Some(dist) = self.loaded(stamp) {
            return Ok(dist);
        }
        let _loading = self.loading.lock().await;
        // Loaded by the request this one waited for.
        if let Some(dist) = self.loaded(stamp) {
            return Ok(dist);
        }
        let this = self.clone();
        let loaded = tokio::task::spawn_blocking(move || Dist::load(&this.dir))
            .await
            .map_err(|e| AppError::Internal(format!("widget loader task: {e}")))?
            .map_err(|e| AppError::Internal(format!("cannot read the widget build: {e}")))?;
        let loaded = Arc::new(loaded);
        if let Ok(mut guard) = self.dist.write() {
            *guard = Some(loaded.clone());
        }
        Ok(loaded)
    }

    /// The build in memory, if it is the one stamped `stamp`.
    fn loaded(&self, stamp: Stamp) -> Option<Arc<Dist>> {
        let guard = self.dist.read().ok()?;
        let dist = guard.as_ref()?;
        (dist.stamp == stamp).then(|| dist.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The panel's first visitor asks for its files at once: one load serves them all, and a
    /// new build is picked up.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_first_requests_share_one_load() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("index.html"), "<html></html>")?;
        std::fs::write(dir.path().join("panel.wasm"), vec![7u8; 200_000])?;
        let files = Arc::new(AppFiles::new(dir.path().to_path_buf(), "the widget"));
        let asks: Vec<_> = (0..4)
            .map(|_| {
                let files = files.clone();
                tokio::spawn(async move { files.dist().await })
            })
            .collect();
        let mut loaded = Vec::new();
        for ask in asks {
            loaded.push(ask.await?.map_err(|e| e.to_string())?);
        }
        assert!(loaded.iter().all(|dist| Arc::ptr_eq(dist, &loaded[0])));
        assert!(loaded[0].files.contains_key("panel.wasm"));

        // A rebuild (a newer index.html) is loaded again.
        std::fs::write(dir.path().join("index.html"), "<html><body></body></html>")?;
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join("index.html"))?;
        file.set_modified(SystemTime::now() + std::time::Duration::from_secs(1))?;
        let reloaded = files.dist().await.map_err(|e| e.to_string())?;
        assert!(!Arc::ptr_eq(&reloaded, &loaded[0]));
        Ok(())
    }

    /// The first stage names the second exactly once, by its hashed name, and the served
    /// first stage is the built one with only that replaced.
    #[test]
    fn first_stage_names_the_hashed_second_stage() {
        assert_eq!(LOADER_JS.matches(STAGE2_PLACEHOLDER).count(), 1);
        assert!(!LOADER_STAGE2_JS.contains(STAGE2_PLACEHOLDER));
        let served = loader_js();
        assert!(!served.contains(STAGE2_PLACEHOLDER));
        assert_eq!(served.matches(&stage2_path()).count(), 1);
        let file = stage2_file();
        assert!(
            file.starts_with("loader-") && file.ends_with(".js"),
            "{file}"
        );
        assert_eq!(file.len(), "loader-.js".len() + 16);
        let files = AppFiles::new(PathBuf::from("no-such-dir"), "the widget");
        assert!(files.stage2(&file).1);
        assert!(!files.stage2("loader-0000000000000000.js").1);
    }

    #[test]
    fn names_the_desk_module_from_its_build() {
        let html = r#"<link rel="modulepreload" href="/widget/desk/ayuda-desk-1a2b.js" integrity="sha384-x"><link rel="preload" href="/widget/desk/ayuda-desk-1a2b_bg.wasm" as="fetch"><script type="module">import init from '/widget/desk/ayuda-desk-1a2b.js';</script>"#;
        assert_eq!(
            desk_meta(html).as_deref(),
            Some(
                r#"<meta name="ayuda-desk" content="/widget/desk/ayuda-desk-1a2b.js /widget/desk/ayuda-desk-1a2b_bg.wasm">"#
            )
        );
        assert_eq!(desk_meta("<html></html>"), None);
        // Nothing that could leave the attribute.
        assert_eq!(
            desk_meta(r#"<a href="/x.js"></a><a href="/x y\"><script>_bg.wasm"></a>"#),
            None
        );
    }

    #[test]
    fn hashes_only_inline_scripts() {
        let html =
            r#"<script src="/a.js"></script><script type="module">import x from '/b.js';</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import x from '/b.js';"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
        assert!(inline_script_hashes("<script>unterminated").is_empty());
    }

    #[test]
    fn every_encoding_decodes_to_the_file() {
        let text = b"Ayuda, ayuda, ayuda: a help widget. ".repeat(40);
        let asset = Asset::new("text/plain", text.clone());
        assert_eq!(decode(Some("br"), &asset.br).unwrap(), text);
        assert_eq!(decode(Some("gzip"), &asset.gzip).unwrap(), text);
        assert_eq!(decode(None, &asset.raw).unwrap(), text);
        assert_eq!(decode(Some("identity"), &asset.raw).unwrap(), text);
        assert!(decode(Some("zstd"), &asset.raw).is_err());
        assert!(decode(Some("gzip"), b"not gzip").is_err());
    }

    #[test]
    fn encoding_negotiation() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br;q=0"),
        );
        let accepted = accepted_encodings(&headers);
        assert!(accepted.gzip && !accepted.br);
        let asset = Asset::new("text/plain", b"hello hello hello hello hello".to_vec());
        let response = asset.respond(&headers, "no-cache");
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&asset.etag).unwrap(),
        );
        assert_eq!(
            asset.respond(&headers, "no-cache").status(),
            StatusCode::NOT_MODIFIED
        );
    }
}
