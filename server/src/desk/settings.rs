//! Each site's support settings (hours, SLA targets, contact-form categories, automatic first
//! reply) and the installation's routing rules, stored as JSON documents in `desk_config`.

use ayuda_api::Category;
use ayuda_desk::{BusinessHours, BusinessHoursConfig, Rule, SlaPolicy};
use jiff::civil::Time;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The automatic first reply's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AutoReply {
    pub enabled: bool,
    /// Share of the subject's significant words an article must match (0–1) to be suggested.
    pub min_confidence: f32,
    /// At most this many articles.
    pub max_articles: usize,
}

impl Default for AutoReply {
    fn default() -> Self {
        AutoReply {
            enabled: true,
            min_confidence: 0.6,
            max_articles: 3,
        }
    }
}

/// `GET/PUT /api/v1/desk/settings/{site}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeskSettings {
    pub hours: BusinessHoursConfig,
    pub sla: SlaPolicy,
    pub categories: Vec<Category>,
    pub auto_reply: AutoReply,
}

fn time(h: i8) -> Time {
    Time::constant(h, 0, 0, 0)
}

impl Default for DeskSettings {
    /// Monday to Friday 09:00–18:00 UTC, the default SLA policy, four common categories.
    fn default() -> Self {
        let day = vec![(time(9), time(18))];
        let category = |key: &str, es: &str, en: &str| Category {
            key: key.to_owned(),
            labels: [
                ("es".to_owned(), es.to_owned()),
                ("en".to_owned(), en.to_owned()),
            ]
            .into_iter()
            .collect(),
        };
        DeskSettings {
            hours: BusinessHoursConfig {
                time_zone: "UTC".to_owned(),
                weekly: [
                    day.clone(),
                    day.clone(),
                    day.clone(),
                    day.clone(),
                    day,
                    Vec::new(),
                    Vec::new(),
                ],
                holidays: Vec::new(),
            },
            sla: SlaPolicy::default(),
            categories: vec![
                category("billing", "Facturación y pagos", "Billing and payments"),
                category("technical", "Problema técnico", "Technical problem"),
                category("account", "Cuenta y acceso", "Account and access"),
                category("other", "Otra consulta", "Something else"),
            ],
            auto_reply: AutoReply::default(),
        }
    }
}

impl DeskSettings {
    /// The validated schedule.
    pub fn business_hours(&self) -> AppResult<BusinessHours> {
        BusinessHours::new(self.hours.clone()).map_err(|e| AppError::invalid(e.to_string()))
    }

    /// Checks everything an admin can get wrong.
    pub fn validate(&self) -> AppResult<()> {
        self.business_hours()?;
        for targets in [self.sla.first_response, self.sla.resolution] {
            for minutes in [targets.l1, targets.l2, targets.l3] {
                if minutes == 0 || minutes > 60 * 24 * 365 {
                    return Err(AppError::invalid(
                        "SLA targets must be between 1 minute and one year",
                    ));
                }
            }
        }
        if self.categories.len() > 50 {
            return Err(AppError::invalid("at most 50 categories"));
        }
        let mut keys = std::collections::HashSet::new();
        for category in &self.categories {
            super::input::validate_key(&category.key, "category key")?;
            if !keys.insert(category.key.as_str()) {
                return Err(AppError::invalid(format!(
                    "duplicate category {:?}",
                    category.key
                )));
            }
            if category.labels.len() > 10
                || category
                    .labels
                    .iter()
                    .any(|(l, t)| l.len() > 10 || t.trim().is_empty() || t.chars().count() > 100)
            {
                return Err(AppError::invalid(
                    "category labels: up to 10 locales, 1–100 characters each",
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.auto_reply.min_confidence)
            || self.auto_reply.max_articles > 10
        {
            return Err(AppError::invalid(
                "auto_reply: min_confidence in 0–1, max_articles at most 10",
            ));
        }
        Ok(())
    }
}

fn site_key(site: &str) -> String {
    format!("site:{site}")
}

/// The stored settings of `site`, or the defaults.
pub async fn load(state: &AppState, site: &str) -> AppResult<DeskSettings> {
    match state.store.desk_config(&site_key(site)).await? {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| AppError::Internal(format!("stored desk settings of {site}: {e}"))),
        None => Ok(DeskSettings::default()),
    }
}

pub async fn save(state: &AppState, site: &str, settings: &DeskSettings) -> AppResult<()> {
    settings.validate()?;
    let text = serde_json::to_string(settings)
        .map_err(|e| AppError::Internal(format!("serialising settings: {e}")))?;
    state.store.put_desk_config(&site_key(site), &text).await?;
    Ok(())
}

/// The routing rules, first match wins.
pub async fn routing_rules(state: &AppState) -> AppResult<Vec<Rule>> {
    match state.store.desk_config("routing").await? {
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| AppError::Internal(format!("stored routing rules: {e}"))),
        None => Ok(Vec::new()),
    }
}

pub async fn save_routing_rules(state: &AppState, rules: &[Rule]) -> AppResult<()> {
    if rules.len() > 200 {
        return Err(AppError::invalid("at most 200 routing rules"));
    }
    let text = serde_json::to_string(rules)
        .map_err(|e| AppError::Internal(format!("serialising rules: {e}")))?;
    state.store.put_desk_config("routing", &text).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let settings = DeskSettings::default();
        settings.validate().unwrap();
        let text = serde_json::to_string(&settings).unwrap();
        assert_eq!(
            serde_json::from_str::<DeskSettings>(&text).unwrap(),
            settings
        );
    }

    #[test]
    fn bad_settings_are_refused() {
        let mut bad_zone = DeskSettings::default();
        bad_zone.hours.time_zone = "Mars/Olympus".into();
        assert!(bad_zone.validate().is_err());
        let mut zero = DeskSettings::default();
        zero.sla.first_response.l3 = 0;
        assert!(zero.validate().is_err());
        let mut dup = DeskSettings::default();
        dup.categories.push(dup.categories[0].clone());
        assert!(dup.validate().is_err());
        let mut hostile = DeskSettings::default();
        hostile.categories[0].key = "<script>".into();
        assert!(hostile.validate().is_err());
    }
}
