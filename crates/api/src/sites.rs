//! Sites: one app that embeds the widget.

use serde::{Deserialize, Serialize};

/// A site as admins see it (`GET /api/v1/sites`). Its key is public: it goes in the script tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub key: String,
    pub name: String,
    /// Origins allowed to call the public API from a browser (CORS). A `*` in the port or the
    /// leftmost host label is a wildcard: `http://localhost:*`, `https://*.example.com`.
    pub allowed_origins: Vec<String>,
    pub default_locale: String,
    /// Brand colour as `#rrggbb`.
    pub brand_color: String,
    /// The launcher's corner: `right` (default) or `left`.
    #[serde(default = "right")]
    pub position: String,
    /// Text shown beside the launcher's icon (at most 40 characters).
    #[serde(default)]
    pub launcher_text: Option<String>,
    /// The logo on the launcher, in place of its icon: an `https://` URL or a `/path` on the
    /// Ayuda server.
    #[serde(default)]
    pub logo_url: Option<String>,
}

fn right() -> String {
    "right".to_owned()
}

/// `POST /api/v1/sites` (admin) and `PUT /api/v1/sites/{key}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInput {
    pub key: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    #[serde(default)]
    pub default_locale: Option<String>,
    #[serde(default)]
    pub brand_color: Option<String>,
    /// `right` or `left`; unchanged when absent.
    #[serde(default)]
    pub position: Option<String>,
    /// Unchanged when absent; `""` removes it.
    #[serde(default)]
    pub launcher_text: Option<String>,
    /// Unchanged when absent; `""` removes it.
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// `GET /api/v1/sites/{site}/config`: what the widget needs to start, no secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSiteConfig {
    pub key: String,
    pub name: String,
    pub default_locale: String,
    pub locales: Vec<String>,
    pub brand_color: String,
    #[serde(default = "right")]
    pub position: String,
    #[serde(default)]
    pub launcher_text: Option<String>,
    #[serde(default)]
    pub logo_url: Option<String>,
    /// The launcher has more to draw than its colour: a text, a logo or the left corner. The
    /// loader's first stage reads only this, to fetch the second stage's `look` for it (and
    /// nothing more for every other site).
    #[serde(default)]
    pub look: bool,
}
