//! Database backups for admins: list them, start one, download one. Files live in
//! `<data dir>/backups/` under names the server made (`ayuda_store::backups`); SQLite is copied
//! with `VACUUM INTO`, PostgreSQL dumped by `pg_dump` when it is installed. Every start and
//! every download is audited.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use ayuda_api::ErrorCode;
use ayuda_store::Backend;
use ayuda_store::backups::{self, BACKUP_DIR, BackupFile};
use jiff::Timestamp;
use serde::Serialize;

use crate::audit;
use crate::auth::{self, Admin};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/backups", get(list).post(create))
        .route("/admin/backups/{name}", get(download))
}

/// A backup as admins see it.
#[derive(Serialize)]
struct Backup {
    name: String,
    bytes: u64,
    /// When it was started, RFC 3339 UTC.
    created_at: String,
}

fn to_wire(file: BackupFile) -> Backup {
    let created_at = Timestamp::from_millisecond(file.created_at)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_string();
    Backup {
        name: file.name,
        bytes: file.bytes,
        created_at,
    }
}

fn backup_dir(state: &AppState) -> PathBuf {
    state.settings.data_dir.join(BACKUP_DIR)
}

/// Runs blocking file work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> ayuda_store::Result<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(format!("backup task failed: {e}")))?
        .map_err(AppError::from)
}

async fn list(_: Admin, State(state): State<AppState>) -> AppResult<AppJson<Vec<Backup>>> {
    let dir = backup_dir(&state);
    let files = blocking(move || backups::list_backups(&dir)).await?;
    Ok(AppJson(files.into_iter().map(to_wire).collect()))
}

/// The backup directories a backup is being written to now: one backup at a time in each.
static RUNNING: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// A directory marked busy in [`RUNNING`] until dropped.
struct Running(PathBuf);

impl Running {
    fn claim(dir: &Path) -> Option<Running> {
        let mut running = RUNNING.lock().unwrap_or_else(PoisonError::into_inner);
        running
            .insert(dir.to_path_buf())
            .then(|| Running(dir.to_path_buf()))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.0);
    }
}

async fn create(
    Admin(admin): Admin,
    State(state): State<AppState>,
    parts: Parts,
) -> AppResult<(StatusCode, AppJson<Backup>)> {
    let backend = state.store.backend();
    let pg_dump = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(pg_dump_on_path().ok_or_else(|| {
            AppError::client(
                StatusCode::CONFLICT,
                ErrorCode::InvalidState,
                "install pg_dump (PostgreSQL's client tools, e.g. the postgresql-client \
                 package) on this server to back up PostgreSQL from here, or back up with \
                 your database's own tools",
            )
        })?),
    };
    let dir = backup_dir(&state);
    let Some(_running) = Running::claim(&dir) else {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidState,
            "a backup is being written; wait for it to finish",
        ));
    };
    let name = backups::backup_name(backend, Timestamp::now());
    {
        let dir = dir.clone();
        let name = name.clone();
        blocking(move || {
            std::fs::create_dir_all(&dir)?;
            match backups::find_backup(&dir, &name)? {
                Some(_) => Err(ayuda_store::Error::Conflict(format!("backup {name}"))),
                None => Ok(()),
            }
        })
        .await?;
    }
    audit::record(
        &state,
        Some(&admin.user),
        "backup.start",
        format!("backup:{name}"),
        match backend {
            Backend::Sqlite => "SQLite, VACUUM INTO".to_owned(),
            Backend::Postgres => "PostgreSQL, pg_dump".to_owned(),
        },
        auth::client_address(&parts),
    )
    .await?;
    let file = match pg_dump {
        None => state.store.backup_sqlite_into(&dir, &name).await?,
        Some(program) => {
            let url = state.settings.database_url();
            dump_postgres(program, url, dir, name).await?
        }
    };
    Ok((StatusCode::CREATED, AppJson(to_wire(file))))
}

/// `pg_dump` from the directories of `PATH`, if it is there.
fn pg_dump_on_path() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("pg_dump"))
        .find(|candidate| candidate.is_file())
}

/// Dumps the PostgreSQL database at `url` as plain SQL into the backup `name` in `dir`. The
/// password goes to `pg_dump` through its environment, never on its command line (which any
/// local user can read).
async fn dump_postgres(
    program: PathBuf,
    url: String,
    dir: PathBuf,
    name: String,
) -> AppResult<BackupFile> {
    let mut target = url::Url::parse(&url)
        .map_err(|e| AppError::Internal(format!("the database URL does not parse: {e}")))?;
    let password = target.password().map(percent_decode);
    target
        .set_password(None)
        .map_err(|()| AppError::Internal("the database URL takes no password".into()))?;
    let partial = backups::partial_path(&dir, &name);
    let output = {
        let partial = partial.clone();
        tokio::task::spawn_blocking(move || {
            let mut command = std::process::Command::new(program);
            command
                .arg("--format=plain")
                .arg("--no-owner")
                .arg("--no-privileges")
                .arg("--file")
                .arg(&partial)
                .arg("--dbname")
                .arg(target.as_str())
                .stdin(std::process::Stdio::null());
            if let Some(password) = password {
                command.env("PGPASSWORD", password);
            }
            command.output()
        })
        .await
        .map_err(|e| AppError::Internal(format!("pg_dump task failed: {e}")))?
    };
    let failure = match output {
        Ok(output) if output.status.success() => None,
        Ok(output) => Some(format!(
            "pg_dump failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(e) => Some(format!("pg_dump did not run: {e}")),
    };
    if let Some(failure) = failure {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(AppError::Internal(failure));
    }
    blocking(move || backups::finish_backup(&dir, &name)).await
}

/// Decodes a URL's `%XX` escapes (a password in a URL is written so).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How much of a backup is read per chunk of the download.
const CHUNK_BYTES: usize = 256 * 1024;

async fn download(
    Admin(admin): Admin,
    State(state): State<AppState>,
    AppPath(name): AppPath<String>,
    parts: Parts,
) -> AppResult<Response> {
    let dir = backup_dir(&state);
    let found = {
        let name = name.clone();
        blocking(move || backups::find_backup(&dir, &name)).await?
    };
    let Some((path, file)) = found else {
        return Err(AppError::not_found("no such backup"));
    };
    let opened = tokio::task::spawn_blocking(move || std::fs::File::open(path))
        .await
        .map_err(|e| AppError::Internal(format!("backup task failed: {e}")))?
        .map_err(|e| AppError::Internal(format!("cannot open backup {}: {e}", file.name)))?;
    audit::record(
        &state,
        Some(&admin.user),
        "backup.download",
        format!("backup:{}", file.name),
        format!("{} bytes", file.bytes),
        auth::client_address(&parts),
    )
    .await?;
    // Read in chunks off the async threads, so a large file never sits in memory whole.
    let chunks = futures_util::stream::unfold(Some(opened), |file| async move {
        let mut file = file?;
        let read = tokio::task::spawn_blocking(move || {
            let mut buffer = vec![0; CHUNK_BYTES];
            let n = file.read(&mut buffer)?;
            buffer.truncate(n);
            Ok::<_, std::io::Error>((file, buffer))
        })
        .await
        .map_err(std::io::Error::other)
        .and_then(|read| read);
        match read {
            Ok((_, buffer)) if buffer.is_empty() => None,
            Ok((file, buffer)) => Some((Ok(buffer), Some(file))),
            Err(e) => Some((Err(e), None)),
        }
    });
    let content_type = if name.ends_with(".sqlite") {
        "application/vnd.sqlite3"
    } else {
        "application/octet-stream"
    };
    let mut response = Response::new(Body::from_stream(chunks));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(file.bytes));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The name is `ayuda-…Z.sqlite` or `.sql`: plain ASCII, nothing to quote.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file.name))
        .map_err(|e| AppError::Internal(format!("bad file name header: {e}")))?;
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_decoded() {
        assert_eq!(percent_decode("p%40ss%2Fw%3Ard"), "p@ss/w:rd");
        assert_eq!(percent_decode("plain"), "plain");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn one_backup_at_a_time_per_directory() {
        let dir = Path::new("/tmp/ayuda-backups-lock-test");
        let first = Running::claim(dir);
        assert!(first.is_some());
        assert!(Running::claim(dir).is_none());
        assert!(Running::claim(Path::new("/tmp/another-dir")).is_some());
        drop(first);
        assert!(Running::claim(dir).is_some());
    }
}
