//! The admins' configuration pages under `/console/settings/…`.

/// One page of the settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SettingsPage {
    /// `/console/settings` and `/console/settings/sites`: sites, their look, the embed snippet.
    Sites,
    /// `/console/settings/hours`: business hours, holidays, SLA targets, categories per site.
    Hours,
    /// `/console/settings/routing`: routing rules.
    Routing,
    /// `/console/settings/macros`: macros.
    Macros,
    /// `/console/settings/agents`: teams (groups), agents, capacity.
    Agents,
    /// `/console/settings/backups`: backups.
    Backups,
}

impl SettingsPage {
    pub const ALL: [SettingsPage; 6] = [
        SettingsPage::Sites,
        SettingsPage::Hours,
        SettingsPage::Routing,
        SettingsPage::Macros,
        SettingsPage::Agents,
        SettingsPage::Backups,
    ];

    /// The page's path segment.
    pub fn key(self) -> &'static str {
        match self {
            SettingsPage::Sites => "sites",
            SettingsPage::Hours => "hours",
            SettingsPage::Routing => "routing",
            SettingsPage::Macros => "macros",
            SettingsPage::Agents => "agents",
            SettingsPage::Backups => "backups",
        }
    }

    /// The page for a path segment (`None` → the sites).
    pub fn parse(segment: Option<&str>) -> Option<SettingsPage> {
        match segment {
            None | Some("") => Some(SettingsPage::Sites),
            Some(key) => Self::ALL.into_iter().find(|page| page.key() == key),
        }
    }
}
