//! What the article editor edits ([`Fields`]: the content, where it shows, and who reviews it
//! how often), how it becomes the API's request bodies, and the draft kept in `localStorage`
//! while changes are unsaved ([`Draft`]), so that a closed tab or an ended session loses at
//! most a few seconds of typing.

use ayuda_api::{Article, ArticleStatus, ArticleUpdate, NewArticle};
use serde::{Deserialize, Serialize};

/// Where an article's draft is kept: `ayuda-console-draft-42`, or `…-new` for a new one.
pub fn storage_key(id: Option<i64>) -> String {
    match id {
        Some(id) => format!("ayuda-console-draft-{id}"),
        None => "ayuda-console-draft-new".to_owned(),
    }
}

/// The editor's fields as typed (tags as one comma-separated text). The last four came later:
/// a draft kept without them reads them as empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub title: String,
    pub slug: String,
    pub tags: String,
    pub body: String,
    /// Where in the host app the article is offered (the widget's contexts).
    #[serde(default)]
    pub contexts: Vec<String>,
    /// The site keys it is limited to; empty for every site.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Who keeps it accurate: a staff member's e-mail, as typed.
    #[serde(default)]
    pub owner: String,
    /// Its review interval in days, as typed (empty: no review cycle).
    #[serde(default)]
    pub review: String,
}

/// The longest context the server takes.
pub const MAX_CONTEXT_CHARS: usize = 500;

/// The most contexts (or tags, or sites) an article may have.
pub const MAX_CONTEXTS: usize = 50;

/// Adds `typed` (trimmed) to `contexts` unless it is empty, too long, already there or one too
/// many; true when it was added.
pub fn add_context(contexts: &mut Vec<String>, typed: &str) -> bool {
    let context = typed.trim();
    let fits = !context.is_empty()
        && context.chars().count() <= MAX_CONTEXT_CHARS
        && !context.chars().any(char::is_control)
        && contexts.len() < MAX_CONTEXTS;
    if !fits || contexts.iter().any(|c| c == context) {
        return false;
    }
    contexts.push(context.to_owned());
    true
}

/// The review intervals offered in the select, in days.
pub const REVIEW_PRESETS: [i64; 4] = [30, 90, 180, 365];

/// The longest review interval the server takes, in days.
pub const MAX_REVIEW_DAYS: i64 = 3650;

/// A review interval that is not 1 to [`MAX_REVIEW_DAYS`] days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadInterval;

/// A review interval as typed: `Ok(None)` for none (empty), `Ok(Some(days))` for 1 to
/// [`MAX_REVIEW_DAYS`] days, [`BadInterval`] for anything else.
pub fn review_days(typed: &str) -> Result<Option<i64>, BadInterval> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    match typed.parse::<i64>() {
        Ok(days) if (1..=MAX_REVIEW_DAYS).contains(&days) => Ok(Some(days)),
        _ => Err(BadInterval),
    }
}

/// The review select's value for an interval as typed: `""` (none), a preset's number, or
/// `"custom"` for any other number of days.
pub fn review_choice(typed: &str) -> String {
    match review_days(typed) {
        Ok(None) => String::new(),
        Ok(Some(days)) if REVIEW_PRESETS.contains(&days) => days.to_string(),
        _ => "custom".to_owned(),
    }
}

/// Two lists the same whatever their order.
fn same_set(a: &[String], b: &[String]) -> bool {
    let mut a: Vec<&String> = a.iter().collect();
    let mut b: Vec<&String> = b.iter().collect();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    a == b
}

/// The server's default site (`ayuda_store::DEMO_SITE_KEY`, in every installation): where an
/// article limited to no site is shown when the list of sites cannot be read.
pub const DEFAULT_SITE: &str = "demo";

/// Where readers find a published article in the help centre.
pub fn help_centre_path(site: &str, locale: &str, slug: &str) -> String {
    format!(
        "/help/{}/{}/{}",
        crate::query::encode(site),
        crate::query::encode(locale),
        crate::query::encode(slug)
    )
}

/// Tags typed as `"billing, VAT ,, billing"` → `["billing", "VAT"]`: trimmed, empty and
/// repeated ones dropped, in their order.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

impl Fields {
    /// The fields of an article as loaded.
    pub fn of(article: &Article) -> Self {
        Self {
            title: article.title.clone(),
            slug: article.slug.clone(),
            tags: article.tags.join(", "),
            body: article.body.clone(),
            contexts: article.contexts.clone(),
            sites: article.sites.clone(),
            owner: article.owner.clone().unwrap_or_default(),
            review: article
                .review_interval_days
                .map(|days| days.to_string())
                .unwrap_or_default(),
        }
    }

    /// Whether saving these fields would store the same as `other`: the same content and the
    /// same review plan.
    pub fn same_as(&self, other: &Fields) -> bool {
        self.same_content(other) && self.same_plan(other)
    }

    /// Whether these fields' content (what a version holds) is `other`'s: the tags as a list
    /// (`a,b` is `a, b`), contexts and sites in any order, everything else as typed.
    pub fn same_content(&self, other: &Fields) -> bool {
        self.title == other.title
            && self.slug.trim() == other.slug.trim()
            && self.body == other.body
            && parse_tags(&self.tags) == parse_tags(&other.tags)
            && same_set(&self.contexts, &other.contexts)
            && same_set(&self.sites, &other.sites)
    }

    /// Whether the owner and review interval are `other`'s (the owner whatever its case).
    pub fn same_plan(&self, other: &Fields) -> bool {
        self.owner.trim().eq_ignore_ascii_case(other.owner.trim())
            && review_days(&self.review) == review_days(&other.review)
            && (review_days(&self.review).is_ok() || self.review.trim() == other.review.trim())
    }

    /// The owner and review interval to send when they differ from `saved`'s: `(owner,
    /// review_interval_days)` as [`ArticleUpdate`] carries them. An owner left empty is not
    /// sent (the server keeps one once set); an interval that is not a number of days is the
    /// caller's to refuse first.
    pub fn plan_change(&self, saved: &Fields) -> (Option<String>, Option<Option<i64>>) {
        let owner = self.owner.trim();
        let owner = (!owner.is_empty() && !owner.eq_ignore_ascii_case(saved.owner.trim()))
            .then(|| owner.to_lowercase());
        let review = match (review_days(&self.review), review_days(&saved.review)) {
            (Ok(now), Ok(before)) if now == before => None,
            (Ok(now), _) => Some(now),
            (Err(BadInterval), _) => None,
        };
        (owner, review)
    }

    /// These fields with `article`'s owner and review interval: what the server holds after
    /// it saved the content but not the plan.
    pub fn with_plan_of(&self, article: &Article) -> Fields {
        let stored = Fields::of(article);
        Fields {
            owner: stored.owner,
            review: stored.review,
            ..self.clone()
        }
    }

    /// A `PUT /articles/{id}` that only changes the owner and the review interval (the server
    /// saves no version for it), or none when they are as `saved`.
    pub fn plan_update(&self, saved: &Fields) -> Option<ArticleUpdate> {
        let (owner, review_interval_days) = self.plan_change(saved);
        (owner.is_some() || review_interval_days.is_some()).then(|| ArticleUpdate {
            owner,
            review_interval_days,
            ..ArticleUpdate::default()
        })
    }

    /// The slug to send: none when left empty (the server derives or keeps it).
    fn slug(&self) -> Option<String> {
        let slug = self.slug.trim();
        (!slug.is_empty()).then(|| slug.to_owned())
    }

    /// `POST /articles` for these fields in `locale`, saved with `status`.
    pub fn new_article(&self, locale: &str, status: ArticleStatus) -> NewArticle {
        NewArticle {
            title: self.title.trim().to_owned(),
            body: self.body.clone(),
            slug: self.slug(),
            locale: Some(locale.to_owned()),
            tags: parse_tags(&self.tags),
            contexts: self.contexts.clone(),
            sites: self.sites.clone(),
            status: Some(status),
            ..NewArticle::default()
        }
    }

    /// `PUT /articles/{id}` for these fields over `base_version`, saved with `status`, with the
    /// owner and review interval when they differ from `saved`'s.
    pub fn update(
        &self,
        base_version: i64,
        status: ArticleStatus,
        saved: &Fields,
    ) -> ArticleUpdate {
        let (owner, review_interval_days) = self.plan_change(saved);
        ArticleUpdate {
            title: Some(self.title.trim().to_owned()),
            body: Some(self.body.clone()),
            slug: self.slug(),
            tags: Some(parse_tags(&self.tags)),
            contexts: Some(self.contexts.clone()),
            sites: Some(self.sites.clone()),
            status: Some(status),
            base_version: Some(base_version),
            owner,
            review_interval_days,
            ..ArticleUpdate::default()
        }
    }
}

/// `PUT /api/v1/articles/{id}`'s body for "Archive": the status and the version the editor
/// loaded, nothing else (the content stays as saved; a newer version answers 409
/// `edit_conflict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ArchiveBody {
    pub status: ArticleStatus,
    pub base_version: i64,
}

impl ArchiveBody {
    pub fn new(base_version: i64) -> Self {
        Self {
            status: ArticleStatus::Archived,
            base_version,
        }
    }
}

/// Unsaved changes as kept in `localStorage`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(flatten)]
    pub fields: Fields,
    /// The version the changes were made on (`None` for a new article).
    pub base_version: Option<i64>,
    /// A new article's language.
    #[serde(default)]
    pub locale: Option<String>,
    /// When it was kept, in milliseconds since the epoch (the browser's clock).
    pub saved_at: f64,
}

impl Draft {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The draft in `json`, or none when it is not one (an older format, a damaged value).
    pub fn from_json(json: &str) -> Option<Self> {
        serde_json::from_str(json).ok()
    }

    /// Whether to offer this draft over what was just loaded: `loaded` (the fields of
    /// `loaded_version`, last changed at `loaded_at` ms; `None` for a new article). A draft
    /// that changes nothing is not worth it; otherwise one made on the loaded version, or
    /// kept after the article last changed, is.
    pub fn worth_offering(
        &self,
        loaded: &Fields,
        loaded_version: Option<i64>,
        loaded_at: Option<f64>,
    ) -> bool {
        if self.fields.same_as(loaded) {
            return false;
        }
        match (loaded_version, loaded_at) {
            (None, _) => true,
            (Some(version), _) if self.base_version == Some(version) => true,
            (Some(_), Some(at)) => self.saved_at > at,
            (Some(_), None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archiving_sends_the_status_and_the_loaded_version_only() {
        let body = serde_json::to_value(ArchiveBody::new(7)).unwrap_or_default();
        assert_eq!(
            body,
            serde_json::json!({"status": "archived", "base_version": 7})
        );
    }

    fn fields(title: &str, tags: &str, body: &str) -> Fields {
        Fields {
            title: title.to_owned(),
            tags: tags.to_owned(),
            body: body.to_owned(),
            ..Fields::default()
        }
    }

    #[test]
    fn keys_per_article() {
        assert_eq!(storage_key(Some(42)), "ayuda-console-draft-42");
        assert_eq!(storage_key(None), "ayuda-console-draft-new");
    }

    #[test]
    fn tags_are_a_clean_list() {
        assert_eq!(parse_tags(" billing, VAT ,, billing,"), ["billing", "VAT"]);
        assert_eq!(parse_tags(""), Vec::<String>::new());
        assert!(fields("T", "a,b", "x").same_as(&fields("T", " a, b ", "x")));
        assert!(!fields("T", "a", "x").same_as(&fields("T", "a", "x\n")));
    }

    #[test]
    fn request_bodies() {
        let typed = Fields {
            title: "  Add a client ".to_owned(),
            slug: " ".to_owned(),
            tags: "clients, start".to_owned(),
            body: "Body".to_owned(),
            contexts: vec!["/clients/*".to_owned()],
            sites: vec!["demo".to_owned()],
            ..Fields::default()
        };
        let new = typed.new_article("es", ArticleStatus::Draft);
        assert_eq!(new.title, "Add a client");
        assert_eq!(new.slug, None);
        assert_eq!(new.locale.as_deref(), Some("es"));
        assert_eq!(new.tags, ["clients", "start"]);
        assert_eq!(new.status, Some(ArticleStatus::Draft));
        assert_eq!(new.contexts, ["/clients/*"]);
        assert_eq!(new.sites, ["demo"]);
        let json = serde_json::to_value(&new).unwrap_or_default();
        assert_eq!(json["translation_key"], serde_json::Value::Null);

        let saved = typed.clone();
        let update = Fields {
            slug: "add-client".to_owned(),
            ..typed
        }
        .update(7, ArticleStatus::Published, &saved);
        assert_eq!(update.base_version, Some(7));
        assert_eq!(update.slug.as_deref(), Some("add-client"));
        assert_eq!(update.status, Some(ArticleStatus::Published));
        assert_eq!(
            update.contexts.as_deref(),
            Some(&["/clients/*".to_owned()][..])
        );
        assert_eq!(update.sites.as_deref(), Some(&["demo".to_owned()][..]));
        // An unchanged plan is not sent (the server would save it again for nothing).
        let json = serde_json::to_value(&update).unwrap_or_default();
        assert!(json.get("owner").is_none() && json.get("review_interval_days").is_none());
    }

    #[test]
    fn the_review_plan() {
        let saved = Fields {
            owner: "ana@example.com".to_owned(),
            review: "90".to_owned(),
            ..Fields::default()
        };
        assert_eq!(saved.plan_update(&saved), None);
        let same = Fields {
            owner: " ANA@example.com ".to_owned(),
            review: " 90".to_owned(),
            ..Fields::default()
        };
        assert!(same.same_as(&saved));
        assert_eq!(same.plan_update(&saved), None);
        // Another owner, and no review cycle any more: `null` clears it.
        let changed = Fields {
            owner: "Bea@Example.com".to_owned(),
            review: String::new(),
            ..Fields::default()
        };
        assert!(!changed.same_as(&saved));
        assert!(changed.same_content(&saved));
        let update = changed.plan_update(&saved).unwrap_or_default();
        assert_eq!(update.owner.as_deref(), Some("bea@example.com"));
        assert_eq!(update.review_interval_days, Some(None));
        assert_eq!(update.title, None);
        let json = serde_json::to_value(&update).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "title": null, "body": null, "slug": null, "tags": null, "contexts": null,
                "translation_key": null, "status": null, "sites": null, "base_version": null,
                "owner": "bea@example.com", "review_interval_days": null
            })
        );
        // An owner left empty is not sent; an interval that is no number of days neither.
        let odd = Fields {
            owner: " ".to_owned(),
            review: "often".to_owned(),
            ..Fields::default()
        };
        assert_eq!(odd.plan_change(&saved), (None, None));
        assert!(!odd.same_plan(&saved));
    }

    #[test]
    fn review_intervals() {
        assert_eq!(review_days(""), Ok(None));
        assert_eq!(review_days(" 45 "), Ok(Some(45)));
        assert_eq!(review_days("0"), Err(BadInterval));
        assert_eq!(review_days("3651"), Err(BadInterval));
        assert_eq!(review_days("1.5"), Err(BadInterval));
        assert_eq!(review_choice(""), "");
        assert_eq!(review_choice("180"), "180");
        assert_eq!(review_choice("45"), "custom");
        assert_eq!(review_choice("x"), "custom");
    }

    #[test]
    fn contexts_are_a_clean_list_in_any_order() {
        let mut contexts = Vec::new();
        assert!(add_context(&mut contexts, " /invoices/* "));
        assert!(!add_context(&mut contexts, "/invoices/*"));
        assert!(!add_context(&mut contexts, "   "));
        assert!(!add_context(&mut contexts, &"x".repeat(501)));
        assert!(add_context(&mut contexts, "route:clients"));
        assert_eq!(contexts, ["/invoices/*", "route:clients"]);
        let a = Fields {
            contexts: contexts.clone(),
            sites: vec!["a".to_owned(), "b".to_owned()],
            ..Fields::default()
        };
        let b = Fields {
            contexts: contexts.into_iter().rev().collect(),
            sites: vec!["b".to_owned(), "a".to_owned()],
            ..Fields::default()
        };
        assert!(a.same_as(&b));
        let mut full: Vec<String> = (0..MAX_CONTEXTS).map(|n| n.to_string()).collect();
        assert!(!add_context(&mut full, "one more"));
    }

    #[test]
    fn help_centre_paths() {
        assert_eq!(
            help_centre_path("demo", "es", "anadir-iva"),
            "/help/demo/es/anadir-iva"
        );
        assert_eq!(help_centre_path("a b", "en", "x/y"), "/help/a%20b/en/x%2Fy");
    }

    #[test]
    fn old_drafts_still_read() {
        let old = r#"{"title":"T","slug":"","tags":"","body":"x","base_version":2,"saved_at":1.0}"#;
        let draft = Draft::from_json(old);
        assert_eq!(draft.map(|d| d.fields.contexts), Some(Vec::new()));
    }

    #[test]
    fn drafts_round_trip_and_tolerate_garbage() {
        let draft = Draft {
            fields: fields("T", "a", "x"),
            base_version: Some(3),
            locale: None,
            saved_at: 1_700_000_000_000.0,
        };
        assert_eq!(Draft::from_json(&draft.to_json()), Some(draft));
        assert_eq!(Draft::from_json("{\"title\": 1}"), None);
        assert_eq!(Draft::from_json("not json"), None);
    }

    #[test]
    fn which_drafts_are_offered() {
        let loaded = fields("T", "a", "body");
        let draft = |body: &str, base: Option<i64>, at: f64| Draft {
            fields: fields("T", "a", body),
            base_version: base,
            locale: None,
            saved_at: at,
        };
        // Nothing changed: nothing to offer.
        assert!(!draft("body", Some(3), 9.0).worth_offering(&loaded, Some(3), Some(1.0)));
        // Made on the loaded version: offered whatever the clocks say.
        assert!(draft("mine", Some(3), 1.0).worth_offering(&loaded, Some(3), Some(9.0)));
        // Made on an older version: offered only when newer than the article's last change.
        assert!(draft("mine", Some(2), 9.0).worth_offering(&loaded, Some(3), Some(5.0)));
        assert!(!draft("mine", Some(2), 4.0).worth_offering(&loaded, Some(3), Some(5.0)));
        // A new article's draft is offered when it has anything in it.
        let empty = Fields::default();
        assert!(draft("mine", None, 1.0).worth_offering(&empty, None, None));
        let blank = Draft {
            fields: Fields::default(),
            ..draft("", None, 1.0)
        };
        assert!(!blank.worth_offering(&empty, None, None));
    }
}
