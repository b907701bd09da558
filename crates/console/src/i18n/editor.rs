//! The strings of the article editor and the versions screen, in Spanish and English: one
//! [`pair`] for the fixed ones (reached through `Text::Editor`), functions for those with
//! numbers or names in them.

use super::locale::Locale;

/// A string of the editors' screens. Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EditorText {
    NewArticle,
    EditArticle,
    ArticleViews,
    EditTab,
    VersionsTab,
    Slug,
    SlugHint,
    ArticleLanguage,
    Tags,
    TagsHint,
    Markdown,
    Preview,
    PreviewUpdating,
    PreviewFailed,
    PreviewEmpty,
    Formatting,
    ToolHeading,
    ToolBold,
    ToolItalic,
    ToolLink,
    ToolBullets,
    ToolNumbers,
    ToolCode,
    ToolTable,
    ToolCallout,
    CalloutWord,
    TableColumn,
    TableCell,
    LinkText,
    SaveDraft,
    Saving,
    Publish,
    Publishing,
    Unpublish,
    Unpublishing,
    Archive,
    Archiving,
    ConfirmArchive,
    ConfirmArchiveYes,
    Archived,
    ArchiveFailed,
    Delete,
    Deleting,
    ConfirmDelete,
    ConfirmDeleteYes,
    Unpublished,
    UnsavedChanges,
    SaveFailed,
    PublishFailed,
    UnpublishFailed,
    DeleteFailed,
    LoadFailed,
    ArticleGone,
    SlugTaken,
    InputRefused,
    BackToArticles,
    ConflictTitle,
    ConflictHint,
    KeepMine,
    TakeTheirs,
    ConfirmTakeTheirsYes,
    ConflictDiff,
    NewerVersionFailed,
    DraftFound,
    Discard,
    DraftRestored,
    LeaveQuestion,
    LeaveHint,
    Stay,
    Leave,
    ArticleDeleted,
    Versions,
    VersionsCaption,
    VersionNumber,
    Author,
    SavedAt,
    Actions,
    CurrentVersion,
    LiveVersion,
    RestoreThis,
    ConfirmRestoreYes,
    Restoring,
    RestoreFailed,
    VersionsFailed,
    NoVersions,
    Compare,
    DiffFrom,
    DiffTo,
    Differences,
    NoDifferences,
    DiffTooLarge,
    AddedLine,
    RemovedLine,
    UnknownAuthor,
}

impl EditorText {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [EditorText; 94] = [
        EditorText::NewArticle,
        EditorText::EditArticle,
        EditorText::ArticleViews,
        EditorText::EditTab,
        EditorText::VersionsTab,
        EditorText::Slug,
        EditorText::SlugHint,
        EditorText::ArticleLanguage,
        EditorText::Tags,
        EditorText::TagsHint,
        EditorText::Markdown,
        EditorText::Preview,
        EditorText::PreviewUpdating,
        EditorText::PreviewFailed,
        EditorText::PreviewEmpty,
        EditorText::Formatting,
        EditorText::ToolHeading,
        EditorText::ToolBold,
        EditorText::ToolItalic,
        EditorText::ToolLink,
        EditorText::ToolBullets,
        EditorText::ToolNumbers,
        EditorText::ToolCode,
        EditorText::ToolTable,
        EditorText::ToolCallout,
        EditorText::CalloutWord,
        EditorText::TableColumn,
        EditorText::TableCell,
        EditorText::LinkText,
        EditorText::SaveDraft,
        EditorText::Saving,
        EditorText::Publish,
        EditorText::Publishing,
        EditorText::Unpublish,
        EditorText::Unpublishing,
        EditorText::Archive,
        EditorText::Archiving,
        EditorText::ConfirmArchive,
        EditorText::ConfirmArchiveYes,
        EditorText::Archived,
        EditorText::ArchiveFailed,
        EditorText::Delete,
        EditorText::Deleting,
        EditorText::ConfirmDelete,
        EditorText::ConfirmDeleteYes,
        EditorText::Unpublished,
        EditorText::UnsavedChanges,
        EditorText::SaveFailed,
        EditorText::PublishFailed,
        EditorText::UnpublishFailed,
        EditorText::DeleteFailed,
        EditorText::LoadFailed,
        EditorText::ArticleGone,
        EditorText::SlugTaken,
        EditorText::InputRefused,
        EditorText::BackToArticles,
        EditorText::ConflictTitle,
        EditorText::ConflictHint,
        EditorText::KeepMine,
        EditorText::TakeTheirs,
        EditorText::ConfirmTakeTheirsYes,
        EditorText::ConflictDiff,
        EditorText::NewerVersionFailed,
        EditorText::DraftFound,
        EditorText::Discard,
        EditorText::DraftRestored,
        EditorText::LeaveQuestion,
        EditorText::LeaveHint,
        EditorText::Stay,
        EditorText::Leave,
        EditorText::ArticleDeleted,
        EditorText::Versions,
        EditorText::VersionsCaption,
        EditorText::VersionNumber,
        EditorText::Author,
        EditorText::SavedAt,
        EditorText::Actions,
        EditorText::CurrentVersion,
        EditorText::LiveVersion,
        EditorText::RestoreThis,
        EditorText::ConfirmRestoreYes,
        EditorText::Restoring,
        EditorText::RestoreFailed,
        EditorText::VersionsFailed,
        EditorText::NoVersions,
        EditorText::Compare,
        EditorText::DiffFrom,
        EditorText::DiffTo,
        EditorText::Differences,
        EditorText::NoDifferences,
        EditorText::DiffTooLarge,
        EditorText::AddedLine,
        EditorText::RemovedLine,
        EditorText::UnknownAuthor,
    ];
}

/// Both translations of `text`: (Spanish, English).
pub fn pair(text: EditorText) -> (&'static str, &'static str) {
    use EditorText as E;
    match text {
        E::NewArticle => ("Nuevo artículo", "New article"),
        E::EditArticle => ("Editar artículo", "Edit article"),
        E::ArticleViews => ("Vistas del artículo", "Article views"),
        E::EditTab => ("Editar", "Edit"),
        E::VersionsTab => ("Versiones", "Versions"),
        E::Slug => ("Dirección (slug)", "Slug"),
        E::SlugHint => (
            "Opcional: si la dejas vacía, se crea a partir del título.",
            "Optional: left empty, it is made from the title.",
        ),
        E::ArticleLanguage => ("Idioma del artículo", "Article language"),
        E::Tags => ("Etiquetas", "Tags"),
        E::TagsHint => ("Separadas por comas.", "Separated by commas."),
        E::Markdown => ("Texto (Markdown)", "Text (Markdown)"),
        E::Preview => ("Vista previa", "Preview"),
        E::PreviewUpdating => ("Actualizando la vista previa…", "Updating the preview…"),
        E::PreviewFailed => (
            "No se pudo actualizar la vista previa.",
            "Could not update the preview.",
        ),
        E::PreviewEmpty => (
            "Aquí verás el artículo tal como lo leerán.",
            "The article appears here as readers will see it.",
        ),
        E::Formatting => ("Formato", "Formatting"),
        E::ToolHeading => ("Encabezado", "Heading"),
        E::ToolBold => ("Negrita", "Bold"),
        E::ToolItalic => ("Cursiva", "Italic"),
        E::ToolLink => ("Enlace", "Link"),
        E::ToolBullets => ("Lista con viñetas", "Bulleted list"),
        E::ToolNumbers => ("Lista numerada", "Numbered list"),
        E::ToolCode => ("Código", "Code"),
        E::ToolTable => ("Tabla", "Table"),
        E::ToolCallout => ("Nota destacada", "Callout"),
        E::CalloutWord => ("Nota", "Note"),
        E::TableColumn => ("Columna", "Column"),
        E::TableCell => ("Celda", "Cell"),
        E::LinkText => ("texto del enlace", "link text"),
        E::SaveDraft => ("Guardar borrador", "Save draft"),
        E::Saving => ("Guardando…", "Saving…"),
        E::Publish => ("Publicar", "Publish"),
        E::Publishing => ("Publicando…", "Publishing…"),
        E::Unpublish => ("Retirar publicación", "Unpublish"),
        E::Unpublishing => ("Retirando…", "Unpublishing…"),
        E::Archive => ("Archivar", "Archive"),
        E::Archiving => ("Archivando…", "Archiving…"),
        E::ConfirmArchive => (
            "¿Archivar este artículo? Los lectores dejarán de verlo; podrás volver a publicarlo.",
            "Archive this article? Readers will no longer see it; you can publish it again.",
        ),
        E::ConfirmArchiveYes => ("Sí, archivar", "Yes, archive"),
        E::Archived => (
            "Archivado: ya no lo ven los lectores.",
            "Archived: readers no longer see it.",
        ),
        E::ArchiveFailed => (
            "No se pudo archivar el artículo.",
            "Could not archive the article.",
        ),
        E::Delete => ("Eliminar", "Delete"),
        E::Deleting => ("Eliminando…", "Deleting…"),
        E::ConfirmDelete => (
            "¿Eliminar este artículo con todas sus versiones? No se puede deshacer.",
            "Delete this article and all its versions? This cannot be undone.",
        ),
        E::ConfirmDeleteYes => ("Sí, eliminar", "Yes, delete"),
        E::Unpublished => (
            "Publicación retirada: los lectores ya no ven este artículo.",
            "Unpublished: readers no longer see this article.",
        ),
        E::UnsavedChanges => ("Cambios sin guardar", "Unsaved changes"),
        E::SaveFailed => (
            "No se pudo guardar el artículo.",
            "Could not save the article.",
        ),
        E::PublishFailed => (
            "No se pudo publicar el artículo.",
            "Could not publish the article.",
        ),
        E::UnpublishFailed => (
            "No se pudo retirar la publicación.",
            "Could not unpublish the article.",
        ),
        E::DeleteFailed => (
            "No se pudo eliminar el artículo.",
            "Could not delete the article.",
        ),
        E::LoadFailed => (
            "No se pudo cargar el artículo.",
            "Could not load the article.",
        ),
        E::ArticleGone => (
            "Este artículo no existe (puede que se haya eliminado).",
            "This article does not exist (it may have been deleted).",
        ),
        E::SlugTaken => (
            "Otro artículo de ese idioma ya usa esa dirección.",
            "Another article in that language already uses this slug.",
        ),
        E::InputRefused => (
            "El servidor no aceptó estos datos.",
            "The server did not accept this input.",
        ),
        E::BackToArticles => ("Volver a los artículos", "Back to the articles"),
        E::ConflictTitle => (
            "Otra persona ha guardado una versión más nueva",
            "Someone else saved a newer version",
        ),
        E::ConflictHint => (
            "Tus cambios aún no están guardados. Compáralos con esa versión y elige: guardar los tuyos encima, o quedarte con la suya y descartar los tuyos.",
            "Your changes are not saved yet. Compare them with that version, then keep yours (saved on top of it) or take theirs (yours are discarded).",
        ),
        E::KeepMine => ("Guardar los míos encima", "Keep mine"),
        E::TakeTheirs => ("Quedarme con la suya", "Take theirs"),
        E::ConfirmTakeTheirsYes => ("Sí, descartar los míos", "Yes, discard mine"),
        E::ConflictDiff => (
            "Diferencias entre su versión (−) y tus cambios (+)",
            "Differences between their version (−) and your changes (+)",
        ),
        E::NewerVersionFailed => (
            "No se pudo cargar la versión más nueva para compararla.",
            "Could not load the newer version to compare.",
        ),
        E::DraftFound => (
            "Este navegador guardó cambios sin guardar de este artículo.",
            "This browser kept unsaved changes to this article.",
        ),
        E::Discard => ("Descartar", "Discard"),
        E::DraftRestored => (
            "Cambios restaurados. Aún no están guardados.",
            "Changes restored. They are not saved yet.",
        ),
        E::LeaveQuestion => (
            "Tienes cambios sin guardar. ¿Salir de todos modos?",
            "You have unsaved changes. Leave anyway?",
        ),
        E::LeaveHint => (
            "Este navegador los conserva como borrador y te ofrecerá restaurarlos al volver.",
            "This browser keeps them as a draft and offers to restore them when you come back.",
        ),
        E::Stay => ("Quedarme", "Stay"),
        E::Leave => ("Salir", "Leave"),
        E::ArticleDeleted => ("Artículo eliminado.", "Article deleted."),
        E::Versions => ("Versiones", "Versions"),
        E::VersionsCaption => (
            "Versiones guardadas, la más reciente primero",
            "Saved versions, newest first",
        ),
        E::VersionNumber => ("Versión", "Version"),
        E::Author => ("Autor", "Author"),
        E::SavedAt => ("Guardada", "Saved"),
        E::Actions => ("Acciones", "Actions"),
        E::CurrentVersion => ("Actual", "Current"),
        E::LiveVersion => ("Publicada", "Live"),
        E::RestoreThis => ("Restaurar esta versión", "Restore this version"),
        E::ConfirmRestoreYes => ("Sí, restaurar", "Yes, restore"),
        E::Restoring => ("Restaurando…", "Restoring…"),
        E::RestoreFailed => (
            "No se pudo restaurar la versión.",
            "Could not restore the version.",
        ),
        E::VersionsFailed => (
            "No se pudieron cargar las versiones.",
            "Could not load the versions.",
        ),
        E::NoVersions => ("No hay versiones guardadas.", "No saved versions."),
        E::Compare => ("Comparar versiones", "Compare versions"),
        E::DiffFrom => ("Versión anterior", "Older version"),
        E::DiffTo => ("Versión posterior", "Newer version"),
        E::Differences => ("Diferencias", "Differences"),
        E::NoDifferences => (
            "El texto es igual en las dos versiones.",
            "The text is the same in both versions.",
        ),
        E::DiffTooLarge => (
            "Demasiado largo para compararlo línea a línea: la parte cambiada se muestra entera, quitada y añadida.",
            "Too long to compare line by line: the changed part is shown whole, removed and added.",
        ),
        E::AddedLine => ("Añadida: ", "Added: "),
        E::RemovedLine => ("Quitada: ", "Removed: "),
        E::UnknownAuthor => ("Desconocido", "Unknown"),
    }
}

fn pick(locale: Locale, es: String, en: String) -> String {
    match locale {
        Locale::Es => es,
        Locale::En => en,
    }
}

/// "Version 3".
pub fn version_label(locale: Locale, number: i64) -> String {
    pick(
        locale,
        format!("Versión {number}"),
        format!("Version {number}"),
    )
}

/// "Live: version 2" (readers see an older version than the latest).
pub fn live_version(locale: Locale, number: i64) -> String {
    pick(
        locale,
        format!("Publicada: versión {number}"),
        format!("Live: version {number}"),
    )
}

/// "Saved version 4".
pub fn saved_version(locale: Locale, number: i64) -> String {
    pick(
        locale,
        format!("Versión {number} guardada"),
        format!("Saved version {number}"),
    )
}

/// "Published version 4".
pub fn published_version(locale: Locale, number: i64) -> String {
    pick(
        locale,
        format!("Versión {number} publicada"),
        format!("Published version {number}"),
    )
}

/// "Loaded version 5" (after taking theirs).
pub fn loaded_version(locale: Locale, number: i64) -> String {
    pick(
        locale,
        format!("Cargada la versión {number}"),
        format!("Loaded version {number}"),
    )
}

/// "Restored version 2 as version 6".
pub fn restored_version(locale: Locale, from: i64, to: i64) -> String {
    pick(
        locale,
        format!("Versión {from} restaurada como versión {to}"),
        format!("Restored version {from} as version {to}"),
    )
}

/// The server's own words about a refusal (it speaks English only).
pub fn server_says(locale: Locale, message: &str) -> String {
    pick(
        locale,
        format!("El servidor dice: «{message}»."),
        format!("The server says: “{message}”."),
    )
}

/// "Version 5 was saved by ana@example.com on Dec 7, 2026, 10:00 while you were editing."
pub fn conflict_text(locale: Locale, number: i64, author: Option<&str>, when: &str) -> String {
    match (locale, author) {
        (Locale::Es, Some(author)) => {
            format!("{author} guardó la versión {number} ({when}) mientras editabas.")
        }
        (Locale::Es, None) => format!("Se guardó la versión {number} ({when}) mientras editabas."),
        (Locale::En, Some(author)) => {
            format!("{author} saved version {number} ({when}) while you were editing.")
        }
        (Locale::En, None) => {
            format!("Version {number} was saved ({when}) while you were editing.")
        }
    }
}

/// "Discard your changes and load version 5?"
pub fn confirm_take_theirs(locale: Locale, number: i64) -> String {
    pick(
        locale,
        format!("¿Descartar tus cambios y cargar la versión {number}?"),
        format!("Discard your changes and load version {number}?"),
    )
}

/// "Restore unsaved changes from Dec 7, 2026, 10:00".
pub fn restore_draft(locale: Locale, when: &str) -> String {
    pick(
        locale,
        format!("Restaurar los cambios sin guardar del {when}"),
        format!("Restore unsaved changes from {when}"),
    )
}

/// "Restore version 3? Its content is saved as a new version 7; no version is lost."
pub fn confirm_restore(locale: Locale, number: i64, next: i64) -> String {
    pick(
        locale,
        format!(
            "¿Restaurar la versión {number}? Su contenido se guardará como la versión {next}; no se pierde ninguna versión."
        ),
        format!(
            "Restore version {number}? Its content is saved as a new version {next}; no version is lost."
        ),
    )
}

/// "3 lines added, 1 removed".
pub fn diff_summary(locale: Locale, added: usize, removed: usize) -> String {
    match locale {
        Locale::Es => format!(
            "{added} {} añadida{}, {removed} quitada{}",
            if added == 1 { "línea" } else { "líneas" },
            if added == 1 { "" } else { "s" },
            if removed == 1 { "" } else { "s" },
        ),
        Locale::En => format!(
            "{added} line{} added, {removed} removed",
            if added == 1 { "" } else { "s" },
        ),
    }
}

/// "12 unchanged lines" (folded away in a diff).
pub fn unchanged_lines(locale: Locale, count: usize) -> String {
    match (locale, count) {
        (Locale::Es, 1) => "1 línea sin cambios".to_owned(),
        (Locale::Es, n) => format!("{n} líneas sin cambios"),
        (Locale::En, 1) => "1 unchanged line".to_owned(),
        (Locale::En, n) => format!("{n} unchanged lines"),
    }
}

/// "Title: “Old” → “New”" when two versions' titles differ.
pub fn title_change(locale: Locale, from: &str, to: &str) -> String {
    pick(
        locale,
        format!("Título: «{from}» → «{to}»"),
        format!("Title: “{from}” → “{to}”"),
    )
}

/// A version in the compare selects: "Version 3 — Dec 7, 2026".
pub fn version_option(locale: Locale, number: i64, when: &str) -> String {
    format!("{} — {when}", version_label(locale, number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in EditorText::ALL {
            let (es, en) = pair(text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        let unique: std::collections::HashSet<_> = EditorText::ALL.iter().collect();
        assert_eq!(unique.len(), EditorText::ALL.len());
    }

    #[test]
    fn formatted_strings() {
        assert_eq!(saved_version(Locale::En, 4), "Saved version 4");
        assert_eq!(saved_version(Locale::Es, 4), "Versión 4 guardada");
        assert_eq!(published_version(Locale::En, 2), "Published version 2");
        assert_eq!(
            restored_version(Locale::En, 2, 6),
            "Restored version 2 as version 6"
        );
        assert_eq!(diff_summary(Locale::En, 1, 2), "1 line added, 2 removed");
        assert_eq!(diff_summary(Locale::Es, 1, 1), "1 línea añadida, 1 quitada");
        assert_eq!(
            diff_summary(Locale::Es, 3, 0),
            "3 líneas añadidas, 0 quitadas"
        );
        assert_eq!(unchanged_lines(Locale::En, 1), "1 unchanged line");
        assert_eq!(unchanged_lines(Locale::Es, 12), "12 líneas sin cambios");
        assert_eq!(
            restore_draft(Locale::En, "Dec 7, 2026, 10:00"),
            "Restore unsaved changes from Dec 7, 2026, 10:00"
        );
        assert!(
            conflict_text(Locale::En, 5, Some("ana@example.com"), "today").contains("version 5")
        );
        assert!(!conflict_text(Locale::Es, 5, None, "hoy").contains("None"));
        assert_eq!(
            version_option(Locale::Es, 3, "7 dic 2026"),
            "Versión 3 — 7 dic 2026"
        );
    }
}
