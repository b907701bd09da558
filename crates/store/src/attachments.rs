//! Uploads: their bytes in the database, claimed by a message inside that message's
//! transaction, readable by their owner and by staff.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Error, Result, Store, now_ms, random_public_id};

/// What is known about a stored attachment (everything but its bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub public_id: String,
    pub site: String,
    pub owner: String,
    pub ticket_id: Option<i64>,
    pub message_id: Option<i64>,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: i64,
}

/// A new upload.
#[derive(Clone, Debug)]
pub struct NewAttachment<'a> {
    pub site: &'a str,
    pub owner: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
}

pub(crate) const ATTACHMENT_COLUMNS: &str =
    "public_id, site, owner, ticket_id, message_id, name, content_type, size, sha256, created_at";

pub(crate) fn attachment_from_row(row: &AnyRow) -> Result<AttachmentMeta> {
    Ok(AttachmentMeta {
        public_id: row.try_get("public_id")?,
        site: row.try_get("site")?,
        owner: row.try_get("owner")?,
        ticket_id: row.try_get("ticket_id")?,
        message_id: row.try_get("message_id")?,
        name: row.try_get("name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Attaches uploads to message `message_id` of ticket `ticket_id`: each must belong to `owner`, on the ticket's site, and not be
/// attached to anything yet; otherwise the whole write fails with `NotFound` (the caller must
/// not learn whether somebody else's upload exists).
pub(crate) async fn claim_attachments(
    tx: &mut Transaction<'_, Any>,
    ids: &[String],
    owner: &str,
    ticket_id: i64,
    message_id: i64,
) -> Result<()> {
    for id in ids {
        let done = sqlx::query(
            "UPDATE attachments SET ticket_id = $1, message_id = $2 \
             WHERE public_id = $3 AND owner = $4 AND message_id IS NULL \
             AND site = (SELECT site FROM tickets WHERE id = $1)",
        )
        .bind(ticket_id)
        .bind(message_id)
        .bind(id)
        .bind(owner)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Attachment(id.clone())));
        }
    }
    Ok(())
}

impl Store {
    /// Stores an upload (not attached to any message yet).
    pub async fn insert_attachment(&self, new: &NewAttachment<'_>) -> Result<AttachmentMeta> {
        let row = sqlx::query(&format!(
            "INSERT INTO attachments (public_id, site, owner, name, content_type, size, sha256, \
             data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING {ATTACHMENT_COLUMNS}"
        ))
        .bind(random_public_id())
        .bind(new.site)
        .bind(new.owner)
        .bind(new.name)
        .bind(new.content_type)
        .bind(i64::try_from(new.data.len()).unwrap_or(i64::MAX))
        .bind(new.sha256)
        .bind(new.data.to_vec())
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "attachment id"))?;
        attachment_from_row(&row)
    }

    /// An attachment's metadata by public id.
    pub async fn attachment(&self, public_id: &str) -> Result<Option<AttachmentMeta>> {
        let row = sqlx::query(&format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE public_id = $1"
        ))
        .bind(public_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(attachment_from_row).transpose()
    }

    /// An attachment's bytes.
    pub async fn attachment_data(&self, public_id: &str) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT data FROM attachments WHERE public_id = $1")
            .bind(public_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.try_get::<Vec<u8>, _>("data"))
            .transpose()
            .map_err(Error::from)
    }

    /// Every attachment of a ticket's messages, in message order.
    pub async fn ticket_attachments(&self, ticket_id: i64) -> Result<Vec<AttachmentMeta>> {
        let rows = sqlx::query(&format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE ticket_id = $1 \
             ORDER BY message_id, id"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(attachment_from_row).collect()
    }

    /// Unclaimed uploads by `owner`, for the per-owner limit.
    pub async fn pending_uploads(&self, owner: &str) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM attachments WHERE owner = $1 AND message_id IS NULL",
        )
        .bind(owner)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }
}
