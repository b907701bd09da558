//! Sites: the apps that embed the widget, with their CORS allowlist and defaults.

use rand::RngCore;
use sqlx::Row;

use crate::{Result, Store, from_json, now_ms, to_json};

/// The key of the site a fresh data dir starts with.
pub const DEMO_SITE_KEY: &str = "demo";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteRow {
    pub key: String,
    pub name: String,
    pub allowed_origins: Vec<String>,
    pub default_locale: String,
    pub brand_color: String,
    /// Shared with the host app's backend to sign user ids (HMAC); never sent to browsers.
    pub secret: String,
    pub created_at: i64,
    /// The launcher's corner: `right` or `left`.
    pub position: String,
    /// Text beside the launcher's icon.
    pub launcher_text: Option<String>,
    /// The logo in the panel's header (https URL or a path on the host).
    pub logo_url: Option<String>,
}

/// How a site's launcher looks, besides its colour.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteLook {
    pub position: String,
    pub launcher_text: Option<String>,
    pub logo_url: Option<String>,
}

/// 32 random bytes as hex: a new site's secret.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn site_from_row(row: &sqlx::any::AnyRow) -> Result<SiteRow> {
    Ok(SiteRow {
        key: row.try_get("key")?,
        name: row.try_get("name")?,
        allowed_origins: from_json(
            "sites.allowed_origins",
            &row.try_get::<String, _>("allowed_origins")?,
        )?,
        default_locale: row.try_get("default_locale")?,
        brand_color: row.try_get("brand_color")?,
        secret: row.try_get("secret")?,
        created_at: row.try_get("created_at")?,
        position: row.try_get("position")?,
        launcher_text: row.try_get("launcher_text")?,
        logo_url: row.try_get("logo_url")?,
    })
}

const SITE_COLUMNS: &str = "key, name, allowed_origins, default_locale, brand_color, secret, \
    created_at, position, launcher_text, logo_url";

impl Store {
    /// Creates the `demo` site (any localhost origin) unless it exists.
    pub async fn ensure_demo_site(&self) -> Result<()> {
        let origins = vec![
            "http://localhost:*".to_owned(),
            "http://127.0.0.1:*".to_owned(),
            "http://[::1]:*".to_owned(),
        ];
        sqlx::query(
            "INSERT INTO sites (key, name, allowed_origins, default_locale, brand_color, secret, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING",
        )
        .bind(DEMO_SITE_KEY)
        .bind("Demo")
        .bind(to_json(&origins))
        .bind("es")
        .bind("#2563eb")
        .bind(random_secret())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn site(&self, key: &str) -> Result<Option<SiteRow>> {
        let row = sqlx::query(&format!("SELECT {SITE_COLUMNS} FROM sites WHERE key = $1"))
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(site_from_row).transpose()
    }

    pub async fn sites(&self) -> Result<Vec<SiteRow>> {
        let rows = sqlx::query(&format!("SELECT {SITE_COLUMNS} FROM sites ORDER BY key"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(site_from_row).collect()
    }

    /// Creates or replaces a site's settings; a new site gets a fresh secret.
    pub async fn upsert_site(
        &self,
        key: &str,
        name: &str,
        allowed_origins: &[String],
        default_locale: &str,
        brand_color: &str,
    ) -> Result<SiteRow> {
        sqlx::query(
            "INSERT INTO sites (key, name, allowed_origins, default_locale, brand_color, secret, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (key) DO UPDATE SET name = excluded.name, allowed_origins = excluded.allowed_origins, \
             default_locale = excluded.default_locale, brand_color = excluded.brand_color",
        )
        .bind(key)
        .bind(name)
        .bind(to_json(allowed_origins))
        .bind(default_locale)
        .bind(brand_color)
        .bind(random_secret())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        self.site(key)
            .await?
            .ok_or_else(|| crate::Error::NotFound(crate::Entity::Site(key.to_owned())))
    }

    /// Sets how a site's launcher looks.
    pub async fn set_site_look(&self, key: &str, look: &SiteLook) -> Result<()> {
        sqlx::query(
            "UPDATE sites SET position = $2, launcher_text = $3, logo_url = $4 WHERE key = $1",
        )
        .bind(key)
        .bind(&look.position)
        .bind(look.launcher_text.as_deref())
        .bind(look.logo_url.as_deref())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
