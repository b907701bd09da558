//! Every string the panel shows, in Spanish and English, and how the panel picks its locale.
//!
//! [`tr`] is one `match` that yields both translations of a [`Text`] at once, so a string
//! missing in one language is a compile error rather than a blank button.
use ayuda_api::Status;

/// A language the panel's own strings exist in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    Es,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Es, Locale::En];

    /// The UI language for a BCP 47 tag (`es`, `es-MX`, `EN_us`); `None` for languages the
    /// panel has no strings in.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        match primary_subtag(tag).as_str() {
            "es" => Some(Locale::Es),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The UI language for a content locale: its own when we have it, else English, the
    /// language more visitors of an untranslated locale are likely to read.
    pub fn for_content(tag: &str) -> Locale {
        Locale::from_tag(tag).unwrap_or(Locale::En)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::Es => "es",
            Locale::En => "en",
        }
    }
}

/// A UI string. Add a variant here and the compiler asks for both translations in [`tr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    Help,
    HowCanWeHelp,
    SearchLabel,
    SearchPlaceholder,
    Back,
    Close,
    SuggestedForPage,
    PopularArticles,
    Results,
    Loading,
    ContactUs,
    ContactHint,
    NotHelpedHint,
    ConnectionError,
    Retry,
    ArticleGone,
    Related,
    WasHelpful,
    Yes,
    No,
    VoteThanks,
    OpenInNewTab,
    Table,
    ContactIntro,
    YourName,
    YourEmail,
    Company,
    Subject,
    Trying,
    Happened,
    Category,
    CategoryNone,
    ImpactLegend,
    ImpactBlocked,
    ImpactDegraded,
    ImpactQuestion,
    TeamAvailable,
    TeamAway,
    AttachFiles,
    AttachHint,
    DropHere,
    Uploading,
    Uploaded,
    FileTooMany,
    FileTooBig,
    FileWrongType,
    FileEmpty,
    FileFailed,
    WaitUploads,
    EnvSummary,
    EnvHint,
    EnvPage,
    EnvRoute,
    EnvContext,
    EnvBrowser,
    EnvOs,
    EnvScreen,
    EnvLocale,
    EnvTimeZone,
    EnvAppVersion,
    MaybeThese,
    AnsweredIt,
    GladItHelped,
    GladItHelpedText,
    BackToHelp,
    Send,
    Sending,
    SendFailed,
    Required,
    BadEmail,
    ChooseImpact,
    YourConversations,
    NoConversations,
    StatusNew,
    StatusOpen,
    StatusPending,
    StatusSolved,
    StatusClosed,
    NewReply,
    You,
    SupportTeam,
    AutoReply,
    Conversation,
    YourReply,
    SlowDown,
    ReplyFailed,
    ReopenHint,
    ConversationGone,
    HowDidWeDo,
    Good,
    Okay,
    Bad,
    CsatComment,
    CsatThanks,
    Someone,
    Attachment,
}

impl Text {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [Text; 96] = [
        Text::Help,
        Text::HowCanWeHelp,
        Text::SearchLabel,
        Text::SearchPlaceholder,
        Text::Back,
        Text::Close,
        Text::SuggestedForPage,
        Text::PopularArticles,
        Text::Results,
        Text::Loading,
        Text::ContactUs,
        Text::ContactHint,
        Text::NotHelpedHint,
        Text::ConnectionError,
        Text::Retry,
        Text::ArticleGone,
        Text::Related,
        Text::WasHelpful,
        Text::Yes,
        Text::No,
        Text::VoteThanks,
        Text::OpenInNewTab,
        Text::Table,
        Text::ContactIntro,
        Text::YourName,
        Text::YourEmail,
        Text::Company,
        Text::Subject,
        Text::Trying,
        Text::Happened,
        Text::Category,
        Text::CategoryNone,
        Text::ImpactLegend,
        Text::ImpactBlocked,
        Text::ImpactDegraded,
        Text::ImpactQuestion,
        Text::TeamAvailable,
        Text::TeamAway,
        Text::AttachFiles,
        Text::AttachHint,
        Text::DropHere,
        Text::Uploading,
        Text::Uploaded,
        Text::FileTooMany,
        Text::FileTooBig,
        Text::FileWrongType,
        Text::FileEmpty,
        Text::FileFailed,
        Text::WaitUploads,
        Text::EnvSummary,
        Text::EnvHint,
        Text::EnvPage,
        Text::EnvRoute,
        Text::EnvContext,
        Text::EnvBrowser,
        Text::EnvOs,
        Text::EnvScreen,
        Text::EnvLocale,
        Text::EnvTimeZone,
        Text::EnvAppVersion,
        Text::MaybeThese,
        Text::AnsweredIt,
        Text::GladItHelped,
        Text::GladItHelpedText,
        Text::BackToHelp,
        Text::Send,
        Text::Sending,
        Text::SendFailed,
        Text::Required,
        Text::BadEmail,
        Text::ChooseImpact,
        Text::YourConversations,
        Text::NoConversations,
        Text::StatusNew,
        Text::StatusOpen,
        Text::StatusPending,
        Text::StatusSolved,
        Text::StatusClosed,
        Text::NewReply,
        Text::You,
        Text::SupportTeam,
        Text::AutoReply,
        Text::Conversation,
        Text::YourReply,
        Text::SlowDown,
        Text::ReplyFailed,
        Text::ReopenHint,
        Text::ConversationGone,
        Text::HowDidWeDo,
        Text::Good,
        Text::Okay,
        Text::Bad,
        Text::CsatComment,
        Text::CsatThanks,
        Text::Someone,
        Text::Attachment,
    ];
}

/// The string for `text` in `locale`.
pub fn tr(locale: Locale, text: Text) -> &'static str {
    let (es, en) = match text {
        Text::Help => ("Ayuda", "Help"),
        Text::HowCanWeHelp => ("¿En qué podemos ayudarte?", "How can we help?"),
        Text::SearchLabel => ("Buscar en la ayuda", "Search help articles"),
        Text::SearchPlaceholder => ("Describe tu duda", "Describe your question"),
        Text::Back => ("Volver", "Back"),
        Text::Close => ("Cerrar ayuda", "Close help"),
        Text::SuggestedForPage => ("Sugerencias para esta página", "Suggested for this page"),
        Text::PopularArticles => ("Artículos populares", "Popular articles"),
        Text::Results => ("Resultados", "Results"),
        Text::Loading => ("Cargando…", "Loading…"),
        Text::ContactUs => ("Contáctanos", "Contact us"),
        Text::ContactHint => (
            "¿No encuentras lo que buscas? Escríbenos.",
            "Can't find what you need? Write to us.",
        ),
        Text::NotHelpedHint => (
            "Sentimos que no te haya servido. Nuestro equipo puede ayudarte.",
            "Sorry this didn't help. Our team can help you.",
        ),
        Text::ConnectionError => (
            "No pudimos conectar con el centro de ayuda.",
            "We couldn't reach the help center.",
        ),
        Text::Retry => ("Reintentar", "Retry"),
        Text::ArticleGone => (
            "Este artículo ya no está disponible.",
            "This article is no longer available.",
        ),
        Text::Related => ("Artículos relacionados", "Related articles"),
        Text::WasHelpful => ("¿Te resultó útil?", "Was this helpful?"),
        Text::Yes => ("Sí", "Yes"),
        Text::No => ("No", "No"),
        Text::VoteThanks => ("¡Gracias por tu opinión!", "Thanks for your feedback!"),
        Text::OpenInNewTab => ("Abrir en una pestaña nueva", "Open in a new tab"),
        Text::Table => ("Tabla", "Table"),
        Text::ContactIntro => (
            "Cuéntanos qué pasó y te responderemos.",
            "Tell us what happened and we'll get back to you.",
        ),
        Text::YourName => ("Tu nombre", "Your name"),
        Text::YourEmail => ("Tu correo electrónico", "Your email"),
        Text::Company => ("Empresa (opcional)", "Company (optional)"),
        Text::Subject => ("Asunto", "Subject"),
        Text::Trying => ("¿Qué intentabas hacer?", "What were you trying to do?"),
        Text::Happened => ("¿Qué pasó?", "What happened?"),
        Text::Category => ("Categoría", "Category"),
        Text::CategoryNone => (
            "Elige una categoría (opcional)",
            "Choose a category (optional)",
        ),
        Text::ImpactLegend => ("¿Cuánto te afecta?", "How much does this affect you?"),
        Text::ImpactBlocked => ("No puedo trabajar en absoluto", "I can't work at all"),
        Text::ImpactDegraded => (
            "Algo falla, pero puedo seguir trabajando",
            "Something is broken but I can work around it",
        ),
        Text::ImpactQuestion => (
            "Una pregunta o un problema menor",
            "A question or a small issue",
        ),
        Text::TeamAvailable => (
            "El equipo está disponible ahora.",
            "The team is available now.",
        ),
        Text::TeamAway => (
            "El equipo no está disponible en este momento.",
            "The team is not available right now.",
        ),
        Text::AttachFiles => ("Adjuntar archivos", "Attach files"),
        Text::AttachHint => (
            "Hasta 5 archivos de 10 MB (imágenes, PDF o texto). También puedes arrastrarlos aquí o pegar una captura.",
            "Up to 5 files of 10 MB (images, PDF or text). You can also drop them here or paste a screenshot.",
        ),
        Text::DropHere => ("Suelta los archivos aquí", "Drop the files here"),
        Text::Uploading => ("Subiendo…", "Uploading…"),
        Text::Uploaded => ("Subido", "Uploaded"),
        Text::FileTooMany => (
            "Solo puedes adjuntar 5 archivos.",
            "You can attach up to 5 files.",
        ),
        Text::FileTooBig => ("Este archivo supera los 10 MB.", "This file is over 10 MB."),
        Text::FileWrongType => (
            "No se puede adjuntar este tipo de archivo.",
            "This type of file can't be attached.",
        ),
        Text::FileEmpty => ("Este archivo está vacío.", "This file is empty."),
        Text::FileFailed => (
            "No se pudo subir el archivo.",
            "The file couldn't be uploaded.",
        ),
        Text::WaitUploads => (
            "Espera a que terminen de subirse los archivos.",
            "Please wait until the files finish uploading.",
        ),
        Text::EnvSummary => ("Lo que enviaremos", "What we'll send"),
        Text::EnvHint => (
            "Para ayudarte antes, adjuntamos estos datos de tu navegador:",
            "To help you faster, we add these details about your browser:",
        ),
        Text::EnvPage => ("Página", "Page"),
        Text::EnvRoute => ("Sección", "Route"),
        Text::EnvContext => ("Contexto", "Context"),
        Text::EnvBrowser => ("Navegador", "Browser"),
        Text::EnvOs => ("Sistema", "System"),
        Text::EnvScreen => ("Pantalla", "Screen"),
        Text::EnvLocale => ("Idioma", "Language"),
        Text::EnvTimeZone => ("Zona horaria", "Time zone"),
        Text::EnvAppVersion => ("Versión de la aplicación", "App version"),
        Text::MaybeThese => (
            "Quizá esto responda tu pregunta",
            "These articles may answer your question",
        ),
        Text::AnsweredIt => ("Esto respondió mi pregunta", "This answered my question"),
        Text::GladItHelped => ("¡Nos alegra que te haya servido!", "Glad it helped!"),
        Text::GladItHelpedText => (
            "Si necesitas algo más, aquí estamos.",
            "If you need anything else, we're here.",
        ),
        Text::BackToHelp => ("Volver a la ayuda", "Back to help"),
        Text::Send => ("Enviar", "Send"),
        Text::Sending => ("Enviando…", "Sending…"),
        Text::SendFailed => (
            "No pudimos enviar tu mensaje. Lo que escribiste se conserva.",
            "We couldn't send your message. Everything you wrote is kept.",
        ),
        Text::Required => ("Completa este campo.", "Please fill this in."),
        Text::BadEmail => (
            "Escribe un correo electrónico válido.",
            "Please enter a valid email address.",
        ),
        Text::ChooseImpact => (
            "Elige cuánto te afecta.",
            "Please choose how much this affects you.",
        ),
        Text::YourConversations => ("Tus conversaciones", "Your conversations"),
        Text::NoConversations => (
            "Aún no tienes conversaciones.",
            "You have no conversations yet.",
        ),
        Text::StatusNew => ("Recibida", "Received"),
        Text::StatusOpen => ("En curso", "In progress"),
        Text::StatusPending => ("Esperando tu respuesta", "Waiting for you"),
        Text::StatusSolved => ("Resuelta", "Solved"),
        Text::StatusClosed => ("Cerrada", "Closed"),
        Text::NewReply => ("Respuesta nueva", "New reply"),
        Text::You => ("Tú", "You"),
        Text::SupportTeam => ("Equipo de soporte", "Support team"),
        Text::AutoReply => ("Respuesta automática", "Automatic reply"),
        Text::Conversation => ("Conversación", "Conversation"),
        Text::YourReply => ("Tu respuesta", "Your reply"),
        Text::SlowDown => (
            "Estás enviando mensajes muy rápido. Espera un momento e inténtalo de nuevo.",
            "You're sending messages very quickly. Please wait a moment and try again.",
        ),
        Text::ReplyFailed => (
            "Tu mensaje no se envió. Sigue aquí; inténtalo de nuevo.",
            "Your message wasn't sent. It's still here; please try again.",
        ),
        Text::ReopenHint => (
            "Si nos escribes, la conversación se reabre.",
            "Writing to us reopens this conversation.",
        ),
        Text::ConversationGone => (
            "Esta conversación no está disponible.",
            "This conversation is not available.",
        ),
        Text::HowDidWeDo => ("¿Qué tal lo hicimos?", "How did we do?"),
        Text::Good => ("Bien", "Good"),
        Text::Okay => ("Regular", "Okay"),
        Text::Bad => ("Mal", "Bad"),
        Text::CsatComment => (
            "¿Algo más que quieras contarnos? (opcional)",
            "Anything else you'd like to tell us? (optional)",
        ),
        Text::CsatThanks => ("¡Gracias por contárnoslo!", "Thanks for telling us!"),
        Text::Someone => ("Alguien del equipo", "Someone from the team"),
        Text::Attachment => ("Archivo adjunto", "Attachment"),
    };
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

/// The live-region announcement for a rendered result list: "3 resultados", "1 result".
pub fn results_count(locale: Locale, total: usize) -> String {
    let noun = match (locale, total) {
        (Locale::Es, 1) => "resultado",
        (Locale::Es, _) => "resultados",
        (Locale::En, 1) => "result",
        (Locale::En, _) => "results",
    };
    format!("{total} {noun}")
}

/// The empty state. `query` is the user's own text; callers must render it as text.
pub fn nothing_found(locale: Locale, query: &str) -> String {
    match locale {
        Locale::Es => format!("No encontramos nada para «{query}»"),
        Locale::En => format!("We found nothing for “{query}”"),
    }
}

/// "Ana is typing…" (or someone, when the name is unknown).
pub fn typing(locale: Locale, name: &str) -> String {
    let name = name.trim();
    let name = if name.is_empty() {
        tr(locale, Text::Someone)
    } else {
        name
    };
    match locale {
        Locale::Es => format!("{name} está escribiendo…"),
        Locale::En => format!("{name} is typing…"),
    }
}

/// "We're back Monday, 08:00" for the team's next opening (already formatted).
pub fn back_at(locale: Locale, when: &str) -> String {
    match locale {
        Locale::Es => format!("Volvemos el {when}."),
        Locale::En => format!("We're back on {when}."),
    }
}

/// The accessible name of a file's Remove button.
pub fn remove_file(locale: Locale, name: &str) -> String {
    match locale {
        Locale::Es => format!("Quitar {name}"),
        Locale::En => format!("Remove {name}"),
    }
}

/// "2 sin leer" / "2 unread".
pub fn unread_count(locale: Locale, count: u32) -> String {
    match locale {
        Locale::Es => format!("{count} sin leer"),
        Locale::En => format!("{count} unread"),
    }
}

/// The label of a ticket status.
pub fn status_text(status: Status) -> Text {
    match status {
        Status::New => Text::StatusNew,
        Status::Open => Text::StatusOpen,
        Status::Pending => Text::StatusPending,
        Status::Solved => Text::StatusSolved,
        Status::Closed => Text::StatusClosed,
    }
}

/// The lowercase primary language subtag of a BCP 47 tag: `es-MX` → `es`.
fn primary_subtag(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Picks the content locale: an explicit choice (script tag, `setLocale`, frame URL) when the
/// site has content in it, else the first browser language the site has, else the site's
/// default. Tags match exactly or by primary subtag (`es-MX` → `es`) and the site's own
/// spelling is returned.
///
/// When the site's locales are not known yet (`site_locales` empty), an explicit choice is
/// taken as is, then the first browser language we have strings for.
pub fn resolve_locale(
    explicit: Option<&str>,
    browser: &[String],
    site_locales: &[String],
    site_default: &str,
) -> String {
    let find = |wanted: &str| -> Option<String> {
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return None;
        }
        site_locales
            .iter()
            .find(|l| l.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                let primary = primary_subtag(wanted);
                site_locales.iter().find(|l| primary_subtag(l) == primary)
            })
            .cloned()
    };
    if site_locales.is_empty() {
        if let Some(tag) = explicit.map(str::trim).filter(|t| !t.is_empty()) {
            return primary_subtag(tag);
        }
        if let Some(ui) = browser.iter().find_map(|b| Locale::from_tag(b)) {
            return ui.tag().to_owned();
        }
    }
    explicit
        .and_then(find)
        .or_else(|| browser.iter().find_map(|b| find(b)))
        .unwrap_or_else(|| {
            let default = site_default.trim();
            if default.is_empty() {
                Locale::default().tag().to_owned()
            } else {
                default.to_owned()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_text_has_both_translations() {
        for text in Text::ALL {
            for locale in Locale::ALL {
                assert!(
                    !tr(locale, text).trim().is_empty(),
                    "{text:?} in {locale:?}"
                );
            }
        }
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(results_count(Locale::Es, 1), "1 resultado");
        assert_eq!(results_count(Locale::Es, 3), "3 resultados");
        assert_eq!(results_count(Locale::En, 0), "0 results");
        assert_eq!(results_count(Locale::En, 1), "1 result");
    }

    #[test]
    fn explicit_locale_wins_when_the_site_has_it() {
        let site = tags(&["es", "en"]);
        assert_eq!(
            resolve_locale(Some("en"), &tags(&["es"]), &site, "es"),
            "en"
        );
        assert_eq!(resolve_locale(Some("EN-gb"), &[], &site, "es"), "en");
    }

    #[test]
    fn unknown_explicit_locale_falls_back_to_browser_then_default() {
        let site = tags(&["es", "en"]);
        assert_eq!(
            resolve_locale(Some("fr"), &tags(&["en-US"]), &site, "es"),
            "en"
        );
        assert_eq!(
            resolve_locale(Some("fr"), &tags(&["de"]), &site, "es"),
            "es"
        );
        assert_eq!(
            resolve_locale(None, &tags(&["de", "es-MX"]), &site, "en"),
            "es"
        );
        assert_eq!(resolve_locale(None, &[], &site, "en"), "en");
    }

    #[test]
    fn before_the_config_arrives_explicit_then_browser() {
        assert_eq!(resolve_locale(Some("en"), &tags(&["es"]), &[], ""), "en");
        assert_eq!(resolve_locale(None, &tags(&["de", "en-US"]), &[], ""), "en");
        assert_eq!(resolve_locale(None, &tags(&["de"]), &[], ""), "es");
    }

    #[test]
    fn formatted_strings() {
        assert_eq!(typing(Locale::En, "Ana"), "Ana is typing…");
        assert_eq!(
            typing(Locale::Es, " "),
            "Alguien del equipo está escribiendo…"
        );
        assert_eq!(unread_count(Locale::Es, 2), "2 sin leer");
        assert_eq!(remove_file(Locale::En, "a.png"), "Remove a.png");
        assert_eq!(status_text(Status::Solved), Text::StatusSolved);
        assert_eq!(status_text(Status::Open), Text::StatusOpen);
    }

    #[test]
    fn ui_locale_for_content() {
        assert_eq!(Locale::for_content("es-MX"), Locale::Es);
        assert_eq!(Locale::for_content("en"), Locale::En);
        assert_eq!(Locale::for_content("pt"), Locale::En);
    }
}
