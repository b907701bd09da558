//! The admins' configuration calls: sites, each site's support settings and secret, routing
//! rules, macros, agents and backups.
//!
//! The console depends on `ayuda-api` only, so the desk's types (`ayuda_desk::SupportSettings`,
//! `Rule`, `Macro`, …) are mirrored here as plain serde structs with exactly their JSON: times
//! and dates stay the strings jiff writes (`"09:00:00"`, `"2026-12-25"`), levels and statuses
//! are `ayuda_api`'s words.

use std::collections::BTreeMap;

use ayuda_api::{AttachmentInfo, Category, Level, Status};
use serde::{Deserialize, Serialize};
use web_sys::Blob;

use super::{ApiError, Body, Call, Refusal};

const SITES: &str = "/api/v1/sites";
const DESK: &str = "/api/v1/desk";
const MACROS: &str = "/api/v1/macros";
const AGENTS: &str = "/api/v1/agents";
/// Where backups are listed, started and downloaded (`{BACKUPS}/{name}`).
pub const BACKUPS: &str = "/api/v1/admin/backups";

/// Which bottom corner the launcher sits in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    #[default]
    Right,
    Left,
}

impl Position {
    pub const ALL: [Position; 2] = [Position::Right, Position::Left];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Right => "right",
            Position::Left => "left",
        }
    }

    pub fn parse(word: &str) -> Option<Position> {
        Position::ALL.into_iter().find(|p| p.as_str() == word)
    }
}

/// A site as admins see it (`GET /api/v1/sites`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub key: String,
    pub name: String,
    pub allowed_origins: Vec<String>,
    pub default_locale: String,
    /// `#rrggbb`.
    pub brand_color: String,
    #[serde(default)]
    pub position: Position,
    #[serde(default)]
    pub launcher_text: Option<String>,
    #[serde(default)]
    pub logo_url: Option<String>,
}

/// `POST /api/v1/sites` and `PUT /api/v1/sites/{key}`. The corner, launcher text and logo are
/// left alone when absent; `""` removes the text or the logo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInput {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub allowed_origins: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_locale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand_color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub position: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launcher_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// A site's secret, which host backends sign `user_hash` with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteSecret {
    pub secret: String,
}

/// One target per level, in business minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub l1: u32,
    pub l2: u32,
    pub l3: u32,
}

impl Targets {
    pub fn get(&self, level: Level) -> u32 {
        match level {
            Level::L1 => self.l1,
            Level::L2 => self.l2,
            Level::L3 => self.l3,
        }
    }

    pub fn set(&mut self, level: Level, minutes: u32) {
        match level {
            Level::L1 => self.l1 = minutes,
            Level::L2 => self.l2 = minutes,
            Level::L3 => self.l3 = minutes,
        }
    }
}

/// `ayuda_desk::SlaPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub first_response: Targets,
    pub resolution: Targets,
}

/// `ayuda_desk::BusinessHoursConfig`: Monday first; local `(start, end)` times, an end of
/// `00:00:00` meaning midnight at the end of the day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub time_zone: String,
    pub weekly: [Vec<(String, String)>; 7],
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// `ayuda_desk::AutoReply`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoReply {
    pub enabled: bool,
    /// 0–1.
    pub min_confidence: f32,
    pub max_articles: usize,
}

impl Default for AutoReply {
    fn default() -> Self {
        AutoReply {
            enabled: true,
            min_confidence: 0.6,
            max_articles: 3,
        }
    }
}

/// `ayuda_desk::SupportSettings` (`GET/PUT /api/v1/desk/settings/{site}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportSettings {
    pub hours: Hours,
    pub sla: SlaPolicy,
    pub categories: Vec<Category>,
    pub auto_reply: AutoReply,
}

/// `POST /api/v1/desk/settings/{site}/preview`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PreviewRequest<'a> {
    pub settings: &'a SupportSettings,
    pub level: Level,
    pub at: Option<i64>,
}

/// What a ticket filed now would be promised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPreview {
    /// Unix ms.
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub expectation_en: String,
    pub expectation_es: String,
}

/// `ayuda_desk::LevelCondition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelCondition {
    Eq(Level),
    AtLeast(Level),
}

/// `ayuda_desk::Condition`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Site(String),
    Category(String),
    Level(LevelCondition),
    Language(String),
    UserAttribute { key: String, value: String },
    Keywords(Vec<String>),
}

/// `ayuda_desk::Actions`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actions {
    pub group: Option<String>,
    pub assignee: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub level: Option<Level>,
}

/// `ayuda_desk::Rule`: every condition must hold; the first matching rule wins.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub conditions: Vec<Condition>,
    pub actions: Actions,
}

/// `ayuda_desk::TicketFacts`: a sample ticket to test the rules on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFacts {
    pub site: String,
    pub category: Option<String>,
    pub level: Option<Level>,
    pub language: String,
    pub user_attributes: BTreeMap<String, String>,
    pub subject: String,
    pub body: String,
}

#[derive(Serialize)]
struct RoutingTest<'a> {
    rules: Option<&'a [Rule]>,
    ticket: &'a TicketFacts,
}

/// `ayuda_desk::Routed`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routed {
    /// The index of the rule that matched.
    pub matched_rule: Option<usize>,
    pub group: Option<String>,
    pub assignee: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub level: Option<Level>,
}

/// What a macro does (`ayuda_desk::Macro` with its name).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacroInput {
    pub name: String,
    pub reply: String,
    pub set_status: Option<Status>,
    #[serde(default)]
    pub add_tags: Vec<String>,
    pub set_level: Option<Level>,
}

/// A saved macro.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacroView {
    pub id: i64,
    #[serde(flatten)]
    pub input: MacroInput,
    /// Copied onto the reply whenever the macro is applied, in the order they were added
    /// (`url`: `/api/v1/macros/{id}/files/{file}`, for agents and admins).
    #[serde(default)]
    pub files: Vec<AttachmentInfo>,
}

/// An agent (`GET /api/v1/agents`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentInfo {
    pub user_id: i64,
    pub email: String,
    /// `admin` | `agent`.
    pub role: String,
    pub display_name: String,
    pub groups: Vec<String>,
    pub available: bool,
    /// At most this many open tickets (`None`: no limit).
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub open_tickets: i64,
    /// Unix ms.
    #[serde(default)]
    pub last_seen: Option<i64>,
}

/// `PUT /api/v1/agents/{id}` (capacity `0`: no limit; absent fields are left alone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentInput {
    pub display_name: Option<String>,
    pub groups: Option<Vec<String>>,
    pub available: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub capacity: Option<u32>,
}

/// When a backup was made: unix ms or RFC 3339, whichever the server writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Stamp {
    Ms(i64),
    Text(String),
}

/// A backup file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub name: String,
    pub bytes: u64,
    pub created_at: Stamp,
}

/// `GET /api/v1/sites`.
pub async fn sites() -> Result<Vec<SiteInfo>, ApiError> {
    Call::get(SITES).send().await?.json()
}

/// `POST /api/v1/sites`: 201 with the new site (409 for a key in use).
pub async fn create_site(csrf_token: &str, site: &SiteInput) -> Result<SiteInfo, Refusal> {
    Call::change("POST", SITES, csrf_token, Some(site))?
        .send()
        .await?
        .checked_json()
}

/// `PUT /api/v1/sites/{key}`.
pub async fn update_site(csrf_token: &str, site: &SiteInput) -> Result<SiteInfo, Refusal> {
    let url = format!("{SITES}/{}", crate::query::encode(&site.key));
    Call::change("PUT", &url, csrf_token, Some(site))?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/desk/secret/{site}`.
pub async fn site_secret(site: &str) -> Result<SiteSecret, ApiError> {
    let url = format!("{DESK}/secret/{}", crate::query::encode(site));
    Call::get(&url).send().await?.json()
}

/// `POST /api/v1/desk/secret/{site}/rotate`: a new secret; the old one stops working at once.
pub async fn rotate_secret(csrf_token: &str, site: &str) -> Result<SiteSecret, Refusal> {
    let url = format!("{DESK}/secret/{}/rotate", crate::query::encode(site));
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/desk/settings/{site}`.
pub async fn support_settings(site: &str) -> Result<SupportSettings, ApiError> {
    let url = format!("{DESK}/settings/{}", crate::query::encode(site));
    Call::get(&url).send().await?.json()
}

/// `PUT /api/v1/desk/settings/{site}` (400 with the server's reason).
pub async fn save_support_settings(
    csrf_token: &str,
    site: &str,
    settings: &SupportSettings,
) -> Result<SupportSettings, Refusal> {
    let url = format!("{DESK}/settings/{}", crate::query::encode(site));
    Call::change("PUT", &url, csrf_token, Some(settings))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/desk/settings/{site}/preview`: the due times unsaved settings would give.
pub async fn preview_settings(
    csrf_token: &str,
    site: &str,
    request: &PreviewRequest<'_>,
) -> Result<SlaPreview, Refusal> {
    let url = format!("{DESK}/settings/{}/preview", crate::query::encode(site));
    Call::change("POST", &url, csrf_token, Some(request))?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/desk/routing`.
pub async fn routing() -> Result<Vec<Rule>, ApiError> {
    Call::get(&format!("{DESK}/routing")).send().await?.json()
}

/// `PUT /api/v1/desk/routing`.
pub async fn save_routing(csrf_token: &str, rules: &[Rule]) -> Result<Vec<Rule>, Refusal> {
    let url = format!("{DESK}/routing");
    Call::change("PUT", &url, csrf_token, Some(&rules))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/desk/routing/test`: what `rules` (the saved ones when `None`) do to `ticket`.
pub async fn test_routing(
    csrf_token: &str,
    rules: Option<&[Rule]>,
    ticket: &TicketFacts,
) -> Result<Routed, Refusal> {
    let url = format!("{DESK}/routing/test");
    let body = RoutingTest { rules, ticket };
    Call::change("POST", &url, csrf_token, Some(&body))?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/macros`.
pub async fn macros() -> Result<Vec<MacroView>, ApiError> {
    Call::get(MACROS).send().await?.json()
}

/// `POST /api/v1/macros` (201), or `PUT /api/v1/macros/{id}` with an id.
pub async fn save_macro(
    csrf_token: &str,
    id: Option<i64>,
    input: &MacroInput,
) -> Result<MacroView, Refusal> {
    let (method, url) = match id {
        Some(id) => ("PUT", format!("{MACROS}/{id}")),
        None => ("POST", MACROS.to_owned()),
    };
    Call::change(method, &url, csrf_token, Some(input))?
        .send()
        .await?
        .checked_json()
}

/// `DELETE /api/v1/macros/{id}`: 204.
pub async fn delete_macro(csrf_token: &str, id: i64) -> Result<(), Refusal> {
    Call::delete(&format!("{MACROS}/{id}"), csrf_token)
        .send()
        .await?
        .checked()
}

/// `POST /api/v1/macros/{id}/files?name=…` with the file's bytes: 201 with the file (415 for a
/// kind the server does not take, 413 over 10 MB, 400 past 10 files or on a macro without a
/// reply).
pub async fn upload_macro_file(
    csrf_token: &str,
    id: i64,
    name: &str,
    file: Blob,
) -> Result<AttachmentInfo, Refusal> {
    let url = format!("{MACROS}/{id}/files?name={}", crate::query::encode(name));
    Call {
        method: "POST",
        url: &url,
        csrf_token: Some(csrf_token),
        body: Some(Body::Blob(file)),
    }
    .send()
    .await?
    .checked_json()
}

/// `DELETE /api/v1/macros/{id}/files/{file}`: 204 (tickets keep the copies they were sent).
pub async fn delete_macro_file(csrf_token: &str, id: i64, file: &str) -> Result<(), Refusal> {
    let url = format!("{MACROS}/{id}/files/{}", crate::query::encode(file));
    Call::delete(&url, csrf_token).send().await?.checked()
}

/// `GET /api/v1/agents`.
pub async fn agents() -> Result<Vec<AgentInfo>, ApiError> {
    Call::get(AGENTS).send().await?.json()
}

/// `PUT /api/v1/agents/{id}`.
pub async fn update_agent(
    csrf_token: &str,
    id: i64,
    input: &AgentInput,
) -> Result<AgentInfo, Refusal> {
    let url = format!("{AGENTS}/{id}");
    Call::change("PUT", &url, csrf_token, Some(input))?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/admin/backups`.
pub async fn backups() -> Result<Vec<Backup>, ApiError> {
    Call::get(BACKUPS).send().await?.json()
}

/// `POST /api/v1/admin/backups`: 201 with the new backup (409 when this server cannot make
/// one, with its reason).
pub async fn start_backup(csrf_token: &str) -> Result<Backup, Refusal> {
    Call::change::<()>("POST", BACKUPS, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_keep_the_desks_json() -> serde_json::Result<()> {
        let json = r#"{"hours":{"time_zone":"Europe/Madrid","weekly":[[["09:00:00","14:00:00"],["15:00:00","18:00:00"]],[],[],[],[],[],[]],"holidays":["2026-12-25"]},"sla":{"first_response":{"l1":480,"l2":240,"l3":60},"resolution":{"l1":2400,"l2":1440,"l3":480}},"categories":[{"key":"billing","labels":{"en":"Billing","es":"Facturación"}}],"auto_reply":{"enabled":true,"min_confidence":0.5,"max_articles":3}}"#;
        let settings: SupportSettings = serde_json::from_str(json)?;
        assert_eq!(settings.hours.weekly[0].len(), 2);
        assert_eq!(settings.sla.first_response.get(Level::L3), 60);
        assert_eq!(serde_json::to_string(&settings)?, json);
        Ok(())
    }

    #[test]
    fn rules_keep_the_desks_json() -> serde_json::Result<()> {
        let json = r#"[{"conditions":[{"site":"demo"},{"level":{"at_least":"l2"}},{"user_attribute":{"key":"plan","value":"pro"}},{"keywords":["factura","refund"]}],"actions":{"group":"billing","assignee":null,"tags":["vip"],"level":"l3"}}]"#;
        let rules: Vec<Rule> = serde_json::from_str(json)?;
        assert_eq!(
            rules[0].conditions[1],
            Condition::Level(LevelCondition::AtLeast(Level::L2))
        );
        assert_eq!(serde_json::to_string(&rules)?, json);
        Ok(())
    }

    #[test]
    fn sites_leave_defaults_out() -> serde_json::Result<()> {
        let input = SiteInput {
            key: "demo".into(),
            name: Some("Demo".into()),
            allowed_origins: vec![],
            default_locale: None,
            brand_color: None,
            position: None,
            launcher_text: None,
            logo_url: None,
        };
        assert_eq!(
            serde_json::to_string(&input)?,
            r#"{"key":"demo","name":"Demo","allowed_origins":[]}"#
        );
        let site: SiteInfo = serde_json::from_str(
            r##"{"key":"a","name":"A","allowed_origins":[],"default_locale":"es","brand_color":"#112233"}"##,
        )?;
        assert_eq!(site.position, Position::Right);
        let left: SiteInfo = serde_json::from_str(
            r##"{"key":"a","name":"A","allowed_origins":[],"default_locale":"es","brand_color":"#112233","position":"left","launcher_text":"Help","logo_url":null}"##,
        )?;
        assert_eq!(left.position, Position::Left);
        Ok(())
    }

    #[test]
    fn macros_agents_and_backups() -> serde_json::Result<()> {
        let view: MacroView = serde_json::from_str(
            r#"{"id":3,"name":"Thanks","reply":"Hi {{user.name}}","set_status":"solved","add_tags":["x"],"set_level":null}"#,
        )?;
        assert_eq!(view.input.set_status, Some(Status::Solved));
        assert!(view.files.is_empty(), "a server without files");
        let with_files: MacroView = serde_json::from_str(
            r#"{"id":3,"name":"Guide","reply":"Attached.","set_status":null,"add_tags":[],"set_level":null,"files":[{"id":"0123456789abcdef0123456789abcdef","name":"guide.png","content_type":"image/png","size":120,"url":"/api/v1/macros/3/files/0123456789abcdef0123456789abcdef"}]}"#,
        )?;
        assert_eq!(with_files.files[0].name, "guide.png");
        assert_eq!(with_files.input.reply, "Attached.");
        // Saving sends the macro's fields only: its files change through their own calls.
        let body = serde_json::to_string(&with_files.input)?;
        assert!(!body.contains("files"), "{body}");
        let agent: AgentInfo = serde_json::from_str(
            r#"{"user_id":1,"email":"a@x","role":"agent","display_name":"A","groups":["l1"],"available":true}"#,
        )?;
        assert_eq!(agent.capacity, None);
        let backup: Backup =
            serde_json::from_str(r#"{"name":"b.tar","bytes":10,"created_at":1700000000000}"#)?;
        assert_eq!(backup.created_at, Stamp::Ms(1_700_000_000_000));
        let input = AgentInput {
            display_name: Some("A".into()),
            groups: Some(vec![]),
            available: Some(true),
            capacity: Some(0),
        };
        assert!(serde_json::to_string(&input)?.contains(r#""capacity":0"#));
        Ok(())
    }
}
