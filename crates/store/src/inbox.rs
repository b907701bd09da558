//! The agents' inbox query (filters, SLA state, order, paging) and the customer's other
//! tickets.

use ayuda_api::{Level, Status, Tier};
use sqlx::Row;

use crate::tickets::{TICKET_COLUMNS, Ticket, parse_word, ticket_from_row};
use crate::{Backend, Error, Result, Store};

/// The unsolved statuses (`Status::is_unsolved`), as an SQL list.
pub(crate) fn unsolved_sql() -> String {
    Status::ALL
        .iter()
        .filter(|s| s.is_unsolved())
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which SLA clock a filter asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaFilter {
    /// [`ayuda_desk::SlaMarks::breached`].
    Breached,
    /// [`ayuda_desk::SlaMarks::due_soon`].
    DueSoon,
}

/// How the inbox is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InboxSort {
    /// Earliest running SLA due time first; tickets with no running clock last.
    #[default]
    SlaDue,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
    /// Most recently updated first.
    Updated,
}

/// The inbox query; every field narrows it.
#[derive(Clone, Debug, Default)]
pub struct InboxFilter {
    pub statuses: Vec<Status>,
    pub level: Option<Level>,
    pub tier: Option<Tier>,
    pub group: Option<String>,
    /// `Some(None)`: unassigned only.
    pub assignee: Option<Option<i64>>,
    pub site: Option<String>,
    pub tag: Option<String>,
    pub sla: Option<SlaFilter>,
    /// Words in the subject, requester or any message.
    pub text: Option<String>,
    pub sort: InboxSort,
    pub limit: i64,
    pub offset: i64,
}

fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// The inbox: tickets matching `filter` (a page of them) and how many match in all.
    pub async fn inbox(&self, filter: &InboxFilter, now: i64) -> Result<(Vec<Ticket>, i64)> {
        let mut clauses: Vec<String> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut bind_text = |value: String, clauses: &mut Vec<String>, template: &str| {
            texts.push(value);
            clauses.push(template.replace('?', &format!("${}", texts.len())));
        };
        if !filter.statuses.is_empty() {
            let list = filter
                .statuses
                .iter()
                .map(|s| format!("'{}'", s.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            clauses.push(format!("status IN ({list})"));
        }
        if let Some(level) = filter.level {
            clauses.push(format!("level = '{}'", level.as_str()));
        }
        if let Some(tier) = filter.tier {
            clauses.push(format!("tier = '{}'", tier.as_str()));
        }
        if let Some(group) = &filter.group {
            bind_text(group.clone(), &mut clauses, "group_key = ?");
        }
        match filter.assignee {
            Some(Some(agent)) => clauses.push(format!("assignee_id = {agent}")),
            Some(None) => clauses.push("assignee_id IS NULL".to_owned()),
            None => {}
        }
        if let Some(site) = &filter.site {
            bind_text(site.clone(), &mut clauses, "site = ?");
        }
        if let Some(tag) = &filter.tag {
            let needle = serde_json::Value::String(tag.clone()).to_string();
            let template = match self.backend {
                Backend::Sqlite => "instr(tags, ?) > 0",
                Backend::Postgres => "strpos(tags, ?) > 0",
            };
            bind_text(needle, &mut clauses, template);
        }
        let unsolved = unsolved_sql();
        match filter.sla {
            // `ayuda_desk::SlaMarks::breached` / `due_soon`, in SQL (a test checks they agree).
            Some(SlaFilter::Breached) => clauses.push(format!(
                "status IN ({unsolved}) AND (sla_breached <> 0 OR next_due <= {now})"
            )),
            Some(SlaFilter::DueSoon) => clauses.push(format!(
                "status IN ({unsolved}) AND sla_breached = 0 AND next_due > {now} \
                 AND due_soon_at <= {now}"
            )),
            None => {}
        }
        if let Some(text) = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            bind_text(
                like_pattern(text),
                &mut clauses,
                "(lower(subject) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\' \
                 OR lower(name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM ticket_messages m \
                 WHERE m.ticket_id = tickets.id AND lower(m.body) LIKE ? ESCAPE '\\'))",
            );
        }
        let where_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let order = match filter.sort {
            InboxSort::SlaDue => {
                "CASE WHEN next_due IS NULL THEN 1 ELSE 0 END, next_due, created_at, id"
            }
            InboxSort::Newest => "created_at DESC, id DESC",
            InboxSort::Oldest => "created_at, id",
            InboxSort::Updated => "updated_at DESC, id DESC",
        };
        let sql = format!(
            "SELECT {TICKET_COLUMNS} FROM tickets{where_sql} ORDER BY {order} LIMIT {} OFFSET {}",
            filter.limit.max(0),
            filter.offset.max(0)
        );
        let mut query = sqlx::query(&sql);
        for text in &texts {
            query = query.bind(text.clone());
        }
        let rows = query.fetch_all(&self.pool).await?;
        let tickets = rows
            .iter()
            .map(ticket_from_row)
            .collect::<Result<Vec<_>>>()?;
        let count_sql = format!("SELECT COUNT(*) AS n FROM tickets{where_sql}");
        let mut count = sqlx::query(&count_sql);
        for text in &texts {
            count = count.bind(text.clone());
        }
        let total: i64 = count.fetch_one(&self.pool).await?.try_get("n")?;
        Ok((tickets, total))
    }

    /// An anonymous visitor's tickets on `site`, newest first.
    pub async fn tickets_for_visitor(&self, site: &str, visitor_id: &str) -> Result<Vec<Ticket>> {
        self.tickets_where("visitor_id", site, visitor_id).await
    }

    /// An identified user's tickets on `site`, newest first.
    pub async fn tickets_for_user(&self, site: &str, user_id: &str) -> Result<Vec<Ticket>> {
        self.tickets_where("user_id", site, user_id).await
    }

    async fn tickets_where(
        &self,
        column: &'static str,
        site: &str,
        value: &str,
    ) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE site = $1 AND {column} = $2 \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(site)
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// Other tickets of the same requester (same user id, visitor or email), newest first.
    pub async fn customer_tickets(&self, ticket: &Ticket, limit: i64) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE id <> $1 AND site = $2 AND \
             (($3 <> '' AND user_id = $3) OR ($4 <> '' AND visitor_id = $4) \
             OR lower(email) = lower($5)) \
             ORDER BY created_at DESC, id DESC LIMIT {limit}"
        ))
        .bind(ticket.id)
        .bind(&ticket.site)
        .bind(ticket.user_id.as_deref().unwrap_or(""))
        .bind(ticket.visitor_id.as_deref().unwrap_or(""))
        .bind(&ticket.email)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// How many tickets in `statuses` each level and each group holds (groups with none left
    /// out; tickets in no group are not counted under any).
    pub async fn inbox_breakdown(
        &self,
        statuses: &[Status],
    ) -> Result<(Vec<(Level, i64)>, Vec<(String, i64)>)> {
        let list = statuses
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let list = if list.is_empty() {
            "''".to_owned()
        } else {
            list
        };
        let rows = sqlx::query(&format!(
            "SELECT level, COUNT(*) AS n FROM tickets WHERE status IN ({list}) GROUP BY level"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut levels = Vec::new();
        for row in &rows {
            let level: Level = parse_word("tickets.level", &row.try_get::<String, _>("level")?)?;
            levels.push((level, row.try_get("n")?));
        }
        let rows = sqlx::query(&format!(
            "SELECT group_key, COUNT(*) AS n FROM tickets WHERE status IN ({list}) \
             AND group_key IS NOT NULL GROUP BY group_key ORDER BY group_key"
        ))
        .fetch_all(&self.pool)
        .await?;
        let groups = rows
            .iter()
            .map(|row| Ok((row.try_get("group_key")?, row.try_get("n")?)))
            .collect::<Result<_>>()?;
        Ok((levels, groups))
    }

    /// Unsolved tickets whose SLA fields must be recomputed (used after settings change).
    pub async fn unsolved_ticket_ids(&self) -> Result<Vec<i64>> {
        let rows = sqlx::query(&format!(
            "SELECT id FROM tickets WHERE status IN ({})",
            unsolved_sql()
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| row.try_get("id").map_err(Error::from))
            .collect()
    }
}
