//! Agents (staff who answer tickets, with their groups and availability) and macros.

use ayuda_desk::Macro;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Error, Result, Store, from_json, now_ms, to_json};

/// A staff member who may answer tickets, with their desk settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentRow {
    pub user_id: i64,
    pub email: String,
    pub role: String,
    pub display_name: String,
    pub groups: Vec<String>,
    pub available: bool,
    /// The most unsolved tickets auto-assignment gives them at once; `None`: no limit.
    pub capacity: Option<i64>,
    /// Unsolved tickets assigned to them now.
    pub open_tickets: i64,
    /// The console's last heartbeat (Unix ms).
    pub last_seen: Option<i64>,
}

impl AgentRow {
    /// Whether auto-assignment may give them one more ticket: available and under capacity.
    pub fn can_take_more(&self) -> bool {
        self.available && self.capacity.is_none_or(|cap| self.open_tickets < cap)
    }
}

/// A stored macro.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroRow {
    pub id: i64,
    pub name: String,
    pub definition: Macro,
}

impl Store {
    /// Staff who can answer tickets (agents and admins), with their desk settings; those never
    /// configured are available, in no group, named after their e-mail.
    pub async fn agents(&self) -> Result<Vec<AgentRow>> {
        let rows = sqlx::query(
&format!(
            "SELECT u.id AS id, u.email AS email, u.role AS role, a.display_name AS display_name, \
             a.groups AS groups, a.available AS available, a.capacity AS capacity, \
             a.last_seen AS last_seen, (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = u.id \
             AND t.status IN ({})) AS open_tickets FROM users u \
             LEFT JOIN agents a ON a.user_id = u.id WHERE u.role IN ('agent', 'admin') ORDER BY u.id",
            crate::inbox::unsolved_sql()
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let email: String = row.try_get("email")?;
                let name: Option<String> = row.try_get("display_name")?;
                let groups: Option<String> = row.try_get("groups")?;
                let available: Option<i64> = row.try_get("available")?;
                Ok(AgentRow {
                    user_id: row.try_get("id")?,
                    display_name: name
                        .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned()),
                    email,
                    role: row.try_get("role")?,
                    groups: match groups {
                        Some(text) => from_json("agents.groups", &text)?,
                        None => Vec::new(),
                    },
                    available: available.is_none_or(|a| a != 0),
                    capacity: row.try_get("capacity")?,
                    open_tickets: row.try_get("open_tickets")?,
                    last_seen: row.try_get("last_seen")?,
                })
            })
            .collect()
    }

    /// Creates or replaces an agent's desk settings.
    pub async fn upsert_agent(
        &self,
        user_id: i64,
        display_name: &str,
        groups: &[String],
        available: bool,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO agents (user_id, display_name, groups, available, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET \
             display_name = excluded.display_name, groups = excluded.groups, \
             available = excluded.available, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(display_name)
        .bind(to_json(&groups))
        .bind(i64::from(available))
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// All macros by name.
    pub async fn macros(&self) -> Result<Vec<MacroRow>> {
        let rows = sqlx::query("SELECT id, name, definition FROM macros ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(macro_from_row).collect()
    }

    /// One macro.
    pub async fn macro_by_id(&self, id: i64) -> Result<Option<MacroRow>> {
        let row = sqlx::query("SELECT id, name, definition FROM macros WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(macro_from_row).transpose()
    }

    /// Creates a macro (`Conflict` when the name is taken).
    pub async fn create_macro(&self, name: &str, definition: &Macro) -> Result<MacroRow> {
        let now = now_ms();
        let row = sqlx::query(
            "INSERT INTO macros (name, definition, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) RETURNING id, name, definition",
        )
        .bind(name)
        .bind(to_json(definition))
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "macro name"))?;
        macro_from_row(&row)
    }

    /// Replaces a macro.
    pub async fn update_macro(&self, id: i64, name: &str, definition: &Macro) -> Result<MacroRow> {
        let row = sqlx::query(
            "UPDATE macros SET name = $2, definition = $3, updated_at = $4 WHERE id = $1 \
             RETURNING id, name, definition",
        )
        .bind(id)
        .bind(name)
        .bind(to_json(definition))
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "macro name"))?;
        match row {
            Some(row) => macro_from_row(&row),
            None => Err(Error::NotFound(crate::Entity::Macro(id))),
        }
    }

    /// Deletes a macro.
    pub async fn delete_macro(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM macros WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Macro(id)));
        }
        Ok(())
    }
}

fn macro_from_row(row: &AnyRow) -> Result<MacroRow> {
    Ok(MacroRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        definition: from_json(
            "macros.definition",
            &row.try_get::<String, _>("definition")?,
        )?,
    })
}
