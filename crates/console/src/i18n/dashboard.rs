//! The strings of the dashboard, in Spanish and English: one [`pair`] for the
//! fixed ones (reached through `Text::Dashboard`), functions for those with numbers or names.

/// A string of the dashboard. Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DashboardText {
    Dashboard,
}

/// (Spanish, English).
pub fn pair(text: DashboardText) -> (&'static str, &'static str) {
    match text {
        DashboardText::Dashboard => ("Panel de métricas", "Dashboard"),
    }
}
