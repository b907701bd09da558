//! The strings of the admins' configuration pages, in Spanish and English: one [`pair`] for the
//! fixed ones (reached through `Text::Settings`), functions for those with numbers or names.

/// A string of the admins' configuration pages. Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SettingsText {
    Settings,
}

/// (Spanish, English).
pub fn pair(text: SettingsText) -> (&'static str, &'static str) {
    match text {
        SettingsText::Settings => ("Configuración", "Settings"),
    }
}
