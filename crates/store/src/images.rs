//! Images in articles: stored in the database (so every node serves them and backups hold
//! them), served publicly by their random id.

use sqlx::Row;

use crate::{Error, Result, Store, now_ms, random_public_id};

/// A stored image, without its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageMeta {
    pub public_id: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

impl Store {
    pub async fn insert_image(
        &self,
        content_type: &str,
        sha256: &str,
        data: &[u8],
        created_by: Option<&str>,
    ) -> Result<ImageMeta> {
        let public_id = random_public_id();
        let size = i64::try_from(data.len()).unwrap_or(i64::MAX);
        sqlx::query(
            "INSERT INTO article_images (public_id, content_type, size, sha256, data, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&public_id)
        .bind(content_type)
        .bind(size)
        .bind(sha256)
        .bind(data.to_vec())
        .bind(created_by)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "image id"))?;
        Ok(ImageMeta {
            public_id,
            content_type: content_type.to_owned(),
            size,
            sha256: sha256.to_owned(),
        })
    }

    /// An image's type and bytes by its public id.
    pub async fn image(&self, public_id: &str) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query("SELECT content_type, data FROM article_images WHERE public_id = $1")
            .bind(public_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| Ok((row.try_get("content_type")?, row.try_get("data")?)))
            .transpose()
    }
}
