//! The pure side of "contact us" and conversations: impact → level, the environment the form
//! captures, attachment limits, the saved draft, and merging streamed messages. No browser
//! APIs here, so all of it is unit-tested natively.

use std::collections::BTreeMap;

use ayuda_api::attachment_limits::{ACCEPTED_TYPES, MAX_FILE_BYTES, MAX_FILES};
use ayuda_api::{AttachmentInfo, Environment, Impact, PublicMessage};

use crate::bridge::HostContext;

/// Browser name and major version, and the operating system, from `navigator.userAgent`.
/// Deliberately simple: enough for an agent to know what the user runs.
pub fn parse_user_agent(ua: &str) -> (Option<String>, Option<String>) {
    let version = |token: &str| -> Option<String> {
        let start = ua.find(token)? + token.len();
        let major: String = ua[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        Some(if major.is_empty() {
            token.trim_end_matches('/').to_owned()
        } else {
            format!("{} {major}", token.trim_end_matches('/'))
        })
    };
    let named = |token: &str, name: &str| {
        version(token).map(|v| v.replacen(token.trim_end_matches('/'), name, 1))
    };
    let browser = named("Edg/", "Edge")
        .or_else(|| named("EdgA/", "Edge"))
        .or_else(|| named("OPR/", "Opera"))
        .or_else(|| named("SamsungBrowser/", "Samsung Internet"))
        .or_else(|| named("Firefox/", "Firefox"))
        .or_else(|| named("FxiOS/", "Firefox"))
        .or_else(|| named("CriOS/", "Chrome"))
        .or_else(|| named("Chrome/", "Chrome"))
        .or_else(|| {
            ua.contains("Safari/")
                .then(|| named("Version/", "Safari"))
                .flatten()
        });
    let os = if ua.contains("Windows") {
        Some("Windows".to_owned())
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        Some(
            after(ua, "OS ")
                .map(|v| format!("iOS {}", v.replace('_', ".")))
                .unwrap_or_else(|| "iOS".to_owned()),
        )
    } else if ua.contains("Android") {
        Some(
            after(ua, "Android ")
                .map(|v| format!("Android {v}"))
                .unwrap_or_else(|| "Android".to_owned()),
        )
    } else if ua.contains("CrOS") {
        Some("ChromeOS".to_owned())
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        Some("macOS".to_owned())
    } else if ua.contains("Linux") {
        Some("Linux".to_owned())
    } else {
        None
    };
    (browser, os)
}

/// The version number right after `token` (`12_4`, `14.1`), if any.
fn after(ua: &str, token: &str) -> Option<String> {
    let start = ua.find(token)? + token.len();
    let version: String = ua[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
        .collect();
    let version = version.trim_end_matches(['.', '_']).to_owned();
    (!version.is_empty()).then_some(version)
}

/// What the browser tells about itself, read by `desk.rs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BrowserFacts {
    pub user_agent: String,
    /// `1920×1080`.
    pub screen: Option<String>,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
}

/// The environment sent with a ticket (and shown to the user before sending).
pub fn environment(context: &HostContext, facts: &BrowserFacts) -> Environment {
    let (browser, os) = parse_user_agent(&facts.user_agent);
    let mut extra = BTreeMap::new();
    if !context.tags.is_empty() {
        extra.insert("tags".to_owned(), context.tags.join(", "));
    }
    Environment {
        url: context.url.clone(),
        route: context.route.clone(),
        context: extra,
        browser,
        os,
        screen: facts.screen.clone(),
        locale: facts.locale.clone(),
        time_zone: facts.time_zone.clone(),
        app_version: context.app_version.clone(),
    }
}

/// Why a file cannot be attached (before uploading it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Already [`MAX_FILES`] files.
    TooMany,
    /// Over [`MAX_FILE_BYTES`].
    TooBig,
    /// A type the server does not take (the browser said so).
    WrongType,
    /// An empty file.
    Empty,
    /// The upload failed (connection, server).
    Failed,
}

/// Checks one more file against the limits: `already` files are attached, `mime` is what the
/// browser says (empty when it does not know: the server then decides).
pub fn check_file(already: usize, size: f64, mime: &str) -> Result<(), FileProblem> {
    if already >= MAX_FILES {
        Err(FileProblem::TooMany)
    } else if size > MAX_FILE_BYTES as f64 {
        Err(FileProblem::TooBig)
    } else if size <= 0.0 {
        Err(FileProblem::Empty)
    } else if !mime.is_empty() && !ACCEPTED_TYPES.contains(&mime) {
        Err(FileProblem::WrongType)
    } else {
        Ok(())
    }
}

/// A file size for people: `850 B`, `12 KB`, `3.4 MB`.
pub fn format_size(bytes: f64) -> String {
    if bytes < 1024.0 {
        format!("{} B", bytes.max(0.0) as u64)
    } else if bytes < 1024.0 * 1024.0 {
        format!("{} KB", (bytes / 1024.0).round() as u64)
    } else {
        // Tenths by integer maths: float formatting costs kilobytes of wasm.
        let tenths = (bytes * 10.0 / (1024.0 * 1024.0)).round() as u64;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// A name for a pasted image that has none (clipboard screenshots are all `image.png`).
pub fn pasted_name(mime: &str, index: u32) -> String {
    let ext = match mime {
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        _ => "png",
    };
    format!("screenshot-{}.{ext}", index + 1)
}

/// Everything typed in the contact form, kept in `localStorage` so a reload loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub name: String,
    pub email: String,
    pub company: String,
    pub subject: String,
    pub trying: String,
    pub happened: String,
    pub category: String,
    pub impact: Option<Impact>,
    /// Files already uploaded (their ids stay valid until a ticket uses them).
    pub attachments: Vec<AttachmentInfo>,
}

const DRAFT_VERSION: &str = "ayuda-draft 1";

/// Escapes `\`, newlines and tabs so a value fits on one line between tabs.
fn escape(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

impl Draft {
    /// True when there is nothing worth keeping.
    pub fn is_empty(&self) -> bool {
        [
            &self.subject,
            &self.trying,
            &self.happened,
            &self.company,
            &self.name,
            &self.email,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
            && self.attachments.is_empty()
    }

    /// A line-based text form (no JSON library in the wasm): a version line, then
    /// `key<TAB>value` lines, values escaped.
    pub fn serialize(&self) -> String {
        let mut out = String::from(DRAFT_VERSION);
        let mut line = |key: &str, values: &[&str]| {
            out.push('\n');
            out.push_str(key);
            for value in values {
                out.push('\t');
                escape(value, &mut out);
            }
        };
        line("name", &[&self.name]);
        line("email", &[&self.email]);
        line("company", &[&self.company]);
        line("subject", &[&self.subject]);
        line("trying", &[&self.trying]);
        line("happened", &[&self.happened]);
        line("category", &[&self.category]);
        if let Some(impact) = self.impact {
            line("impact", &[impact.as_str()]);
        }
        for a in &self.attachments {
            line(
                "file",
                &[&a.id, &a.name, &a.content_type, &a.size.to_string(), &a.url],
            );
        }
        out
    }

    /// Reads [`Draft::serialize`]'s form; anything else (another version, garbage) is `None`.
    pub fn deserialize(text: &str) -> Option<Draft> {
        let mut lines = text.split('\n');
        if lines.next()? != DRAFT_VERSION {
            return None;
        }
        let mut draft = Draft::default();
        for line in lines {
            let mut parts = line.split('\t');
            let key = parts.next().unwrap_or_default();
            let values: Vec<String> = parts.map(unescape).collect();
            let first = values.first().cloned().unwrap_or_default();
            match key {
                "name" => draft.name = first,
                "email" => draft.email = first,
                "company" => draft.company = first,
                "subject" => draft.subject = first,
                "trying" => draft.trying = first,
                "happened" => draft.happened = first,
                "category" => draft.category = first,
                "impact" => draft.impact = Impact::parse(&first),
                "file" => {
                    if let [id, name, content_type, size, url] = values.as_slice()
                        && let Ok(size) = size.parse()
                        && draft.attachments.len() < MAX_FILES
                    {
                        draft.attachments.push(AttachmentInfo {
                            id: id.clone(),
                            name: name.clone(),
                            content_type: content_type.clone(),
                            size,
                            url: url.clone(),
                        });
                    }
                }
                _ => {}
            }
        }
        Some(draft)
    }
}

/// The `localStorage` key of the contact draft of a site.
pub fn draft_key(site: &str) -> String {
    format!("ayuda:draft:{site}")
}

/// The `localStorage` key of the visitor token of a site.
pub fn visitor_key(site: &str) -> String {
    format!("ayuda:visitor:{site}")
}

/// What the contact form still needs before it can be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Name,
    Email,
    BadEmail,
    Subject,
    Happened,
    Impact,
}

/// Checks a draft; `identified_*` say whether `identify` already gave the name and email (the
/// form hides those fields then).
pub fn validate(draft: &Draft, identified_name: bool, identified_email: bool) -> Vec<Missing> {
    let mut missing = Vec::new();
    if !identified_name && draft.name.trim().is_empty() {
        missing.push(Missing::Name);
    }
    if !identified_email {
        let email = draft.email.trim();
        if email.is_empty() {
            missing.push(Missing::Email);
        } else if !looks_like_email(email) {
            missing.push(Missing::BadEmail);
        }
    }
    if draft.subject.trim().is_empty() {
        missing.push(Missing::Subject);
    }
    if draft.happened.trim().is_empty() {
        missing.push(Missing::Happened);
    }
    if draft.impact.is_none() {
        missing.push(Missing::Impact);
    }
    missing
}

/// `something@domain.tld`, no spaces: the server has the final word.
pub fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(char::is_whitespace)
}

/// Adds `incoming` to a conversation sorted by id, dropping messages already there (a
/// reconnecting stream may resend). Returns true if anything was added.
pub fn merge_messages(messages: &mut Vec<PublicMessage>, incoming: Vec<PublicMessage>) -> bool {
    let mut added = false;
    for message in incoming {
        match messages.binary_search_by_key(&message.id, |m| m.id) {
            Ok(_) => {}
            Err(at) => {
                messages.insert(at, message);
                added = true;
            }
        }
    }
    added
}

/// The newest message id of a conversation (the SSE `after` cursor), 0 when empty.
pub fn last_id(messages: &[PublicMessage]) -> i64 {
    messages.last().map_or(0, |m| m.id)
}

/// Lets an action through at most once per `interval_ms` (the typing notification).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Throttle {
    last: Option<f64>,
}

impl Throttle {
    /// True if the action may run at `now_ms` (and records it).
    pub fn allow(&mut self, now_ms: f64, interval_ms: f64) -> bool {
        match self.last {
            Some(last) if now_ms - last < interval_ms && now_ms >= last => false,
            _ => {
                self.last = Some(now_ms);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_maps_to_levels() {
        use ayuda_api::Level;
        assert_eq!(Impact::Blocked.level(), Level::L3);
        assert_eq!(Impact::Degraded.level(), Level::L2);
        assert_eq!(Impact::Question.level(), Level::L1);
        for impact in Impact::ALL {
            assert_eq!(Impact::parse(impact.as_str()), Some(impact));
        }
        assert_eq!(Impact::parse("urgent"), None);
    }

    #[test]
    fn user_agents() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
                "Chrome 124",
                "Windows",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
                "Edge 124",
                "Windows",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
                "Safari 17",
                "macOS",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
                "Firefox 125",
                "Linux",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
                "Safari 17",
                "iOS 17.4.1",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
                "Chrome 124",
                "Android 14",
            ),
            (
                "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0",
                "Opera 110",
                "ChromeOS",
            ),
        ];
        for (ua, browser, os) in cases {
            let (b, o) = parse_user_agent(ua);
            assert_eq!(b.as_deref(), Some(browser), "{ua}");
            assert_eq!(o.as_deref(), Some(os), "{ua}");
        }
        assert_eq!(parse_user_agent(""), (None, None));
        assert_eq!(parse_user_agent("curl/8.0"), (None, None));
    }

    #[test]
    fn environment_comes_from_context_and_browser() {
        let context = HostContext {
            url: Some("https://app.test/billing".into()),
            route: Some("billing".into()),
            tags: vec!["pay".into(), "card".into()],
            app_version: Some("2.3.1".into()),
        };
        let facts = BrowserFacts {
            user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
                .into(),
            screen: Some("1920×1080".into()),
            locale: Some("es-ES".into()),
            time_zone: Some("Europe/Madrid".into()),
        };
        let env = environment(&context, &facts);
        assert_eq!(env.url.as_deref(), Some("https://app.test/billing"));
        assert_eq!(env.route.as_deref(), Some("billing"));
        assert_eq!(env.browser.as_deref(), Some("Firefox 125"));
        assert_eq!(env.os.as_deref(), Some("Linux"));
        assert_eq!(env.app_version.as_deref(), Some("2.3.1"));
        assert_eq!(env.time_zone.as_deref(), Some("Europe/Madrid"));
        assert_eq!(
            env.context.get("tags").map(String::as_str),
            Some("pay, card")
        );
        assert!(
            environment(&HostContext::default(), &BrowserFacts::default())
                .context
                .is_empty()
        );
    }

    #[test]
    fn attachment_limits() {
        assert_eq!(check_file(0, 1000.0, "image/png"), Ok(()));
        assert_eq!(check_file(4, MAX_FILE_BYTES as f64, ""), Ok(()));
        assert_eq!(check_file(5, 10.0, "image/png"), Err(FileProblem::TooMany));
        assert_eq!(
            check_file(0, MAX_FILE_BYTES as f64 + 1.0, "image/png"),
            Err(FileProblem::TooBig)
        );
        assert_eq!(
            check_file(0, 10.0, "application/zip"),
            Err(FileProblem::WrongType)
        );
        assert_eq!(check_file(0, 0.0, "text/plain"), Err(FileProblem::Empty));
        assert_eq!(format_size(850.0), "850 B");
        assert_eq!(format_size(12.0 * 1024.0), "12 KB");
        assert_eq!(format_size(3.4 * 1024.0 * 1024.0), "3.4 MB");
        assert_eq!(pasted_name("image/png", 0), "screenshot-1.png");
        assert_eq!(pasted_name("image/jpeg", 2), "screenshot-3.jpg");
    }

    fn attachment(id: &str) -> AttachmentInfo {
        AttachmentInfo {
            id: id.into(),
            name: format!("{id}\tname\\with\nodd.png"),
            content_type: "image/png".into(),
            size: 1234,
            url: format!("/api/v1/sites/demo/attachments/{id}"),
        }
    }

    #[test]
    fn drafts_round_trip() {
        let draft = Draft {
            name: "Ana Núñez".into(),
            email: "ana@example.com".into(),
            company: "Facturo\tS.L.".into(),
            subject: "No puedo \\ facturar".into(),
            trying: "Emitir\nuna factura\r\n".into(),
            happened: "Error 500 «x»".into(),
            category: "billing".into(),
            impact: Some(Impact::Degraded),
            attachments: vec![attachment("a1"), attachment("a2")],
        };
        let text = draft.serialize();
        assert_eq!(Draft::deserialize(&text), Some(draft));
        assert_eq!(
            Draft::deserialize(&Draft::default().serialize()),
            Some(Draft::default())
        );
        assert!(Draft::default().is_empty());
        assert_eq!(Draft::deserialize("{\"subject\":\"x\"}"), None);
        assert_eq!(Draft::deserialize(""), None);
        // Unknown lines and broken files are skipped, not fatal.
        let odd =
            format!("{DRAFT_VERSION}\nsubject\tHola\nfuture\tx\nfile\tonly-id\nimpact\turgent");
        let read = Draft::deserialize(&odd).unwrap();
        assert_eq!(read.subject, "Hola");
        assert!(read.attachments.is_empty());
        assert_eq!(read.impact, None);
        assert_eq!(draft_key("demo"), "ayuda:draft:demo");
        assert_eq!(visitor_key("demo"), "ayuda:visitor:demo");
    }

    #[test]
    fn validation() {
        let mut draft = Draft::default();
        assert_eq!(
            validate(&draft, false, false),
            vec![
                Missing::Name,
                Missing::Email,
                Missing::Subject,
                Missing::Happened,
                Missing::Impact
            ]
        );
        assert_eq!(
            validate(&draft, true, true),
            vec![Missing::Subject, Missing::Happened, Missing::Impact]
        );
        draft.email = "ana@example".into();
        draft.subject = "x".into();
        draft.happened = "y".into();
        draft.impact = Some(Impact::Blocked);
        draft.name = "Ana".into();
        assert_eq!(validate(&draft, false, false), vec![Missing::BadEmail]);
        draft.email = " ana@example.com ".into();
        assert!(validate(&draft, false, false).is_empty());
        assert!(!looks_like_email("a b@c.de"));
        assert!(!looks_like_email("@c.de"));
        assert!(looks_like_email("a@b.co"));
    }

    fn message(id: i64) -> PublicMessage {
        PublicMessage {
            id,
            author: ayuda_api::Author::Agent,
            author_name: Some("Ana".into()),
            body: format!("m{id}"),
            attachments: Vec::new(),
            created_at: id * 1000,
        }
    }

    #[test]
    fn streamed_messages_are_deduplicated_and_ordered() {
        let mut messages = vec![message(1), message(2)];
        assert!(!merge_messages(&mut messages, vec![message(2)]));
        assert!(merge_messages(
            &mut messages,
            vec![message(4), message(3), message(4)]
        ));
        let ids: Vec<i64> = messages.iter().map(|m| m.id).collect();
        assert_eq!(ids, vec![1, 2, 3, 4]);
        assert_eq!(last_id(&messages), 4);
        assert_eq!(last_id(&[]), 0);
    }

    #[test]
    fn typing_is_throttled() {
        let mut throttle = Throttle::default();
        assert!(throttle.allow(1000.0, 3000.0));
        assert!(!throttle.allow(2000.0, 3000.0));
        assert!(!throttle.allow(3999.0, 3000.0));
        assert!(throttle.allow(4000.0, 3000.0));
        // A clock that went backwards does not block forever.
        assert!(throttle.allow(10.0, 3000.0));
    }
}
