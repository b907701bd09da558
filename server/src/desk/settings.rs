//! Each site's support settings (`ayuda_desk::SupportSettings`: hours, SLA targets,
//! contact-form categories, automatic first reply) and the installation's routing rules:
//! checked here, kept by the store.

use ayuda_desk::{Rule, SupportSettings};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Checks everything an admin can get wrong.
pub fn validate(settings: &SupportSettings) -> AppResult<()> {
    settings.business_hours()?;
    for targets in [settings.sla.first_response, settings.sla.resolution] {
        for minutes in [targets.l1, targets.l2, targets.l3] {
            if minutes == 0 || minutes > 60 * 24 * 365 {
                return Err(AppError::invalid(
                    "SLA targets must be between 1 minute and one year",
                ));
            }
        }
    }
    if settings.categories.len() > 50 {
        return Err(AppError::invalid("at most 50 categories"));
    }
    let mut keys = std::collections::HashSet::new();
    for category in &settings.categories {
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
    if !(0.0..=1.0).contains(&settings.auto_reply.min_confidence)
        || settings.auto_reply.max_articles > 10
    {
        return Err(AppError::invalid(
            "auto_reply: min_confidence in 0–1, max_articles at most 10",
        ));
    }
    Ok(())
}

/// The stored settings of `site`, or the defaults.
pub async fn load(state: &AppState, site: &str) -> AppResult<SupportSettings> {
    Ok(state
        .store
        .support_settings(site)
        .await?
        .unwrap_or_default())
}

pub async fn save(state: &AppState, site: &str, settings: &SupportSettings) -> AppResult<()> {
    validate(settings)?;
    state.store.set_support_settings(site, settings).await?;
    Ok(())
}

/// The routing rules, first match wins.
pub async fn routing_rules(state: &AppState) -> AppResult<Vec<Rule>> {
    Ok(state.store.routing_rules().await?)
}

pub async fn save_routing_rules(state: &AppState, rules: &[Rule]) -> AppResult<()> {
    if rules.len() > 200 {
        return Err(AppError::invalid("at most 200 routing rules"));
    }
    state.store.set_routing_rules(rules).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip() {
        let settings = SupportSettings::default();
        validate(&settings).unwrap();
        let text = serde_json::to_string(&settings).unwrap();
        assert_eq!(
            serde_json::from_str::<SupportSettings>(&text).unwrap(),
            settings
        );
    }

    #[test]
    fn bad_settings_are_refused() {
        let mut bad_zone = SupportSettings::default();
        bad_zone.hours.time_zone = "Mars/Olympus".into();
        assert!(validate(&bad_zone).is_err());
        let mut zero = SupportSettings::default();
        zero.sla.first_response.l3 = 0;
        assert!(validate(&zero).is_err());
        let mut dup = SupportSettings::default();
        dup.categories.push(dup.categories[0].clone());
        assert!(validate(&dup).is_err());
        let mut hostile = SupportSettings::default();
        hostile.categories[0].key = "<script>".into();
        assert!(validate(&hostile).is_err());
    }
}
