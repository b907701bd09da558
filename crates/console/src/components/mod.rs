//! The console's screens. Every component reads the [`Console`](crate::state::Console) from
//! the context. Ids are stable for the browser tests (listed in `crates/console/README.md`).

mod account;
mod app;
mod articles;
mod audit;
mod common;
mod confirm;
mod dashboard;
mod desk;
mod diff_view;
mod editor;
mod enrolment;
mod gaps;
mod leave;
mod load;
mod member;
mod overview;
mod pages;
mod passkey_sign_in;
mod passkeys;
mod reviews;
mod security_policy;
mod settings;
mod shell;
mod side_by_side;
mod sign_in;
mod staff;
mod translations;
mod two_factor;
mod users;
mod versions;

pub use app::App;
