//! The places the widget has been opened on, counted, for the editors' context picker.

use sqlx::Row;

use crate::{Result, Store};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenPlace {
    pub place: String,
    pub hits: i64,
    pub last_seen: i64,
}

impl Store {
    /// Adds `hits` sightings of each `(site, place)` seen at `at`, in one transaction.
    pub async fn add_seen_places(&self, seen: &[(String, String, i64)], at: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        for (site, place, hits) in seen {
            sqlx::query(
                "INSERT INTO seen_places (site, place, hits, last_seen) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (site, place) DO UPDATE \
                 SET hits = seen_places.hits + excluded.hits, last_seen = excluded.last_seen",
            )
            .bind(site)
            .bind(place)
            .bind(hits)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A site's places containing `text` (any when empty), the most seen first.
    pub async fn seen_places(&self, site: &str, text: &str, limit: i64) -> Result<Vec<SeenPlace>> {
        let rows = sqlx::query(
            "SELECT place, hits, last_seen FROM seen_places \
             WHERE site = $1 AND ($2 = '' OR LOWER(place) LIKE $3) \
             ORDER BY hits DESC, place LIMIT $4",
        )
        .bind(site)
        .bind(text)
        .bind(format!("%{}%", text.to_lowercase()))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SeenPlace {
                    place: row.try_get("place")?,
                    hits: row.try_get("hits")?,
                    last_seen: row.try_get("last_seen")?,
                })
            })
            .collect()
    }
}
