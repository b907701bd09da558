//! The strings of the editor's images and its schedule, in Spanish and English: one [`pair`]
//! for the fixed ones (reached through `Text::Publishing`), functions for those with names
//! or times in them.

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
}

impl PublishingText {
    /// Every variant, for the test that checks each has two non-empty translations.
    pub const ALL: [PublishingText; 31] = [
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
    }
}

/// The cancel button's name: "Cancel: Unpublish, Dec 7, 2026, 10:00".
pub fn cancel_schedule_label(locale: Locale, action: &str, when: &str) -> String {
    match locale {
        Locale::Es => format!("Cancelar: {action}, {when}"),
        Locale::En => format!("Cancel: {action}, {when}"),
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
    }
}
