//! The installation's configuration: each site's support settings, the routing rules, the
//! round-robin positions and the staff sign-in policy, each read and written through its own
//! typed method. They are kept
//! as JSON documents in `desk_config` under keys only this module spells.

use ayuda_desk::{Rule, SupportSettings};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::Row;

use crate::{Error, Result, Store, from_json, now_ms};

/// The documents of `desk_config`.
enum Document<'a> {
    /// One site's [`SupportSettings`].
    Support { site: &'a str },
    /// The installation's routing rules, in order.
    RoutingRules,
    /// The agent picked last in a group (`None`: among everyone).
    RoundRobin { group: Option<&'a str> },
    /// The staff sign-in policy ([`crate::SecurityPolicy`]).
    Security,
}

impl Document<'_> {
    fn key(&self) -> String {
        match self {
            Document::Support { site } => format!("site:{site}"),
            Document::RoutingRules => "routing".to_owned(),
            Document::RoundRobin { group } => format!("round_robin:{}", group.unwrap_or("*")),
            Document::Security => "security".to_owned(),
        }
    }

    fn column(&self) -> &'static str {
        match self {
            Document::Support { .. } => "desk_config.value (support settings)",
            Document::RoutingRules => "desk_config.value (routing rules)",
            Document::RoundRobin { .. } => "desk_config.value (round robin)",
            Document::Security => "desk_config.value (security policy)",
        }
    }
}

impl Store {
    /// `site`'s support settings, if an admin saved any.
    pub async fn support_settings(&self, site: &str) -> Result<Option<SupportSettings>> {
        self.document(&Document::Support { site }).await
    }

    /// Saves `site`'s support settings (checked by the caller).
    pub async fn set_support_settings(&self, site: &str, settings: &SupportSettings) -> Result<()> {
        self.put_document(&Document::Support { site }, settings)
            .await
    }

    /// The routing rules, first match wins; none when never saved.
    pub async fn routing_rules(&self) -> Result<Vec<Rule>> {
        Ok(self
            .document(&Document::RoutingRules)
            .await?
            .unwrap_or_default())
    }

    /// Replaces the routing rules.
    pub async fn set_routing_rules(&self, rules: &[Rule]) -> Result<()> {
        self.put_document(&Document::RoutingRules, &rules).await
    }

    /// The user id of the agent round-robin picked last in `group` (`None`: everyone).
    pub async fn round_robin_last(&self, group: Option<&str>) -> Result<Option<i64>> {
        self.document(&Document::RoundRobin { group }).await
    }

    /// Remembers the agent round-robin picked in `group`.
    pub async fn set_round_robin_last(&self, group: Option<&str>, agent: i64) -> Result<()> {
        self.put_document(&Document::RoundRobin { group }, &agent)
            .await
    }

    /// The staff sign-in policy (the default until an admin saves one).
    pub async fn security_policy(&self) -> Result<crate::SecurityPolicy> {
        Ok(self
            .document(&Document::Security)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_security_policy(&self, policy: &crate::SecurityPolicy) -> Result<()> {
        self.put_document(&Document::Security, policy).await
    }

    async fn document<T: DeserializeOwned>(&self, document: &Document<'_>) -> Result<Option<T>> {
        let row = sqlx::query("SELECT value FROM desk_config WHERE key = $1")
            .bind(document.key())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let text: String = row.try_get("value").map_err(Error::from)?;
        from_json(document.column(), &text).map(Some)
    }

    async fn put_document<T: Serialize + ?Sized>(
        &self,
        document: &Document<'_>,
        value: &T,
    ) -> Result<()> {
        let text = serde_json::to_string(value).map_err(|source| Error::Corrupt {
            column: document.column(),
            source,
        })?;
        sqlx::query(
            "INSERT INTO desk_config (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(document.key())
        .bind(text)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
