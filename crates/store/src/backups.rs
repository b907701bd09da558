//! Backups of the database as files in one directory, named by the instant they were started:
//! `ayuda-20261207T203000Z.sqlite` (SQLite, a consistent copy by `VACUUM INTO`) or
//! `ayuda-20261207T203000Z.sql` (PostgreSQL, a `pg_dump` the server runs).
//!
//! A file is written under a temporary name ([`partial_path`]) and renamed when whole, so a
//! backup being written or one that failed halfway is never listed or served. Only names of
//! exactly this form are accepted: a name is never a path, so no request reaches another file.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use crate::{Backend, Result, Store};

/// The directory backups go to, inside the data directory.
pub const BACKUP_DIR: &str = "backups";

const PREFIX: &str = "ayuda-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";
const SQLITE_EXTENSION: &str = ".sqlite";
const POSTGRES_EXTENSION: &str = ".sql";

/// A finished backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    /// The file's name, e.g. `ayuda-20261207T203000Z.sqlite`.
    pub name: String,
    /// Its size.
    pub bytes: u64,
    /// When it was started (from its name), Unix ms.
    pub created_at: i64,
}

/// The name of a backup of `backend` started at `at` (whole seconds, UTC).
pub fn backup_name(backend: Backend, at: Timestamp) -> String {
    let extension = match backend {
        Backend::Sqlite => SQLITE_EXTENSION,
        Backend::Postgres => POSTGRES_EXTENSION,
    };
    format!("{PREFIX}{}{extension}", at.strftime(STAMP))
}

/// When the backup called `name` was started, if `name` is exactly a name [`backup_name`]
/// makes; `None` for anything else.
pub fn backup_started(name: &str) -> Option<Timestamp> {
    let stem = name.strip_prefix(PREFIX)?;
    let (stamp, backend) = if let Some(stamp) = stem.strip_suffix(SQLITE_EXTENSION) {
        (stamp, Backend::Sqlite)
    } else {
        (stem.strip_suffix(POSTGRES_EXTENSION)?, Backend::Postgres)
    };
    let digits_and_marks = stamp.len() == 16
        && stamp.bytes().enumerate().all(|(i, b)| match i {
            8 => b == b'T',
            15 => b == b'Z',
            _ => b.is_ascii_digit(),
        });
    if !digits_and_marks {
        return None;
    }
    let at = DateTime::strptime(STAMP, stamp)
        .ok()?
        .to_zoned(TimeZone::UTC)
        .ok()?
        .timestamp();
    // Only the one spelling of each instant (no 24:00, no leap second).
    (backup_name(backend, at) == name).then_some(at)
}

/// Where the backup called `name` is written until it is whole.
pub fn partial_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.partial"))
}

/// The finished backup called `name` in `dir` with its path, or `None` when `name` is not a
/// backup's name or there is no such file.
pub fn find_backup(dir: &Path, name: &str) -> Result<Option<(PathBuf, BackupFile)>> {
    let Some(at) = backup_started(name) else {
        return Ok(None);
    };
    let path = dir.join(name);
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Ok(Some((
            path,
            BackupFile {
                name: name.to_owned(),
                bytes: meta.len(),
                created_at: at.as_millisecond(),
            },
        ))),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The finished backups in `dir`, newest first; none when `dir` does not exist. Other files
/// (backups being written, anything put there by hand) are left out.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if let Some((_, file)) = find_backup(dir, &name)? {
            found.push(file);
        }
    }
    found.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| b.name.cmp(&a.name))
    });
    Ok(found)
}

/// Renames the whole backup from its [`partial_path`] to its name and describes it.
pub fn finish_backup(dir: &Path, name: &str) -> Result<BackupFile> {
    let path = dir.join(name);
    std::fs::rename(partial_path(dir, name), &path)?;
    find_backup(dir, name)?
        .map(|(_, file)| file)
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} vanished after it was written", path.display()),
            )
            .into()
        })
}

impl Store {
    /// Writes a consistent copy of this SQLite database to the [`partial_path`] of `name` in
    /// `dir` and finishes it; a failed copy leaves no file behind.
    pub async fn backup_sqlite_into(&self, dir: &Path, name: &str) -> Result<BackupFile> {
        let partial = partial_path(dir, name);
        if let Err(e) = self.backup_sqlite(&partial).await {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        finish_backup(dir, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_nothing_else_is_a_name() {
        let at = Timestamp::from_second(1_796_675_400).expect("valid");
        let name = backup_name(Backend::Sqlite, at);
        assert_eq!(name, "ayuda-20261207T203000Z.sqlite");
        assert_eq!(backup_started(&name), Some(at));
        let sql = backup_name(Backend::Postgres, at);
        assert_eq!(sql, "ayuda-20261207T203000Z.sql");
        assert_eq!(backup_started(&sql), Some(at));
        for bad in [
            "",
            "ayuda.db",
            "../ayuda.toml",
            "ayuda-20261207T203000Z.sqlite.partial",
            "ayuda-20261207T203000Z.sqlite/../../ayuda.toml",
            "ayuda-20261207T243000Z.sqlite",
            "ayuda-20261307T203000Z.sqlite",
            "ayuda-2026120T7203000Z.sqlite",
            "ayuda-+0261207T203000Z.sqlite",
            "ayuda-20261207T203000z.sqlite",
            "Ayuda-20261207T203000Z.sqlite",
            "ayuda-20261207T203000Z.SQLITE",
            "ayuda-20261207T203000Z.db",
            "ayuda-20261207T203060Z.sql",
        ] {
            assert_eq!(backup_started(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_finished_backups_are_listed_newest_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(
            list_backups(&dir.path().join("none"))
                .expect("lists")
                .is_empty()
        );
        let old = "ayuda-20261207T203000Z.sqlite";
        let new = "ayuda-20261208T080000Z.sql";
        for name in [old, new] {
            std::fs::write(partial_path(dir.path(), name), b"data").expect("writes");
        }
        std::fs::write(dir.path().join("notes.txt"), b"x").expect("writes");
        assert!(list_backups(dir.path()).expect("lists").is_empty());
        finish_backup(dir.path(), old).expect("finishes");
        let file = finish_backup(dir.path(), new).expect("finishes");
        assert_eq!(file.bytes, 4);
        let names: Vec<String> = list_backups(dir.path())
            .expect("lists")
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, vec![new.to_owned(), old.to_owned()]);
        assert!(
            find_backup(dir.path(), "notes.txt")
                .expect("looks")
                .is_none()
        );
        assert!(
            find_backup(dir.path(), "ayuda-20200101T000000Z.sqlite")
                .expect("looks")
                .is_none()
        );
    }
}
