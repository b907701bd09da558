//! What the article editor edits ([`Fields`]), how it becomes the API's request bodies, and
//! the draft kept in `localStorage` while changes are unsaved ([`Draft`]), so that a closed
//! tab or an ended session loses at most a few seconds of typing.

use ayuda_api::{Article, ArticleStatus, ArticleUpdate, NewArticle};
use serde::{Deserialize, Serialize};

/// Where an article's draft is kept: `ayuda-console-draft-42`, or `…-new` for a new one.
pub fn storage_key(id: Option<i64>) -> String {
    match id {
        Some(id) => format!("ayuda-console-draft-{id}"),
        None => "ayuda-console-draft-new".to_owned(),
    }
}

/// The editor's fields as typed (tags as one comma-separated text).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub title: String,
    pub slug: String,
    pub tags: String,
    pub body: String,
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
        }
    }

    /// Whether saving these fields would store the same content as `other`: the tags as a
    /// list (`a,b` is `a, b`), everything else as typed.
    pub fn same_as(&self, other: &Fields) -> bool {
        self.title == other.title
            && self.slug.trim() == other.slug.trim()
            && self.body == other.body
            && parse_tags(&self.tags) == parse_tags(&other.tags)
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
            status: Some(status),
            ..NewArticle::default()
        }
    }

    /// `PUT /articles/{id}` for these fields over `base_version`, saved with `status`.
    pub fn update(&self, base_version: i64, status: ArticleStatus) -> ArticleUpdate {
        ArticleUpdate {
            title: Some(self.title.trim().to_owned()),
            body: Some(self.body.clone()),
            slug: self.slug(),
            tags: Some(parse_tags(&self.tags)),
            status: Some(status),
            base_version: Some(base_version),
            ..ArticleUpdate::default()
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

    fn fields(title: &str, tags: &str, body: &str) -> Fields {
        Fields {
            title: title.to_owned(),
            slug: String::new(),
            tags: tags.to_owned(),
            body: body.to_owned(),
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
        };
        let new = typed.new_article("es", ArticleStatus::Draft);
        assert_eq!(new.title, "Add a client");
        assert_eq!(new.slug, None);
        assert_eq!(new.locale.as_deref(), Some("es"));
        assert_eq!(new.tags, ["clients", "start"]);
        assert_eq!(new.status, Some(ArticleStatus::Draft));
        let json = serde_json::to_value(&new).unwrap_or_default();
        assert_eq!(json["contexts"], serde_json::json!([]));

        let update = Fields {
            slug: "add-client".to_owned(),
            ..typed
        }
        .update(7, ArticleStatus::Published);
        assert_eq!(update.base_version, Some(7));
        assert_eq!(update.slug.as_deref(), Some("add-client"));
        assert_eq!(update.status, Some(ArticleStatus::Published));
        // Fields the editor does not show are left as they are on the server.
        assert_eq!(update.contexts, None);
        assert_eq!(update.sites, None);
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
