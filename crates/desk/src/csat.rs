//! Customer satisfaction: one question, asked once, right after a ticket is solved.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::status::Status;

/// The longest comment accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

pub use ayuda_api::Rating;

/// A recorded answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The rating.
    pub rating: Rating,
    /// The optional comment, trimmed; `None` if blank.
    pub comment: Option<String>,
}

/// The survey attached to one solved ticket: unanswered until [`Survey::answer`] succeeds once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    answer: Option<Answer>,
}

impl Survey {
    /// A fresh survey for a ticket in `status`; only solved tickets are surveyed.
    pub fn offer(status: Status) -> Result<Survey> {
        if status == Status::Solved {
            Ok(Survey::default())
        } else {
            Err(Error::SurveyNotOffered)
        }
    }

    /// A survey as stored (for example after loading a ticket).
    pub fn from_answer(answer: Option<Answer>) -> Survey {
        Survey { answer }
    }

    /// The answer, if given.
    pub fn answer_given(&self) -> Option<&Answer> {
        self.answer.as_ref()
    }

    /// Records the answer; a second answer is refused with [`Error::AlreadyAnswered`] and a
    /// comment over [`MAX_COMMENT_CHARS`] with [`Error::CommentTooLong`].
    pub fn answer(&mut self, rating: Rating, comment: Option<&str>) -> Result<&Answer> {
        if self.answer.is_some() {
            return Err(Error::AlreadyAnswered);
        }
        let comment = comment.map(str::trim).filter(|c| !c.is_empty());
        if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS) {
            return Err(Error::CommentTooLong {
                max: MAX_COMMENT_CHARS,
            });
        }
        Ok(self.answer.insert(Answer {
            rating,
            comment: comment.map(str::to_owned),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answered_once_only() -> Result<()> {
        let mut survey = Survey::offer(Status::Solved)?;
        let answer = survey.answer(Rating::Good, Some("  ¡Muy rápido!  "))?;
        assert_eq!(answer.comment.as_deref(), Some("¡Muy rápido!"));
        assert_eq!(
            survey.answer(Rating::Bad, None),
            Err(Error::AlreadyAnswered)
        );
        assert_eq!(survey.answer_given().map(|a| a.rating), Some(Rating::Good));
        Ok(())
    }

    #[test]
    fn only_solved_tickets_are_surveyed() {
        for status in Status::ALL {
            assert_eq!(
                Survey::offer(status).is_ok(),
                status == Status::Solved,
                "{status:?}"
            );
        }
    }

    #[test]
    fn comment_limit_counts_characters() -> Result<()> {
        let mut survey = Survey::offer(Status::Solved)?;
        let long = "é".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(
            survey.answer(Rating::Okay, Some(&long)),
            Err(Error::CommentTooLong {
                max: MAX_COMMENT_CHARS
            })
        );
        // A refused answer does not use up the survey.
        let ok = "é".repeat(MAX_COMMENT_CHARS);
        assert!(survey.answer(Rating::Okay, Some(&ok)).is_ok());
        let mut blank = Survey::offer(Status::Solved)?;
        assert_eq!(blank.answer(Rating::Bad, Some("   "))?.comment, None);
        Ok(())
    }
}
