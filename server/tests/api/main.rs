//! HTTP behaviour of the real server, booted on a random port with a temporary database and
//! index. One test binary (modules below) keeps link time down.

mod articles;
mod auth;
mod cli;
mod corpus;
mod helpers;
mod import;
mod search;
