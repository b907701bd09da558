//! HTTP behaviour of the real server, booted on a random port with a temporary database and
//! index. One test binary (modules below) keeps link time down.

// Tests unwrap freely: a panic is the failure report.
#![allow(clippy::unwrap_used)]

mod article_list;
mod articles;
mod auth;
mod backups;
mod cli;
mod console_bundles;
mod corpus;
mod desk;
mod helpers;
mod import;
mod macro_files;
mod metrics;
mod passkeys;
mod roles;
mod search;
mod second_factor;
mod session;
mod users;
mod widget;
mod workspace;
