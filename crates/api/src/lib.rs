//! Wire types of the Ayuda HTTP API, shared by the widget (wasm32) and the server.
//!
//! Only serde types live here: no HTTP framework, no database, no search engine. The server
//! converts its rows and index documents into these types by hand at the edge, so the JSON
//! contract in `DESIGN.md` is written down in exactly one place.

pub mod articles;
pub mod auth;
pub mod desk;
pub mod error;
pub mod search;
pub mod sites;
pub mod staff;
pub mod vocab;

pub use articles::*;
pub use auth::*;
pub use desk::*;
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use search::*;
pub use sites::*;
pub use staff::*;
pub use vocab::{
    Author, Impact, Level, Rating, SlaState, Status, StreamEvent, Tier, Typing, UnknownWord, Word,
    attachment_limits,
};
