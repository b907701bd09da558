//! A site's form: its fields as typed ↔ the request body, the checks the server makes (so the
//! form can point at the field before sending), the brand colour, and the embed snippet.

use crate::api::settings::{Position, SiteInfo, SiteInput};

/// The launcher's text is at most this long.
pub const MAX_LAUNCHER_CHARS: usize = 40;
/// A site's name is at most this long.
pub const MAX_NAME_CHARS: usize = 200;
/// The colour a site gets when none is chosen.
pub const DEFAULT_COLOR: &str = "#2563eb";

/// A site's fields as the form holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SiteForm {
    pub name: String,
    /// One origin per line.
    pub origins: String,
    pub locale: String,
    /// As typed (`#2563eb`, `2563EB`, `#abc`).
    pub color: String,
    pub position: Position,
    pub launcher_text: String,
    pub logo_url: String,
}

/// What is wrong with a site's form, by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SiteProblem {
    /// The key is not 1–64 of `a-z 0-9 - _`.
    Key,
    /// The name is empty or too long.
    Name,
    /// This origin is not `http(s)://…` (or `*`).
    Origin(String),
    /// The colour is not `#rrggbb`.
    Color,
    /// The launcher's text is longer than [`MAX_LAUNCHER_CHARS`].
    LauncherText,
    /// The logo is neither `https://…` nor `/…` on this server.
    Logo,
}

impl SiteProblem {
    /// The field's id stem the problem is about (`site-name`, `site-origins`…).
    pub fn field(&self) -> &'static str {
        match self {
            SiteProblem::Key => "site-key",
            SiteProblem::Name => "site-name",
            SiteProblem::Origin(_) => "site-origins",
            SiteProblem::Color => "site-color-text",
            SiteProblem::LauncherText => "site-launcher-text",
            SiteProblem::Logo => "site-logo",
        }
    }
}

impl SiteForm {
    pub fn from_site(site: &SiteInfo) -> SiteForm {
        SiteForm {
            name: site.name.clone(),
            origins: site.allowed_origins.join("\n"),
            locale: site.default_locale.clone(),
            color: site.brand_color.clone(),
            position: site.position,
            launcher_text: site.launcher_text.clone().unwrap_or_default(),
            logo_url: site.logo_url.clone().unwrap_or_default(),
        }
    }

    /// The body for `PUT /sites/{key}`, or the first problem in the form's order.
    pub fn to_input(&self, key: &str) -> Result<SiteInput, SiteProblem> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(SiteProblem::Name);
        }
        let origins = origins_from_lines(&self.origins);
        if let Some(bad) = origins.iter().find(|origin| !origin_ok(origin)) {
            return Err(SiteProblem::Origin(bad.clone()));
        }
        let color = normalized_color(&self.color).ok_or(SiteProblem::Color)?;
        let launcher = self.launcher_text.trim();
        if launcher.chars().count() > MAX_LAUNCHER_CHARS {
            return Err(SiteProblem::LauncherText);
        }
        let logo = self.logo_url.trim();
        if !logo.is_empty() && !logo_ok(logo) {
            return Err(SiteProblem::Logo);
        }
        let locale = self.locale.trim();
        Ok(SiteInput {
            key: key.to_owned(),
            name: Some(name.to_owned()),
            allowed_origins: origins,
            default_locale: (!locale.is_empty()).then(|| locale.to_owned()),
            brand_color: Some(color),
            position: Some(self.position),
            // Sent even when blank: `""` removes them (absent would leave them as they were).
            launcher_text: Some(launcher.to_owned()),
            logo_url: Some(logo.to_owned()),
        })
    }
}

/// The body for `POST /sites`: a key and a name (the name defaults to the key).
pub fn new_site(key: &str, name: &str) -> Result<SiteInput, SiteProblem> {
    let key = key.trim();
    if !key_ok(key) {
        return Err(SiteProblem::Key);
    }
    let name = name.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(SiteProblem::Name);
    }
    Ok(SiteInput {
        key: key.to_owned(),
        name: (!name.is_empty()).then(|| name.to_owned()),
        allowed_origins: Vec::new(),
        default_locale: None,
        brand_color: None,
        position: None,
        launcher_text: None,
        logo_url: None,
    })
}

/// A site's key: 1–64 lowercase letters, digits, `-` or `_` (it goes in the script tag).
pub fn key_ok(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The origins in `text`, one per line: trimmed, blank lines and repeats dropped, a trailing
/// `/` taken off (an origin has no path).
pub fn origins_from_lines(text: &str) -> Vec<String> {
    let mut origins: Vec<String> = Vec::new();
    for line in text.lines() {
        let origin = line.trim().trim_end_matches('/');
        if !origin.is_empty() && !origins.iter().any(|o| o == origin) {
            origins.push(origin.to_owned());
        }
    }
    origins
}

/// What the server takes as an allowed origin: `*`, or `http(s)://…` without spaces.
pub fn origin_ok(origin: &str) -> bool {
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    origin == "*"
        || (origin.len() <= 300
            && host.is_some_and(|host| !host.is_empty())
            && !origin.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// `#rrggbb` in lowercase for `#rrggbb`, `rrggbb` or `#rgb`; `None` for anything else.
pub fn normalized_color(text: &str) -> Option<String> {
    let hex = text.trim();
    let hex = hex.strip_prefix('#').unwrap_or(hex);
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let full = match hex.len() {
        6 => hex.to_owned(),
        3 => hex.chars().flat_map(|c| [c, c]).collect(),
        _ => return None,
    };
    Some(format!("#{}", full.to_ascii_lowercase()))
}

/// The text colour that reads on `color` (`#rrggbb`): near-black on light colours, white on
/// dark ones, by the same relative luminance the widget's launcher uses.
pub fn text_on(color: &str) -> &'static str {
    let Some(hex) = normalized_color(color) else {
        return "#fff";
    };
    let channel = |i: usize| {
        let value = hex
            .get(1 + 2 * i..3 + 2 * i)
            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            .unwrap_or(0);
        ((f64::from(value) + 14.0) / 269.0).powf(2.4)
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
    if luminance > 0.1916 { "#111" } else { "#fff" }
}

/// A logo address the widget may show: `https://…`, or a path on the Ayuda server (`/…`, not
/// `//host`).
pub fn logo_ok(url: &str) -> bool {
    let url = url.trim();
    let https = url
        .strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty());
    let relative = url.starts_with('/') && !url.starts_with("//");
    (https || relative) && url.len() <= 500 && !url.chars().any(|c| c.is_whitespace() || c == '"')
}

/// Whether the console can draw the logo itself: its pages load images only from their own
/// server, so only a path on it.
pub fn logo_drawable(url: &str) -> bool {
    let url = url.trim();
    logo_ok(url) && url.starts_with('/')
}

/// The tag a host page pastes before `</body>`: the loader from the Ayuda server at `origin`,
/// for site `key` (and its corner, which the loader reads from the tag).
pub fn snippet(origin: &str, key: &str, position: Position) -> String {
    let origin = origin.trim_end_matches('/');
    let corner = match position {
        Position::Right => String::new(),
        Position::Left => " data-position=\"left\"".to_owned(),
    };
    format!("<script src=\"{origin}/widget.js\" data-site=\"{key}\"{corner} async></script>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteInfo {
        SiteInfo {
            key: "demo".into(),
            name: "Demo".into(),
            allowed_origins: vec!["https://app.example.com".into()],
            default_locale: "es".into(),
            brand_color: "#2563eb".into(),
            position: Position::Left,
            launcher_text: Some("¿Ayuda?".into()),
            logo_url: None,
        }
    }

    #[test]
    fn a_site_round_trips_through_its_form() {
        let form = SiteForm::from_site(&site());
        let input = form.to_input("demo");
        let Ok(input) = input else {
            panic!("refused: {input:?}");
        };
        assert_eq!(input.allowed_origins, site().allowed_origins);
        assert_eq!(input.brand_color.as_deref(), Some("#2563eb"));
        assert_eq!(input.position, Some(Position::Left));
        assert_eq!(input.launcher_text.as_deref(), Some("¿Ayuda?"));
        // A blank logo is sent as "" (removed), not left out (unchanged).
        assert_eq!(input.logo_url.as_deref(), Some(""));
    }

    #[test]
    fn problems_name_their_field() {
        let mut form = SiteForm::from_site(&site());
        form.origins = "https://a.example.com/\n\nftp://x\nhttps://a.example.com".into();
        assert_eq!(
            form.to_input("demo"),
            Err(SiteProblem::Origin("ftp://x".into()))
        );
        form.origins = "https://a.example.com/\nhttp://localhost:*\n*".into();
        assert_eq!(
            form.to_input("demo").map(|input| input.allowed_origins),
            Ok(vec![
                "https://a.example.com".to_owned(),
                "http://localhost:*".to_owned(),
                "*".to_owned()
            ])
        );
        form.color = "blue".into();
        assert_eq!(form.to_input("demo"), Err(SiteProblem::Color));
        form.color = "#ABC".into();
        form.launcher_text = "x".repeat(41);
        assert_eq!(form.to_input("demo"), Err(SiteProblem::LauncherText));
        form.launcher_text.clear();
        form.logo_url = "http://insecure.example.com/logo.png".into();
        assert_eq!(form.to_input("demo"), Err(SiteProblem::Logo));
        assert_eq!(SiteProblem::Logo.field(), "site-logo");
        form.name = "  ".into();
        assert_eq!(form.to_input("demo"), Err(SiteProblem::Name));
    }

    #[test]
    fn new_sites_need_a_proper_key() {
        assert_eq!(new_site("Demo Site", ""), Err(SiteProblem::Key));
        assert_eq!(new_site("", "x"), Err(SiteProblem::Key));
        let Ok(input) = new_site(" shop-2 ", "") else {
            panic!("refused");
        };
        assert_eq!(input.key, "shop-2");
        assert_eq!(input.name, None);
    }

    #[test]
    fn colours() {
        assert_eq!(normalized_color("#2563EB").as_deref(), Some("#2563eb"));
        assert_eq!(normalized_color("2563eb").as_deref(), Some("#2563eb"));
        assert_eq!(normalized_color("#fd0").as_deref(), Some("#ffdd00"));
        assert_eq!(normalized_color("#12345"), None);
        assert_eq!(normalized_color("#gggggg"), None);
        assert_eq!(normalized_color("#ééé"), None);
        assert_eq!(text_on("#ffd400"), "#111");
        assert_eq!(text_on("#ffffff"), "#111");
        assert_eq!(text_on("#2563eb"), "#fff");
        assert_eq!(text_on("#000000"), "#fff");
        assert_eq!(text_on("nonsense"), "#fff");
    }

    #[test]
    fn logos() {
        assert!(logo_ok("https://cdn.example.com/logo.svg"));
        assert!(logo_ok("/media/logo.png"));
        assert!(!logo_ok("//evil.example.com/x.png"));
        assert!(!logo_ok("https://"));
        assert!(!logo_ok("javascript:alert(1)"));
        assert!(!logo_ok("/a b.png"));
        assert!(logo_drawable("/media/logo.png"));
        assert!(!logo_drawable("https://cdn.example.com/logo.svg"));
    }

    #[test]
    fn origins() {
        assert!(origin_ok("https://app.example.com"));
        assert!(origin_ok("https://*.example.com"));
        assert!(origin_ok("*"));
        assert!(!origin_ok("https://"));
        assert!(!origin_ok("app.example.com"));
        assert!(!origin_ok("https://a b.com"));
    }

    #[test]
    fn the_snippet_is_the_loaders_tag() {
        assert_eq!(
            snippet("https://help.example.com/", "demo", Position::Right),
            r#"<script src="https://help.example.com/widget.js" data-site="demo" async></script>"#
        );
        assert_eq!(
            snippet("http://localhost:8080", "shop", Position::Left),
            r#"<script src="http://localhost:8080/widget.js" data-site="shop" data-position="left" async></script>"#
        );
    }
}
