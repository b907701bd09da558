//! What the benchmark binaries share: how people mistype and half-type what they search for.

pub mod fts5;
pub mod typing;
