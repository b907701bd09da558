//! Files a macro carries. They are copied, as the applying agent's uploads, onto the ticket a
//! macro is applied to: a ticket's files never change when a macro's do.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::attachments::{ATTACHMENT_COLUMNS, attachment_from_row};
use crate::{AttachmentMeta, Error, Result, Store, now_ms, random_public_id};

/// A macro's file, without its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroFile {
    pub public_id: String,
    pub macro_id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: i64,
}

/// A new file for a macro.
#[derive(Clone, Debug)]
pub struct NewMacroFile<'a> {
    pub macro_id: i64,
    pub name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
}

const COLUMNS: &str = "public_id, macro_id, name, content_type, size, sha256, created_at";

fn file_from_row(row: &AnyRow) -> Result<MacroFile> {
    Ok(MacroFile {
        public_id: row.try_get("public_id")?,
        macro_id: row.try_get("macro_id")?,
        name: row.try_get("name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a file for a macro (`NotFound` when the macro does not exist).
    pub async fn insert_macro_file(&self, new: &NewMacroFile<'_>) -> Result<MacroFile> {
        let row = sqlx::query(&format!(
            "INSERT INTO macro_files (public_id, macro_id, name, content_type, size, sha256, \
             data, created_at) SELECT $1, id, $3, $4, $5, $6, $7, $8 FROM macros WHERE id = $2 \
             RETURNING {COLUMNS}"
        ))
        .bind(random_public_id())
        .bind(new.macro_id)
        .bind(new.name)
        .bind(new.content_type)
        .bind(i64::try_from(new.data.len()).unwrap_or(i64::MAX))
        .bind(new.sha256)
        .bind(new.data.to_vec())
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "file id"))?;
        match row {
            Some(row) => file_from_row(&row),
            None => Err(Error::NotFound(crate::Entity::Macro(new.macro_id))),
        }
    }

    /// Every macro's files, in the order they were added (for the macros' list).
    pub async fn all_macro_files(&self) -> Result<Vec<MacroFile>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM macro_files ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(file_from_row).collect()
    }

    /// One macro's files, in the order they were added.
    pub async fn macro_files(&self, macro_id: i64) -> Result<Vec<MacroFile>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM macro_files WHERE macro_id = $1 ORDER BY id"
        ))
        .bind(macro_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(file_from_row).collect()
    }

    /// A macro's file with its bytes; `None` when it is not that macro's.
    pub async fn macro_file(
        &self,
        macro_id: i64,
        public_id: &str,
    ) -> Result<Option<(MacroFile, Vec<u8>)>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, data FROM macro_files WHERE macro_id = $1 AND public_id = $2"
        ))
        .bind(macro_id)
        .bind(public_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((file_from_row(&row)?, row.try_get::<Vec<u8>, _>("data")?)))
            .transpose()
    }

    /// Removes a macro's file (`NotFound` when it is not that macro's).
    pub async fn delete_macro_file(&self, macro_id: i64, public_id: &str) -> Result<()> {
        let done = sqlx::query("DELETE FROM macro_files WHERE macro_id = $1 AND public_id = $2")
            .bind(macro_id)
            .bind(public_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Attachment(
                public_id.to_owned(),
            )));
        }
        Ok(())
    }

    /// Copies a macro's files, in one transaction, into uploads of `owner` on `site` (not
    /// attached to any message yet): what a reply then claims like any other upload.
    pub async fn copy_macro_files(
        &self,
        macro_id: i64,
        site: &str,
        owner: &str,
    ) -> Result<Vec<AttachmentMeta>> {
        let mut tx = self.pool.begin().await?;
        let ids: Vec<String> =
            sqlx::query("SELECT public_id FROM macro_files WHERE macro_id = $1 ORDER BY id")
                .bind(macro_id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get("public_id"))
                .collect::<std::result::Result<_, _>>()?;
        let mut copies = Vec::with_capacity(ids.len());
        let now = now_ms();
        for id in ids {
            let row = sqlx::query(&format!(
                "INSERT INTO attachments (public_id, site, owner, name, content_type, size, \
                 sha256, data, created_at) SELECT $1, $2, $3, name, content_type, size, sha256, \
                 data, $4 FROM macro_files WHERE public_id = $5 RETURNING {ATTACHMENT_COLUMNS}"
            ))
            .bind(random_public_id())
            .bind(site)
            .bind(owner)
            .bind(now)
            .bind(&id)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| Error::conflict_on_unique(e, "attachment id"))?;
            copies.push(attachment_from_row(&row)?);
        }
        tx.commit().await?;
        Ok(copies)
    }

    /// Deletes uploads nobody's message claimed that were made before `before` (Unix ms),
    /// except those a reply waiting to be sent names; how many went.
    pub async fn purge_unclaimed_uploads(&self, before: i64) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM attachments WHERE message_id IS NULL AND created_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM scheduled_replies s WHERE s.claimed_at IS NULL \
             AND s.attachments LIKE '%' || attachments.public_id || '%')",
        )
        .bind(before)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Deletes uploads of `owner` that no message has claimed (a copy whose reply failed, a
    /// file taken off a reply before it was sent).
    pub async fn discard_uploads(&self, owner: &str, ids: &[String]) -> Result<()> {
        for id in ids {
            sqlx::query(
                "DELETE FROM attachments WHERE public_id = $1 AND owner = $2 \
                 AND message_id IS NULL",
            )
            .bind(id)
            .bind(owner)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }
}
