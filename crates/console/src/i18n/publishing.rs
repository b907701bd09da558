//! The strings of the editor's images, schedule, placement (contexts, sites) and review plan,
//! and of the articles list's filters and bulk actions, in Spanish and English: one [`pair`]
//! for the fixed ones (reached through `Text::Publishing`), functions for those with names,
//! numbers or times in them.

use super::locale::Locale;

/// A string about images and scheduled changes. Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PublishingText {
    ToolImage,
    ImageFile,
    Uploading,
    UploadFailed,
    ImageType,
    ImageTooLarge,
    ImageUploaded,
    Schedule,
    ScheduleHint,
    ScheduleAction,
    SchedulePublish,
    ScheduleUnpublish,
    ScheduleAt,
    ScheduleAtHint,
    AddSchedule,
    Adding,
    ScheduleFailed,
    ScheduleRefused,
    MissingTime,
    Scheduled,
    SchedulesCaption,
    When,
    By,
    State,
    PendingState,
    CancelSchedule,
    Cancelling,
    CancelFailed,
    ScheduleCancelled,
    SchedulesFailed,
    NoSchedules,
    Contexts,
    ContextsHint,
    ContextSuggestions,
    AddContext,
    NoContexts,
    ContextsFailed,
    Sites,
    SitesHint,
    EverySiteNow,
    SitesFailed,
    SitesForbidden,
    Owner,
    OwnerHint,
    OwnerMe,
    OwnerMeLabel,
    ReviewInterval,
    ReviewNone,
    ReviewCustom,
    ReviewDays,
    ReviewInvalid,
    PlanSaved,
    TranslationOf,
    SeedFailed,
    ViewInHelpCentre,
    NewTab,
    SideBySideLink,
    Tag,
    Site,
    AllSites,
    OwnerFilter,
    Mine,
    ReviewDue,
    TranslationMissing,
    Nobody,
    NoVotes,
    HelpfulColumn,
    SelectAll,
    BulkPublish,
    BulkUnpublish,
    BulkArchive,
    BulkTag,
    BulkAddTag,
    BulkRemoveTag,
    BulkWorking,
    ConfirmBulkYes,
    ConfirmBulkArchiveYes,
    BulkNoTag,
    NothingSelected,
    TooManySelected,
}

impl PublishingText {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [PublishingText; 80] = [
        PublishingText::ToolImage,
        PublishingText::ImageFile,
        PublishingText::Uploading,
        PublishingText::UploadFailed,
        PublishingText::ImageType,
        PublishingText::ImageTooLarge,
        PublishingText::ImageUploaded,
        PublishingText::Schedule,
        PublishingText::ScheduleHint,
        PublishingText::ScheduleAction,
        PublishingText::SchedulePublish,
        PublishingText::ScheduleUnpublish,
        PublishingText::ScheduleAt,
        PublishingText::ScheduleAtHint,
        PublishingText::AddSchedule,
        PublishingText::Adding,
        PublishingText::ScheduleFailed,
        PublishingText::ScheduleRefused,
        PublishingText::MissingTime,
        PublishingText::Scheduled,
        PublishingText::SchedulesCaption,
        PublishingText::When,
        PublishingText::By,
        PublishingText::State,
        PublishingText::PendingState,
        PublishingText::CancelSchedule,
        PublishingText::Cancelling,
        PublishingText::CancelFailed,
        PublishingText::ScheduleCancelled,
        PublishingText::SchedulesFailed,
        PublishingText::NoSchedules,
        PublishingText::Contexts,
        PublishingText::ContextsHint,
        PublishingText::ContextSuggestions,
        PublishingText::AddContext,
        PublishingText::NoContexts,
        PublishingText::ContextsFailed,
        PublishingText::Sites,
        PublishingText::SitesHint,
        PublishingText::EverySiteNow,
        PublishingText::SitesFailed,
        PublishingText::SitesForbidden,
        PublishingText::Owner,
        PublishingText::OwnerHint,
        PublishingText::OwnerMe,
        PublishingText::OwnerMeLabel,
        PublishingText::ReviewInterval,
        PublishingText::ReviewNone,
        PublishingText::ReviewCustom,
        PublishingText::ReviewDays,
        PublishingText::ReviewInvalid,
        PublishingText::PlanSaved,
        PublishingText::TranslationOf,
        PublishingText::SeedFailed,
        PublishingText::ViewInHelpCentre,
        PublishingText::NewTab,
        PublishingText::SideBySideLink,
        PublishingText::Tag,
        PublishingText::Site,
        PublishingText::AllSites,
        PublishingText::OwnerFilter,
        PublishingText::Mine,
        PublishingText::ReviewDue,
        PublishingText::TranslationMissing,
        PublishingText::Nobody,
        PublishingText::NoVotes,
        PublishingText::HelpfulColumn,
        PublishingText::SelectAll,
        PublishingText::BulkPublish,
        PublishingText::BulkUnpublish,
        PublishingText::BulkArchive,
        PublishingText::BulkTag,
        PublishingText::BulkAddTag,
        PublishingText::BulkRemoveTag,
        PublishingText::BulkWorking,
        PublishingText::ConfirmBulkYes,
        PublishingText::ConfirmBulkArchiveYes,
        PublishingText::BulkNoTag,
        PublishingText::NothingSelected,
        PublishingText::TooManySelected,
    ];
}

/// Both translations of `text`: (Spanish, English).
pub fn pair(text: PublishingText) -> (&'static str, &'static str) {
    use PublishingText as P;
    match text {
        P::ToolImage => ("Imagen", "Image"),
        P::ImageFile => (
            "Insertar una imagen (PNG, JPEG o WebP, hasta 5 MB)",
            "Insert an image (PNG, JPEG or WebP, up to 5 MB)",
        ),
        P::Uploading => ("Subiendo", "Uploading"),
        P::UploadFailed => ("No se pudo subir la imagen.", "Could not upload the image."),
        P::ImageType => (
            "Solo se pueden subir imágenes PNG, JPEG o WebP.",
            "Only PNG, JPEG and WebP images can be uploaded.",
        ),
        P::ImageTooLarge => (
            "La imagen ocupa más de 5 MB.",
            "The image is larger than 5 MB.",
        ),
        P::ImageUploaded => ("Imagen insertada.", "Image inserted."),
        P::Schedule => ("Programar", "Schedule"),
        P::ScheduleHint => (
            "Publica o retira este artículo a una hora fijada, en tu zona horaria.",
            "Publish or unpublish this article at a set time, in your time zone.",
        ),
        P::ScheduleAction => ("Acción", "Action"),
        P::SchedulePublish => ("Publicar la última versión", "Publish the latest version"),
        P::ScheduleUnpublish => ("Retirar la publicación", "Unpublish"),
        P::ScheduleAt => ("Fecha y hora", "Date and time"),
        P::ScheduleAtHint => (
            "En el futuro, como mucho dentro de un año.",
            "In the future, at most a year ahead.",
        ),
        P::AddSchedule => ("Programar el cambio", "Schedule the change"),
        P::Adding => ("Programando…", "Scheduling…"),
        P::ScheduleFailed => (
            "No se pudo programar el cambio.",
            "Could not schedule the change.",
        ),
        P::ScheduleRefused => (
            "Elige una hora en el futuro, como mucho dentro de un año.",
            "Choose a time in the future, at most a year ahead.",
        ),
        P::MissingTime => ("Elige la fecha y la hora.", "Choose the date and time."),
        P::Scheduled => ("Cambio programado.", "Change scheduled."),
        P::SchedulesCaption => ("Cambios programados", "Scheduled changes"),
        P::When => ("Cuándo", "When"),
        P::By => ("Por", "By"),
        P::State => ("Estado", "State"),
        P::PendingState => ("Pendiente", "Pending"),
        P::CancelSchedule => ("Cancelar", "Cancel"),
        P::Cancelling => ("Cancelando…", "Cancelling…"),
        P::CancelFailed => (
            "No se pudo cancelar el cambio programado.",
            "Could not cancel the scheduled change.",
        ),
        P::ScheduleCancelled => (
            "Cambio programado cancelado.",
            "Scheduled change cancelled.",
        ),
        P::SchedulesFailed => (
            "No se pudieron cargar los cambios programados.",
            "Could not load the scheduled changes.",
        ),
        P::NoSchedules => ("No hay nada programado.", "Nothing is scheduled."),
        P::Contexts => ("Contextos", "Contexts"),
        P::ContextsHint => (
            "Dónde ofrece el widget este artículo: elige un lugar en el que se ha abierto o escribe uno y pulsa Intro.",
            "Where the widget offers this article: pick a place it has been opened on, or type one and press Enter.",
        ),
        P::ContextSuggestions => (
            "Lugares en los que se ha abierto el widget",
            "Places the widget has been opened on",
        ),
        P::AddContext => ("Añadir contexto", "Add context"),
        P::NoContexts => ("Sin contextos.", "No contexts."),
        P::ContextsFailed => (
            "No se pudieron cargar los lugares vistos; puedes escribir el contexto.",
            "Could not load the places seen; you can still type a context.",
        ),
        P::Sites => ("Sitios", "Sites"),
        P::SitesHint => (
            "Si no marcas ninguno, el artículo se muestra en todos los sitios.",
            "With none checked, the article shows on every site.",
        ),
        P::EverySiteNow => ("Ahora: todos los sitios.", "Now: every site."),
        P::SitesFailed => (
            "No se pudieron cargar los sitios.",
            "Could not load the sites.",
        ),
        P::SitesForbidden => (
            "Solo las personas administradoras ven la lista de sitios; el artículo conserva los suyos.",
            "Only admins can list the sites; the article keeps its own.",
        ),
        P::Owner => ("Responsable", "Owner"),
        P::OwnerHint => (
            "El correo de quien mantiene el artículo al día.",
            "The e-mail of the staff member who keeps it accurate.",
        ),
        P::OwnerMe => ("Yo", "Me"),
        P::OwnerMeLabel => (
            "Yo: poner mi correo como responsable",
            "Me: make me the owner",
        ),
        P::ReviewInterval => ("Revisar cada", "Review every"),
        P::ReviewNone => ("Sin revisiones periódicas", "No review cycle"),
        P::ReviewCustom => ("Otro número de días", "Another number of days"),
        P::ReviewDays => ("Días entre revisiones", "Days between reviews"),
        P::ReviewInvalid => (
            "El intervalo de revisión debe ser de 1 a 3650 días.",
            "The review interval must be 1 to 3650 days.",
        ),
        P::PlanSaved => (
            "Responsable e intervalo de revisión guardados.",
            "Owner and review interval saved.",
        ),
        P::TranslationOf => ("Traducción de", "Translation of"),
        P::SeedFailed => (
            "No se pudo cargar el artículo que se traduce.",
            "Could not load the article being translated.",
        ),
        P::ViewInHelpCentre => ("Ver en el centro de ayuda", "View in the help centre"),
        P::NewTab => ("(se abre en otra pestaña)", "(opens in a new tab)"),
        P::SideBySideLink => ("Ver junto a su traducción", "Side by side"),
        P::Tag => ("Etiqueta", "Tag"),
        P::Site => ("Sitio", "Site"),
        P::AllSites => ("Todos los sitios", "All sites"),
        P::OwnerFilter => ("Responsable (correo)", "Owner (e-mail)"),
        P::Mine => ("Míos", "Mine"),
        P::ReviewDue => ("Revisión pendiente", "Due for review"),
        P::TranslationMissing => (
            "Traducción que falta o está desfasada",
            "Missing or out-of-date translation",
        ),
        P::Nobody => ("Nadie", "Nobody"),
        P::NoVotes => ("Sin votos", "No votes"),
        P::HelpfulColumn => ("Votos útiles", "Helpful votes"),
        P::SelectAll => (
            "Seleccionar todos los de esta página",
            "Select all on this page",
        ),
        P::BulkPublish => ("Publicar", "Publish"),
        P::BulkUnpublish => ("Retirar", "Unpublish"),
        P::BulkArchive => ("Archivar", "Archive"),
        P::BulkTag => ("Etiqueta para añadir o quitar", "Tag to add or remove"),
        P::BulkAddTag => ("Añadir etiqueta", "Add tag"),
        P::BulkRemoveTag => ("Quitar etiqueta", "Remove tag"),
        P::BulkWorking => ("Aplicando…", "Working…"),
        P::ConfirmBulkYes => ("Sí, retirarlos", "Yes, unpublish them"),
        P::ConfirmBulkArchiveYes => ("Sí, archivarlos", "Yes, archive them"),
        P::BulkNoTag => ("Escribe primero la etiqueta.", "Type the tag first."),
        P::NothingSelected => (
            "Selecciona primero algún artículo.",
            "Select some articles first.",
        ),
        P::TooManySelected => (
            "Como mucho 100 artículos a la vez.",
            "At most 100 articles at a time.",
        ),
    }
}

/// The cancel button's name: "Cancel: Unpublish, Dec 7, 2026, 10:00".
pub fn cancel_schedule_label(locale: Locale, action: &str, when: &str) -> String {
    match locale {
        Locale::Es => format!("Cancelar: {action}, {when}"),
        Locale::En => format!("Cancel: {action}, {when}"),
    }
}

/// The remove button of a context chip: "Remove context /invoices/*".
pub fn remove_context_label(locale: Locale, context: &str) -> String {
    match locale {
        Locale::Es => format!("Quitar el contexto {context}"),
        Locale::En => format!("Remove context {context}"),
    }
}

/// How often the widget was opened on a place: "seen 12 times".
pub fn context_hits(locale: Locale, hits: i64) -> String {
    match (locale, hits) {
        (Locale::Es, 1) => "visto 1 vez".to_owned(),
        (Locale::Es, n) => format!("visto {n} veces"),
        (Locale::En, 1) => "seen once".to_owned(),
        (Locale::En, n) => format!("seen {n} times"),
    }
}

/// A review interval in the select: "Every 90 days".
pub fn review_every(locale: Locale, days: i64) -> String {
    match locale {
        Locale::Es => format!("Cada {days} días"),
        Locale::En => format!("Every {days} days"),
    }
}

/// "Next review due Dec 7, 2026".
pub fn review_due(locale: Locale, date: &str) -> String {
    match locale {
        Locale::Es => format!("Próxima revisión: {date}"),
        Locale::En => format!("Next review due {date}"),
    }
}

/// "Also editing now: ana@example.com, bea@example.com".
pub fn editing_others(locale: Locale, others: &[String]) -> String {
    let names = others.join(", ");
    match locale {
        Locale::Es => format!("También lo están editando: {names}"),
        Locale::En => format!("Also editing now: {names}"),
    }
}

/// "12 of 15 helpful" (the votes column; `None` without votes).
pub fn helpful_votes(locale: Locale, helpful: i64, not_helpful: i64) -> Option<String> {
    let total = helpful.saturating_add(not_helpful);
    (total > 0).then(|| match locale {
        Locale::Es => format!("{helpful} de {total} útiles"),
        Locale::En => format!("{helpful} of {total} helpful"),
    })
}

/// The bulk bar's label: "3 selected" / "No articles selected".
pub fn selected_count(locale: Locale, count: usize) -> String {
    match (locale, count) {
        (Locale::Es, 0) => "Ningún artículo seleccionado".to_owned(),
        (Locale::Es, 1) => "1 seleccionado".to_owned(),
        (Locale::Es, n) => format!("{n} seleccionados"),
        (Locale::En, 0) => "No articles selected".to_owned(),
        (Locale::En, n) => format!("{n} selected"),
    }
}

/// The question before a bulk unpublish.
pub fn confirm_bulk_unpublish(locale: Locale, count: usize) -> String {
    match (locale, count) {
        (Locale::Es, 1) => "1 artículo desaparecerá del widget. ¿Retirarlo?".to_owned(),
        (Locale::Es, n) => format!("{n} artículos desaparecerán del widget. ¿Retirarlos?"),
        (Locale::En, 1) => "1 article will disappear from the widget. Unpublish it?".to_owned(),
        (Locale::En, n) => format!("{n} articles will disappear from the widget. Unpublish them?"),
    }
}

/// The question before a bulk archive.
pub fn confirm_bulk_archive(locale: Locale, count: usize) -> String {
    match (locale, count) {
        (Locale::Es, 1) => {
            "1 artículo se archivará y desaparecerá del widget. ¿Archivarlo?".to_owned()
        }
        (Locale::Es, n) => {
            format!("{n} artículos se archivarán y desaparecerán del widget. ¿Archivarlos?")
        }
        (Locale::En, 1) => {
            "1 article will be archived and disappear from the widget. Archive it?".to_owned()
        }
        (Locale::En, n) => {
            format!("{n} articles will be archived and disappear from the widget. Archive them?")
        }
    }
}

/// A bulk action, as the status line names what it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkVerb<'a> {
    Publish,
    Unpublish,
    Archive,
    AddTag(&'a str),
    RemoveTag(&'a str),
}

/// "Published 5 articles", "Added the tag “vat” to 1 article"…
pub fn bulk_done(locale: Locale, verb: BulkVerb<'_>, count: usize) -> String {
    let articles = match (locale, count) {
        (Locale::Es, 1) => "1 artículo".to_owned(),
        (Locale::Es, n) => format!("{n} artículos"),
        (Locale::En, 1) => "1 article".to_owned(),
        (Locale::En, n) => format!("{n} articles"),
    };
    match (locale, verb) {
        (Locale::Es, BulkVerb::Publish) => format!("Publicados: {articles}"),
        (Locale::Es, BulkVerb::Unpublish) => format!("Retirados: {articles}"),
        (Locale::Es, BulkVerb::Archive) => format!("Archivados: {articles}"),
        (Locale::Es, BulkVerb::AddTag(tag)) => format!("Etiqueta «{tag}» añadida a {articles}"),
        (Locale::Es, BulkVerb::RemoveTag(tag)) => {
            format!("Etiqueta «{tag}» quitada de {articles}")
        }
        (Locale::En, BulkVerb::Publish) => format!("Published {articles}"),
        (Locale::En, BulkVerb::Unpublish) => format!("Unpublished {articles}"),
        (Locale::En, BulkVerb::Archive) => format!("Archived {articles}"),
        (Locale::En, BulkVerb::AddTag(tag)) => format!("Added the tag “{tag}” to {articles}"),
        (Locale::En, BulkVerb::RemoveTag(tag)) => {
            format!("Removed the tag “{tag}” from {articles}")
        }
    }
}

/// "3 done, 2 refused: Title: reason; Title: reason." (`refused` as (title, reason) pairs).
pub fn bulk_partial(locale: Locale, done: usize, refused: &[(String, String)]) -> String {
    let details = refused
        .iter()
        .map(|(title, reason)| {
            if reason.is_empty() {
                title.clone()
            } else {
                format!("{title}: {reason}")
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let count = refused.len();
    match locale {
        Locale::Es => format!(
            "{done} {}, {count} {}: {details}.",
            if done == 1 { "hecho" } else { "hechos" },
            if count == 1 {
                "rechazado"
            } else {
                "rechazados"
            },
        ),
        Locale::En => format!("{done} done, {count} refused: {details}."),
    }
}

/// What failed when a whole bulk request did: "Could not publish the articles."
pub fn bulk_failed(locale: Locale, verb: BulkVerb<'_>) -> &'static str {
    match (locale, verb) {
        (Locale::Es, BulkVerb::Publish) => "No se pudieron publicar los artículos.",
        (Locale::Es, BulkVerb::Unpublish) => "No se pudieron retirar los artículos.",
        (Locale::Es, BulkVerb::Archive) => "No se pudieron archivar los artículos.",
        (Locale::Es, BulkVerb::AddTag(_)) => "No se pudo añadir la etiqueta.",
        (Locale::Es, BulkVerb::RemoveTag(_)) => "No se pudo quitar la etiqueta.",
        (Locale::En, BulkVerb::Publish) => "Could not publish the articles.",
        (Locale::En, BulkVerb::Unpublish) => "Could not unpublish the articles.",
        (Locale::En, BulkVerb::Archive) => "Could not archive the articles.",
        (Locale::En, BulkVerb::AddTag(_)) => "Could not add the tag.",
        (Locale::En, BulkVerb::RemoveTag(_)) => "Could not remove the tag.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in PublishingText::ALL {
            let (es, en) = pair(text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        let unique: std::collections::HashSet<_> = PublishingText::ALL.iter().collect();
        assert_eq!(unique.len(), PublishingText::ALL.len());
    }

    #[test]
    fn formatted_strings() {
        assert_eq!(
            cancel_schedule_label(Locale::En, "Unpublish", "Dec 7, 2026, 10:00"),
            "Cancel: Unpublish, Dec 7, 2026, 10:00"
        );
        assert_eq!(context_hits(Locale::En, 12), "seen 12 times");
        assert_eq!(context_hits(Locale::Es, 1), "visto 1 vez");
        assert_eq!(
            remove_context_label(Locale::En, "/invoices/*"),
            "Remove context /invoices/*"
        );
        assert_eq!(review_every(Locale::Es, 90), "Cada 90 días");
        assert_eq!(
            review_due(Locale::En, "Dec 7, 2026"),
            "Next review due Dec 7, 2026"
        );
        let others = ["a@x".to_owned(), "b@y".to_owned()];
        assert_eq!(
            editing_others(Locale::En, &others),
            "Also editing now: a@x, b@y"
        );
    }

    #[test]
    fn the_list_strings() {
        assert_eq!(
            helpful_votes(Locale::En, 12, 3).as_deref(),
            Some("12 of 15 helpful")
        );
        assert_eq!(
            helpful_votes(Locale::Es, 0, 2).as_deref(),
            Some("0 de 2 útiles")
        );
        assert_eq!(helpful_votes(Locale::En, 0, 0), None);
        assert_eq!(selected_count(Locale::En, 0), "No articles selected");
        assert_eq!(selected_count(Locale::En, 3), "3 selected");
        assert_eq!(selected_count(Locale::Es, 1), "1 seleccionado");
        assert_eq!(
            confirm_bulk_unpublish(Locale::En, 4),
            "4 articles will disappear from the widget. Unpublish them?"
        );
        assert_eq!(
            confirm_bulk_archive(Locale::En, 3),
            "3 articles will be archived and disappear from the widget. Archive them?"
        );
        assert_eq!(
            confirm_bulk_archive(Locale::Es, 1),
            "1 artículo se archivará y desaparecerá del widget. ¿Archivarlo?"
        );
        assert_eq!(
            bulk_done(Locale::En, BulkVerb::Archive, 2),
            "Archived 2 articles"
        );
        assert_eq!(
            bulk_failed(Locale::Es, BulkVerb::Archive),
            "No se pudieron archivar los artículos."
        );
        assert_eq!(
            bulk_done(Locale::En, BulkVerb::Publish, 5),
            "Published 5 articles"
        );
        assert_eq!(
            bulk_done(Locale::En, BulkVerb::AddTag("vat"), 1),
            "Added the tag “vat” to 1 article"
        );
        assert_eq!(
            bulk_done(Locale::Es, BulkVerb::Unpublish, 2),
            "Retirados: 2 artículos"
        );
        let refused = [
            (
                "Cambiar el IVA".to_owned(),
                "article is archived".to_owned(),
            ),
            ("#9".to_owned(), String::new()),
        ];
        assert_eq!(
            bulk_partial(Locale::En, 3, &refused),
            "3 done, 2 refused: Cambiar el IVA: article is archived; #9."
        );
        assert_eq!(
            bulk_partial(Locale::Es, 1, &refused[..1]),
            "1 hecho, 1 rechazado: Cambiar el IVA: article is archived."
        );
        assert_eq!(
            bulk_failed(Locale::En, BulkVerb::RemoveTag("x")),
            "Could not remove the tag."
        );
    }
}
