//! Request levels (how urgent a request is) and support tiers (who handles it).
//!
//! The level is never chosen freely by the user: the contact form asks about the *impact* and
//! [`Impact::level`] derives it ("when everything is urgent, nothing is urgent").

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How urgent a request is. Ordered: `L1 < L2 < L3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A one-off question or small issue, quickly solved.
    L1,
    /// A recurring problem that blocks use of the software, with a workaround.
    L2,
    /// Urgent and complex: the user cannot work; needs immediate mitigation.
    L3,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [Level::L1, Level::L2, Level::L3];
}

/// The answer to the contact form's impact question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// "I can't work at all."
    CantWork,
    /// "Something is broken but I can work around it."
    BrokenWithWorkaround,
    /// "A question or a small issue."
    Question,
}

impl Impact {
    /// The request level this impact implies.
    pub fn level(self) -> Level {
        match self {
            Impact::CantWork => Level::L3,
            Impact::BrokenWithWorkaround => Level::L2,
            Impact::Question => Level::L1,
        }
    }
}

/// Who handles a request. Tickets start at [`Tier::FirstLine`] (self-service never holds a
/// ticket, it only deflects them) and escalate one tier at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Knowledge base and FAQ.
    SelfService,
    /// First line: most requests end here.
    FirstLine,
    /// Second line: complex cases, deep product knowledge.
    SecondLine,
    /// Third line: custom work, R&D.
    ThirdLine,
}

impl Tier {
    /// The next tier up, or [`Error::TopTier`] at the third line.
    pub fn escalate(self) -> Result<Tier> {
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
        assert_eq!(Impact::CantWork.level(), Level::L3);
        assert_eq!(Impact::BrokenWithWorkaround.level(), Level::L2);
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
        assert_eq!(
            serde_json::to_string(&Impact::BrokenWithWorkaround)?,
            "\"broken_with_workaround\""
        );
        assert_eq!(
            serde_json::from_str::<Tier>("\"second_line\"")?,
            Tier::SecondLine
        );
        Ok(())
    }
}
