//! Request levels (how urgent a request is) and support tiers (who handles it).
//!
//! The words themselves ([`Level`], [`Impact`], [`Tier`]) are `ayuda_api`'s vocabulary; the
//! contact form asks about the *impact* and [`Impact::level`] derives the level ("when
//! everything is urgent, nothing is urgent"). Here: how a ticket climbs the tiers.

pub use ayuda_api::{Impact, Level, Tier};

use crate::error::{Error, Result};

/// Escalation: one tier at a time, up to the third line.
pub trait Escalate: Sized {
    /// The next tier up, or [`Error::TopTier`] at the third line.
    fn escalate(self) -> Result<Self>;
}

impl Escalate for Tier {
    fn escalate(self) -> Result<Tier> {
        match self {
            Tier::SelfService => Ok(Tier::FirstLine),
            Tier::FirstLine => Ok(Tier::SecondLine),
            Tier::SecondLine => Ok(Tier::ThirdLine),
            Tier::ThirdLine => Err(Error::TopTier(self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_derives_level() {
        assert_eq!(Impact::Blocked.level(), Level::L3);
        assert_eq!(Impact::Degraded.level(), Level::L2);
        assert_eq!(Impact::Question.level(), Level::L1);
    }

    #[test]
    fn levels_are_ordered_by_urgency() {
        assert!(Level::L1 < Level::L2 && Level::L2 < Level::L3);
    }

    #[test]
    fn tiers_escalate_one_step_until_the_third_line() {
        assert_eq!(Tier::SelfService.escalate(), Ok(Tier::FirstLine));
        assert_eq!(Tier::FirstLine.escalate(), Ok(Tier::SecondLine));
        assert_eq!(Tier::SecondLine.escalate(), Ok(Tier::ThirdLine));
        assert_eq!(
            Tier::ThirdLine.escalate(),
            Err(Error::TopTier(Tier::ThirdLine))
        );
    }

    #[test]
    fn serde_uses_snake_case() -> serde_json::Result<()> {
        assert_eq!(serde_json::to_string(&Level::L3)?, "\"l3\"");
        assert_eq!(serde_json::to_string(&Impact::Degraded)?, "\"degraded\"");
        assert_eq!(
            serde_json::from_str::<Tier>("\"second_line\"")?,
            Tier::SecondLine
        );
        Ok(())
    }
}
