//! The strings of the editors' overview screens (translations, the side-by-side view, reviews,
//! content gaps), in Spanish and English: one [`pair`] for the fixed ones (reached through
//! `Text::Editorial`), functions for those with numbers or names in them.

use super::locale::Locale;

/// A string of the editors' overview screens. Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EditorialText {
    Translations,
    TranslationsCaption,
    Show,
    WantedTodo,
    WantedMissing,
    WantedOutdated,
    SourceArticle,
    Translation,
    TranslationState,
    Missing,
    Outdated,
    UpToDate,
    NotWrittenYet,
    Translate,
    Compare,
    NoTranslationsToDo,
    SearchTranslations,
    NoTranslationsMatch,
    TranslationsFailed,
    SideBySide,
    Source,
    EditTranslation,
    EditSource,
    OutdatedNote,
    CurrentNote,
    NoTranslationYet,
    PairFailed,
    RenderFailed,
    SourceChanges,
    SourceChangesIntro,
    NoBaseVersion,
    VersionsFailed,
    Reviews,
    ReviewsCaption,
    OnlyMine,
    Owner,
    Interval,
    LastReviewed,
    DueDate,
    NoOwner,
    NeverReviewed,
    MarkReviewed,
    Marking,
    MarkFailed,
    NoReviewsDue,
    NoReviewsMine,
    SearchReviews,
    NoReviewsMatch,
    ReviewsFailed,
    ContentGaps,
    Period,
    CustomDates,
    FromDay,
    ToDay,
    Site,
    DefaultSite,
    PeriodOrder,
    SitesFailed,
    NoResultsHeading,
    NoResultsCaption,
    SearchQuery,
    Times,
    WriteArticle,
    UnhelpfulHeading,
    UnhelpfulCaption,
    Helpful,
    NotHelpful,
    NeverOpenedHeading,
    NeverOpenedCaption,
    NoNoResults,
    FollowedHeading,
    FollowedCaption,
    NoFollowed,
    NoUnhelpful,
    NoNeverOpened,
    GapsFailed,
}

impl EditorialText {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [EditorialText; 76] = [
        EditorialText::Translations,
        EditorialText::TranslationsCaption,
        EditorialText::Show,
        EditorialText::WantedTodo,
        EditorialText::WantedMissing,
        EditorialText::WantedOutdated,
        EditorialText::SourceArticle,
        EditorialText::Translation,
        EditorialText::TranslationState,
        EditorialText::Missing,
        EditorialText::Outdated,
        EditorialText::UpToDate,
        EditorialText::NotWrittenYet,
        EditorialText::Translate,
        EditorialText::Compare,
        EditorialText::NoTranslationsToDo,
        EditorialText::SearchTranslations,
        EditorialText::NoTranslationsMatch,
        EditorialText::TranslationsFailed,
        EditorialText::SideBySide,
        EditorialText::Source,
        EditorialText::EditTranslation,
        EditorialText::EditSource,
        EditorialText::OutdatedNote,
        EditorialText::CurrentNote,
        EditorialText::NoTranslationYet,
        EditorialText::PairFailed,
        EditorialText::RenderFailed,
        EditorialText::SourceChanges,
        EditorialText::SourceChangesIntro,
        EditorialText::NoBaseVersion,
        EditorialText::VersionsFailed,
        EditorialText::Reviews,
        EditorialText::ReviewsCaption,
        EditorialText::OnlyMine,
        EditorialText::Owner,
        EditorialText::Interval,
        EditorialText::LastReviewed,
        EditorialText::DueDate,
        EditorialText::NoOwner,
        EditorialText::NeverReviewed,
        EditorialText::MarkReviewed,
        EditorialText::Marking,
        EditorialText::MarkFailed,
        EditorialText::NoReviewsDue,
        EditorialText::NoReviewsMine,
        EditorialText::SearchReviews,
        EditorialText::NoReviewsMatch,
        EditorialText::ReviewsFailed,
        EditorialText::ContentGaps,
        EditorialText::Period,
        EditorialText::CustomDates,
        EditorialText::FromDay,
        EditorialText::ToDay,
        EditorialText::Site,
        EditorialText::DefaultSite,
        EditorialText::PeriodOrder,
        EditorialText::SitesFailed,
        EditorialText::NoResultsHeading,
        EditorialText::NoResultsCaption,
        EditorialText::SearchQuery,
        EditorialText::Times,
        EditorialText::WriteArticle,
        EditorialText::UnhelpfulHeading,
        EditorialText::UnhelpfulCaption,
        EditorialText::Helpful,
        EditorialText::NotHelpful,
        EditorialText::NeverOpenedHeading,
        EditorialText::NeverOpenedCaption,
        EditorialText::NoNoResults,
        EditorialText::FollowedHeading,
        EditorialText::FollowedCaption,
        EditorialText::NoFollowed,
        EditorialText::NoUnhelpful,
        EditorialText::NoNeverOpened,
        EditorialText::GapsFailed,
    ];
}

/// Both translations of `text`: (Spanish, English).
pub fn pair(text: EditorialText) -> (&'static str, &'static str) {
    use EditorialText as E;
    match text {
        E::Translations => ("Traducciones", "Translations"),
        E::TranslationsCaption => (
            "Traducciones que faltan o están desactualizadas",
            "Missing and out-of-date translations",
        ),
        E::Show => ("Mostrar", "Show"),
        E::WantedTodo => (
            "Que faltan o están desactualizadas",
            "Missing or out of date",
        ),
        E::WantedMissing => ("Que faltan", "Missing"),
        E::WantedOutdated => ("Desactualizadas", "Out of date"),
        E::SourceArticle => ("Artículo original", "Source article"),
        E::Translation => ("Traducción", "Translation"),
        E::TranslationState => ("Estado de la traducción", "Translation state"),
        E::Missing => ("Falta", "Missing"),
        E::Outdated => ("Desactualizada", "Out of date"),
        E::UpToDate => ("Al día", "Up to date"),
        E::NotWrittenYet => ("Sin escribir todavía", "Not written yet"),
        E::Translate => ("Traducir", "Translate"),
        E::Compare => ("Comparar", "Compare"),
        E::NoTranslationsToDo => (
            "No hay traducciones pendientes: todas están al día.",
            "No translations to do: every one is up to date.",
        ),
        E::SearchTranslations => ("Buscar por título", "Search by title"),
        E::NoTranslationsMatch => (
            "Ningún artículo con traducciones pendientes tiene ese texto en el título.",
            "No article with translations to do has that text in its title.",
        ),
        E::TranslationsFailed => (
            "No se pudieron cargar las traducciones.",
            "Could not load the translations.",
        ),
        E::SideBySide => ("Original y traducción", "Source and translation"),
        E::Source => ("Original", "Source"),
        E::EditTranslation => ("Editar la traducción", "Edit the translation"),
        E::EditSource => ("Editar el original", "Edit the source"),
        E::OutdatedNote => (
            "El original cambió después de la última actualización de la traducción.",
            "The source changed after the translation was last updated.",
        ),
        E::CurrentNote => (
            "La traducción está al día con el original.",
            "The translation is up to date with the source.",
        ),
        E::NoTranslationYet => (
            "Este artículo todavía no tiene traducción.",
            "This article has no translation yet.",
        ),
        E::PairFailed => (
            "No se pudieron cargar el artículo y su traducción.",
            "Could not load the article and its translation.",
        ),
        E::RenderFailed => (
            "No se pudo cargar este artículo.",
            "Could not load this article.",
        ),
        E::SourceChanges => (
            "Cambios en el original desde la última actualización de la traducción",
            "What changed in the source since the translation was last updated",
        ),
        E::SourceChangesIntro => (
            "Compara la versión del original vigente cuando se actualizó la traducción por última vez con la versión actual.",
            "Compares the source's version from when the translation was last updated with its latest version.",
        ),
        E::NoBaseVersion => (
            "Todas las versiones del original son posteriores a la última actualización de la traducción: compáralas en su historial de versiones.",
            "Every version of the source is newer than the translation's last update: compare them in its version history.",
        ),
        E::VersionsFailed => (
            "No se pudieron cargar las versiones del original.",
            "Could not load the source's versions.",
        ),
        E::Reviews => ("Revisiones", "Reviews"),
        E::ReviewsCaption => (
            "Artículos que toca revisar, los más atrasados primero",
            "Articles due for review, the most overdue first",
        ),
        E::OnlyMine => ("Solo los míos", "Only mine"),
        E::Owner => ("Responsable", "Owner"),
        E::Interval => ("Frecuencia", "Interval"),
        E::LastReviewed => ("Última revisión", "Last reviewed"),
        E::DueDate => ("Fecha de revisión", "Due"),
        E::NoOwner => ("Sin responsable", "No owner"),
        E::NeverReviewed => ("Nunca", "Never"),
        E::MarkReviewed => ("Marcar como revisado", "Mark as reviewed"),
        E::Marking => ("Marcando…", "Marking…"),
        E::MarkFailed => (
            "No se pudo marcar el artículo como revisado.",
            "Could not mark the article as reviewed.",
        ),
        E::NoReviewsDue => (
            "No hay artículos pendientes de revisión.",
            "No articles are due for review.",
        ),
        E::NoReviewsMine => (
            "Ninguno de los artículos pendientes de revisión es tuyo.",
            "None of the articles due for review are yours.",
        ),
        E::SearchReviews => ("Buscar por título o slug", "Search by title or slug"),
        E::NoReviewsMatch => (
            "Ningún artículo pendiente de revisión tiene ese texto en el título o el slug.",
            "No article due for review has that text in its title or slug.",
        ),
        E::ReviewsFailed => (
            "No se pudieron cargar las revisiones.",
            "Could not load the reviews.",
        ),
        E::ContentGaps => ("Huecos de contenido", "Content gaps"),
        E::Period => ("Periodo", "Period"),
        E::CustomDates => ("Fechas personalizadas", "Custom dates"),
        E::FromDay => ("Desde", "From"),
        E::ToDay => ("Hasta", "To"),
        E::Site => ("Sitio", "Site"),
        E::DefaultSite => ("Sitio predeterminado", "Default site"),
        E::PeriodOrder => (
            "La fecha de inicio no puede ser posterior a la de fin.",
            "The first day must not be after the last.",
        ),
        E::SitesFailed => (
            "No se pudo cargar la lista de sitios: se muestra el sitio predeterminado.",
            "Could not load the sites: showing the default site.",
        ),
        E::NoResultsHeading => ("Búsquedas sin resultados", "Searches that found nothing"),
        E::NoResultsCaption => (
            "Búsquedas sin resultados, las más frecuentes primero",
            "Searches that found nothing, the most frequent first",
        ),
        E::SearchQuery => ("Búsqueda", "Search"),
        E::Times => ("Veces", "Times"),
        E::WriteArticle => (
            "Escribir un artículo para esto",
            "Write an article for this",
        ),
        E::UnhelpfulHeading => (
            "Artículos votados como no útiles",
            "Articles voted unhelpful",
        ),
        E::UnhelpfulCaption => (
            "Artículos votados como no útiles en el periodo, los que más votos negativos tienen primero",
            "Articles voted unhelpful in the period, the most such votes first",
        ),
        E::Helpful => ("Útil", "Helpful"),
        E::NotHelpful => ("No útil", "Not helpful"),
        E::NeverOpenedHeading => ("Artículos que nadie ha abierto", "Articles never opened"),
        E::NeverOpenedCaption => (
            "Artículos publicados que nadie ha abierto",
            "Published articles nobody has opened",
        ),
        E::NoNoResults => (
            "Todas las búsquedas del periodo encontraron algo.",
            "Every search in this period found something.",
        ),
        E::FollowedHeading => (
            "Búsquedas seguidas de una solicitud",
            "Searches followed by a ticket",
        ),
        E::FollowedCaption => (
            "Lo último que se buscó antes de escribir al soporte, lo más frecuente primero",
            "What people searched for last before contacting support, the most frequent first",
        ),
        E::NoFollowed => (
            "Nadie escribió al soporte después de buscar en el periodo.",
            "Nobody contacted support after a search in this period.",
        ),
        E::NoUnhelpful => (
            "Ningún artículo recibió votos negativos en el periodo.",
            "No article was voted unhelpful in this period.",
        ),
        E::NoNeverOpened => (
            "Todos los artículos publicados se han abierto alguna vez.",
            "Every published article has been opened.",
        ),
        E::GapsFailed => (
            "No se pudieron cargar los huecos de contenido.",
            "Could not load the content gaps.",
        ),
    }
}

/// "Last 7 days".
pub fn last_days(locale: Locale, days: i64) -> String {
    match locale {
        Locale::Es => format!("Últimos {days} días"),
        Locale::En => format!("Last {days} days"),
    }
}

/// "Every 90 days".
pub fn every_days(locale: Locale, days: i64) -> String {
    match (locale, days) {
        (Locale::Es, 1) => "Cada día".to_owned(),
        (Locale::Es, n) => format!("Cada {n} días"),
        (Locale::En, 1) => "Every day".to_owned(),
        (Locale::En, n) => format!("Every {n} days"),
    }
}

/// The text of an overdue review's badge: "Due today", "Overdue by 3 days".
pub fn overdue(locale: Locale, days_late: i64) -> String {
    match (locale, days_late) {
        (Locale::Es, ..=0) => "Toca hoy".to_owned(),
        (Locale::Es, 1) => "Atrasada 1 día".to_owned(),
        (Locale::Es, n) => format!("Atrasada {n} días"),
        (Locale::En, ..=0) => "Due today".to_owned(),
        (Locale::En, 1) => "Overdue by 1 day".to_owned(),
        (Locale::En, n) => format!("Overdue by {n} days"),
    }
}

/// "“Title” marked as reviewed. Next review: 7 Mar 2027."
pub fn marked_reviewed(locale: Locale, title: &str, next: Option<&str>) -> String {
    match (locale, next) {
        (Locale::Es, Some(next)) => {
            format!("«{title}» marcado como revisado. Próxima revisión: {next}.")
        }
        (Locale::Es, None) => format!("«{title}» marcado como revisado."),
        (Locale::En, Some(next)) => format!("“{title}” marked as reviewed. Next review: {next}."),
        (Locale::En, None) => format!("“{title}” marked as reviewed."),
    }
}

/// "Translate into English".
pub fn translate_into(locale: Locale, language: &str) -> String {
    match locale {
        Locale::Es => format!("Traducir al {}", language.to_lowercase()),
        Locale::En => format!("Translate into {language}"),
    }
}

/// "Version 2 → version 5" for the source's changes.
pub fn source_versions(locale: Locale, from: i64, to: i64) -> String {
    match locale {
        Locale::Es => format!("Versión {from} → versión {to}"),
        Locale::En => format!("Version {from} → version {to}"),
    }
}

/// "From 1 Nov 2026 to 30 Nov 2026", the period the server answered for.
pub fn period_shown(locale: Locale, since: &str, until: &str) -> String {
    match locale {
        Locale::Es => format!("Del {since} al {until}"),
        Locale::En => format!("From {since} to {until}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in EditorialText::ALL {
            let (es, en) = pair(text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        let unique: std::collections::HashSet<_> = EditorialText::ALL.iter().collect();
        assert_eq!(unique.len(), EditorialText::ALL.len());
    }

    #[test]
    fn numbers_and_names() {
        assert_eq!(overdue(Locale::En, 0), "Due today");
        assert_eq!(overdue(Locale::En, 1), "Overdue by 1 day");
        assert_eq!(overdue(Locale::Es, 12), "Atrasada 12 días");
        assert_eq!(every_days(Locale::En, 90), "Every 90 days");
        assert_eq!(last_days(Locale::Es, 7), "Últimos 7 días");
        assert_eq!(translate_into(Locale::Es, "Inglés"), "Traducir al inglés");
        assert_eq!(
            marked_reviewed(Locale::En, "Refunds", None),
            "“Refunds” marked as reviewed."
        );
        assert_eq!(source_versions(Locale::En, 2, 5), "Version 2 → version 5");
    }
}
