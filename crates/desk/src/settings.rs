//! Each site's support settings: business hours, SLA targets, the contact form's categories
//! and the automatic first reply. Kept by the store as one document per site; the server
//! checks what an admin sends before saving it.

use ayuda_api::Category;
use jiff::civil::Time;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::hours::{BusinessHours, BusinessHoursConfig};
use crate::sla::SlaPolicy;

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

/// A site's support settings (`GET/PUT /api/v1/desk/settings/{site}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SupportSettings {
    pub hours: BusinessHoursConfig,
    pub sla: SlaPolicy,
    pub categories: Vec<Category>,
    pub auto_reply: AutoReply,
}

fn time(h: i8) -> Time {
    Time::constant(h, 0, 0, 0)
}

impl Default for SupportSettings {
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
        SupportSettings {
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

impl SupportSettings {
    /// The schedule, checked.
    pub fn business_hours(&self) -> Result<BusinessHours> {
        BusinessHours::new(self.hours.clone())
    }
}
