//! The console's screens. Every component reads the [`Console`](crate::state::Console) from
//! the context. Ids are stable for the browser tests (listed in `crates/console/README.md`).

mod account;
mod app;
mod articles;
mod common;
mod diff_view;
mod editor;
mod enrolment;
mod leave;
mod shell;
mod sign_in;
mod two_factor;
mod versions;

pub use app::App;
