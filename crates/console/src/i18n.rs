//! Every string the console shows, in Spanish and English, and how it picks its language.
//!
//! [`tr`] is one `match` that yields both translations of a [`Text`] at once, so a string
//! missing in one language is a compile error rather than a blank button. Strings with numbers
//! in them are functions below it, each again one `match` over the locale. The editors'
//! screens' strings live in `i18n/editor.rs` ([`EditorText`], a [`Text::Editor`]), the
//! languages themselves in `i18n/locale.rs`.

use ayuda_api::{ArticleStatus, Role};

mod admin;
mod dashboard;
mod desk;
mod editor;
mod editorial;
mod locale;
mod passkeys;
mod publishing;
mod security;
mod settings;

pub use admin::{
    AdminText, MemberNotice, confirm_reset_password, confirm_reset_two_factor, confirm_switch_off,
    member_notice,
};
pub use dashboard::DashboardText;
pub use dashboard::{
    change_sentence, forecast_basis, forecast_days_summary, forecast_week, heatmap_summary,
    helpful_of, in_seconds, level_tickets, period_compared, previous_value, quality_summary,
    tickets_error, time_summary, time_zone_note, volume_summary,
};
pub use desk::{
    DeskText, assigned_to, bulk_summary, delete_view_label, desk_notification, file_problem,
    file_refused, held_text, macro_changes, merged_into, message_author, position_text,
    remove_file_label, requester_typing, sends_at, shortcut_text, sla_clock_text, snoozed_until,
    split_into, ticket_level, ticket_status, ticket_tier, tickets_count, tickets_selected,
    unfilled_text, viewers_text,
};
pub use editor::{
    EditorText, confirm_restore, confirm_take_theirs, conflict_text, diff_summary, live_version,
    loaded_version, published_version, restore_draft, restored_version, saved_version, server_says,
    title_change, unchanged_lines, version_label, version_option,
};
pub use editorial::{
    EditorialText, every_days, last_days, marked_reviewed, overdue, period_shown, source_versions,
    translate_into,
};
pub use locale::Locale;
pub use passkeys::{PasskeyText, confirm_remove_passkey, device_name, remove_passkey_label};
pub use publishing::{
    BulkVerb, PublishingText, bulk_done, bulk_failed, bulk_partial, cancel_schedule_label,
    confirm_bulk_archive, confirm_bulk_unpublish, context_hits, editing_others, helpful_votes,
    remove_context_label, review_due, review_every, selected_count,
};
pub use security::{SecurityText, codes_left};
pub use settings::{
    SettingsText, category_label, edit_site_title, hours_problem, level_name, page_name,
    period_label, position_name, remove_holiday_label, remove_period_label, site_problem,
    site_saved, sla_promise, status_name, target_label, weekday_name,
};

/// A UI string. Add a variant here and the compiler asks for both translations in [`tr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    Product,
    ConsoleName,
    SkipToContent,
    Language,
    Sections,
    Loading,
    Retry,
    Unreachable,
    NetworkError,
    ServerError,
    SignInTitle,
    SignInIntro,
    Email,
    Password,
    SignIn,
    SigningIn,
    BadCredentials,
    MissingCredentials,
    SessionExpired,
    SignedOut,
    SignOut,
    SigningOut,
    SignOutFailed,
    RoleAdmin,
    RoleEditor,
    RoleAgent,
    Articles,
    ArticlesCaption,
    SearchArticles,
    Status,
    AllLanguages,
    AllStatuses,
    Spanish,
    English,
    Draft,
    Published,
    Archived,
    Title,
    Views,
    HelpfulVotes,
    LastUpdate,
    NoArticles,
    ArticlesFailed,
    ArticlesForbidden,
    Pages,
    Previous,
    Next,
    Account,
    Role,
    ActiveSessions,
    Client,
    Kind,
    SignedInAt,
    LastSeen,
    KindConsole,
    KindLogin,
    ThisBrowser,
    NotYet,
    SessionsFailed,
    NoSessions,
    SignOutEverywhere,
    SignOutEverywhereHint,
    ConfirmEverywhere,
    ConfirmEverywhereYes,
    Cancel,
    EverywhereFailed,
    NotFound,
    NotFoundText,
    GoToStart,
    /// The editors' screens' strings (`i18n/editor.rs`).
    Editor(EditorText),
    /// The second factor's strings (`i18n/security.rs`).
    Security(SecurityText),
    /// The admins' screens (`i18n/admin.rs`).
    Admin(AdminText),
    /// The editor's images and schedule (`i18n/publishing.rs`).
    Publishing(PublishingText),
    /// The editors' overview screens (`i18n/editorial.rs`).
    Editorial(EditorialText),
    /// Passkeys: the sign-in's buttons and the account's section (`i18n/passkeys.rs`).
    Passkey(PasskeyText),
    /// The agents' workspace (`i18n/desk.rs`).
    Desk(DeskText),
    /// The admins' configuration (`i18n/settings.rs`).
    Settings(SettingsText),
    /// The dashboard (`i18n/dashboard.rs`).
    Dashboard(DashboardText),
}

impl From<DeskText> for Text {
    fn from(text: DeskText) -> Self {
        Text::Desk(text)
    }
}

impl From<SettingsText> for Text {
    fn from(text: SettingsText) -> Self {
        Text::Settings(text)
    }
}

impl From<DashboardText> for Text {
    fn from(text: DashboardText) -> Self {
        Text::Dashboard(text)
    }
}

impl From<PasskeyText> for Text {
    fn from(text: PasskeyText) -> Self {
        Text::Passkey(text)
    }
}

impl From<PublishingText> for Text {
    fn from(text: PublishingText) -> Self {
        Text::Publishing(text)
    }
}

impl From<EditorialText> for Text {
    fn from(text: EditorialText) -> Self {
        Text::Editorial(text)
    }
}

impl From<AdminText> for Text {
    fn from(text: AdminText) -> Self {
        Text::Admin(text)
    }
}

impl From<SecurityText> for Text {
    fn from(text: SecurityText) -> Self {
        Text::Security(text)
    }
}

impl From<EditorText> for Text {
    fn from(text: EditorText) -> Self {
        Text::Editor(text)
    }
}

impl Text {
    /// Every variant but `Editor`, `Security` and `Publishing` (their own modules check their
    /// strings), for
    /// the test that checks each has two non-empty translations.
    pub const ALL: [Text; 69] = [
        Text::Product,
        Text::ConsoleName,
        Text::SkipToContent,
        Text::Language,
        Text::Sections,
        Text::Loading,
        Text::Retry,
        Text::Unreachable,
        Text::NetworkError,
        Text::ServerError,
        Text::SignInTitle,
        Text::SignInIntro,
        Text::Email,
        Text::Password,
        Text::SignIn,
        Text::SigningIn,
        Text::BadCredentials,
        Text::MissingCredentials,
        Text::SessionExpired,
        Text::SignedOut,
        Text::SignOut,
        Text::SigningOut,
        Text::SignOutFailed,
        Text::RoleAdmin,
        Text::RoleEditor,
        Text::RoleAgent,
        Text::Articles,
        Text::ArticlesCaption,
        Text::SearchArticles,
        Text::Status,
        Text::AllLanguages,
        Text::AllStatuses,
        Text::Spanish,
        Text::English,
        Text::Draft,
        Text::Published,
        Text::Archived,
        Text::Title,
        Text::Views,
        Text::HelpfulVotes,
        Text::LastUpdate,
        Text::NoArticles,
        Text::ArticlesFailed,
        Text::ArticlesForbidden,
        Text::Pages,
        Text::Previous,
        Text::Next,
        Text::Account,
        Text::Role,
        Text::ActiveSessions,
        Text::Client,
        Text::Kind,
        Text::SignedInAt,
        Text::LastSeen,
        Text::KindConsole,
        Text::KindLogin,
        Text::ThisBrowser,
        Text::NotYet,
        Text::SessionsFailed,
        Text::NoSessions,
        Text::SignOutEverywhere,
        Text::SignOutEverywhereHint,
        Text::ConfirmEverywhere,
        Text::ConfirmEverywhereYes,
        Text::Cancel,
        Text::EverywhereFailed,
        Text::NotFound,
        Text::NotFoundText,
        Text::GoToStart,
    ];
}

/// The string for `text` in `locale`.
pub fn tr(locale: Locale, text: Text) -> &'static str {
    let (es, en) = match text {
        Text::Product => ("Ayuda", "Ayuda"),
        Text::ConsoleName => ("Consola de Ayuda", "Ayuda console"),
        Text::SkipToContent => ("Saltar al contenido", "Skip to content"),
        Text::Language => ("Idioma", "Language"),
        Text::Sections => ("Secciones de la consola", "Console sections"),
        Text::Loading => ("Cargando…", "Loading…"),
        Text::Retry => ("Reintentar", "Try again"),
        Text::Unreachable => (
            "No se pudo conectar con el servidor de Ayuda.",
            "Could not reach the Ayuda server.",
        ),
        Text::NetworkError => (
            "No se pudo conectar con el servidor. Comprueba tu conexión e inténtalo de nuevo.",
            "Could not reach the server. Check your connection and try again.",
        ),
        Text::ServerError => (
            "Algo falló en el servidor. Inténtalo de nuevo en un momento.",
            "Something went wrong on the server. Try again in a moment.",
        ),
        Text::SignInTitle => ("Iniciar sesión", "Sign in"),
        Text::SignInIntro => (
            "Inicia sesión en la consola del equipo.",
            "Sign in to the staff console.",
        ),
        Text::Email => ("Correo electrónico", "E-mail"),
        Text::Password => ("Contraseña", "Password"),
        Text::SignIn => ("Iniciar sesión", "Sign in"),
        Text::SigningIn => ("Iniciando sesión…", "Signing in…"),
        // One message for a wrong password and an unknown address: never say which.
        Text::BadCredentials => (
            "El correo o la contraseña no son correctos.",
            "The e-mail or password is not correct.",
        ),
        Text::MissingCredentials => (
            "Escribe tu correo electrónico y tu contraseña.",
            "Enter your e-mail and password.",
        ),
        Text::SessionExpired => (
            "Tu sesión ha terminado. Vuelve a iniciar sesión.",
            "Your session has ended. Please sign in again.",
        ),
        Text::SignedOut => ("Has cerrado la sesión.", "You have signed out."),
        Text::SignOut => ("Cerrar sesión", "Sign out"),
        Text::SigningOut => ("Cerrando sesión…", "Signing out…"),
        Text::SignOutFailed => (
            "No se pudo cerrar la sesión. Inténtalo de nuevo.",
            "Could not sign out. Try again.",
        ),
        Text::RoleAdmin => ("Administrador", "Admin"),
        Text::RoleEditor => ("Editor", "Editor"),
        Text::RoleAgent => ("Agente", "Agent"),
        Text::Articles => ("Artículos", "Articles"),
        Text::ArticlesCaption => ("Artículos encontrados", "Matching articles"),
        Text::SearchArticles => ("Buscar artículos", "Search articles"),
        Text::Status => ("Estado", "Status"),
        Text::AllLanguages => ("Todos los idiomas", "All languages"),
        Text::AllStatuses => ("Todos los estados", "All statuses"),
        Text::Spanish => ("Español", "Spanish"),
        Text::English => ("Inglés", "English"),
        Text::Draft => ("Borrador", "Draft"),
        Text::Published => ("Publicado", "Published"),
        Text::Archived => ("Archivado", "Archived"),
        Text::Title => ("Título", "Title"),
        Text::Views => ("Visitas", "Views"),
        Text::HelpfulVotes => ("Votos (útil / no útil)", "Votes (helpful / not helpful)"),
        Text::LastUpdate => ("Última actualización", "Last update"),
        Text::NoArticles => ("Ningún artículo coincide.", "No articles match."),
        Text::ArticlesFailed => (
            "No se pudieron cargar los artículos.",
            "Could not load the articles.",
        ),
        Text::ArticlesForbidden => (
            "Tu rol no permite ver los artículos. Si los necesitas, pide acceso a una persona administradora.",
            "Your role cannot see articles. If you need them, ask an admin for access.",
        ),
        Text::Pages => ("Páginas", "Pages"),
        Text::Previous => ("Anterior", "Previous"),
        Text::Next => ("Siguiente", "Next"),
        Text::Account => ("Tu cuenta", "Your account"),
        Text::Role => ("Rol", "Role"),
        Text::ActiveSessions => ("Sesiones activas", "Active sessions"),
        Text::Client => ("Cliente", "Client"),
        Text::Kind => ("Tipo", "Kind"),
        Text::SignedInAt => ("Inicio de sesión", "Signed in"),
        Text::LastSeen => ("Última actividad", "Last seen"),
        Text::KindConsole => ("Navegador", "Browser"),
        Text::KindLogin => ("Token de API", "API login"),
        Text::ThisBrowser => ("Este navegador", "This browser"),
        Text::NotYet => ("Todavía no", "Not yet"),
        Text::SessionsFailed => (
            "No se pudieron cargar tus sesiones.",
            "Could not load your sessions.",
        ),
        Text::NoSessions => ("No hay sesiones activas.", "No active sessions."),
        Text::SignOutEverywhere => ("Cerrar sesión en todas partes", "Sign out everywhere"),
        Text::SignOutEverywhereHint => (
            "Cierra todas tus sesiones, también la de este navegador.",
            "Ends all your sessions, this browser's included.",
        ),
        Text::ConfirmEverywhere => (
            "¿Cerrar todas tus sesiones, también la de este navegador? Tendrás que volver a iniciar sesión en cada dispositivo.",
            "Sign out of every session, this browser included? You will have to sign in again on each device.",
        ),
        Text::ConfirmEverywhereYes => ("Sí, cerrar todas", "Yes, sign out everywhere"),
        Text::Cancel => ("Cancelar", "Cancel"),
        Text::EverywhereFailed => (
            "No se pudieron cerrar las sesiones. Inténtalo de nuevo.",
            "Could not sign out everywhere. Try again.",
        ),
        Text::NotFound => ("Página no encontrada", "Page not found"),
        Text::NotFoundText => (
            "Esta dirección no existe en la consola.",
            "This address does not exist in the console.",
        ),
        Text::GoToStart => ("Ir al inicio", "Go to the start page"),
        Text::Editor(text) => editor::pair(text),
        Text::Security(text) => security::pair(text),
        Text::Admin(text) => admin::pair(text),
        Text::Publishing(text) => publishing::pair(text),
        Text::Editorial(text) => editorial::pair(text),
        Text::Passkey(text) => passkeys::pair(text),
        Text::Desk(text) => desk::pair(text),
        Text::Settings(text) => settings::pair(text),
        Text::Dashboard(text) => dashboard::pair(text),
    };
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

/// A role's name.
pub fn role_text(role: Role) -> Text {
    match role {
        Role::Admin => Text::RoleAdmin,
        Role::Editor => Text::RoleEditor,
        Role::Agent => Text::RoleAgent,
    }
}

/// An article status's name.
pub fn status_text(status: ArticleStatus) -> Text {
    match status {
        ArticleStatus::Draft => Text::Draft,
        ArticleStatus::Published => Text::Published,
        ArticleStatus::Archived => Text::Archived,
    }
}

/// A content locale's name in the UI language: ours by name, any other tag as it is.
pub fn language_name(ui: Locale, tag: &str) -> String {
    match Locale::parse(tag) {
        Some(Locale::Es) => tr(ui, Text::Spanish).to_owned(),
        Some(Locale::En) => tr(ui, Text::English).to_owned(),
        None => tag.to_owned(),
    }
}

/// A session kind's name: `console` and `login` by name, any other as it is.
pub fn session_kind(ui: Locale, kind: &str) -> String {
    match kind {
        "console" => tr(ui, Text::KindConsole).to_owned(),
        "login" => tr(ui, Text::KindLogin).to_owned(),
        other => other.to_owned(),
    }
}

/// "Showing 21–40 of 57".
pub fn showing(locale: Locale, first: u64, last: u64, total: u64) -> String {
    match locale {
        Locale::Es => format!("Mostrando {first}–{last} de {total}"),
        Locale::En => format!("Showing {first}–{last} of {total}"),
    }
}

/// "Too many attempts, try again in N seconds" for a 429 with `Retry-After`; without one,
/// no number.
pub fn too_many_attempts(locale: Locale, seconds: Option<u32>) -> String {
    match (locale, seconds) {
        (Locale::Es, Some(1)) => {
            "Demasiados intentos. Vuelve a intentarlo en 1 segundo.".to_owned()
        }
        (Locale::Es, Some(n)) => {
            format!("Demasiados intentos. Vuelve a intentarlo en {n} segundos.")
        }
        (Locale::Es, None) => "Demasiados intentos. Vuelve a intentarlo en un momento.".to_owned(),
        (Locale::En, Some(1)) => "Too many attempts. Try again in 1 second.".to_owned(),
        (Locale::En, Some(n)) => format!("Too many attempts. Try again in {n} seconds."),
        (Locale::En, None) => "Too many attempts. Try again in a moment.".to_owned(),
    }
}

/// The document title: "Articles — Ayuda console".
pub fn page_title(locale: Locale, screen: Text) -> String {
    if screen == Text::ConsoleName {
        return tr(locale, Text::ConsoleName).to_owned();
    }
    format!("{} — {}", tr(locale, screen), tr(locale, Text::ConsoleName))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_list_of_texts_has_no_duplicates() {
        let unique: std::collections::HashSet<_> = Text::ALL.iter().collect();
        assert_eq!(unique.len(), Text::ALL.len());
    }

    #[test]
    fn formatted_strings() {
        assert_eq!(showing(Locale::En, 1, 20, 57), "Showing 1–20 of 57");
        assert_eq!(showing(Locale::Es, 41, 57, 57), "Mostrando 41–57 de 57");
        assert_eq!(
            too_many_attempts(Locale::En, Some(30)),
            "Too many attempts. Try again in 30 seconds."
        );
        assert_eq!(
            too_many_attempts(Locale::Es, Some(1)),
            "Demasiados intentos. Vuelve a intentarlo en 1 segundo."
        );
        assert!(!too_many_attempts(Locale::En, None).contains("None"));
        assert_eq!(
            page_title(Locale::En, Text::Articles),
            "Articles — Ayuda console"
        );
        assert_eq!(
            page_title(Locale::Es, Text::ConsoleName),
            "Consola de Ayuda"
        );
    }

    #[test]
    fn names_of_words() {
        assert_eq!(language_name(Locale::Es, "en"), "Inglés");
        assert_eq!(language_name(Locale::En, "es"), "Spanish");
        assert_eq!(language_name(Locale::En, "pt-BR"), "pt-BR");
        assert_eq!(session_kind(Locale::En, "console"), "Browser");
        assert_eq!(session_kind(Locale::Es, "login"), "Token de API");
        assert_eq!(session_kind(Locale::En, "robot"), "robot");
        assert_eq!(tr(Locale::Es, role_text(Role::Agent)), "Agente");
        assert_eq!(tr(Locale::En, status_text(ArticleStatus::Draft)), "Draft");
    }
}
