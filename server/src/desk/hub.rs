//! Real-time fan-out of ticket activity to SSE subscribers.
//!
//! A notice only says *that* something happened to a ticket; subscribers read what changed from
//! the database (messages after their cursor), so a lost or duplicated notice can never lose
//! or duplicate a message. SQLite: one node, notices go straight to the in-process channels.
//! PostgreSQL: notices go through `NOTIFY ayuda_desk` and every node (this one included)
//! delivers them from its `LISTEN` connection, so any node behind a load balancer can serve
//! any subscriber. When that connection drops, every subscriber is told to resync.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ayuda_api::Typing;
use ayuda_store::{Backend, Store};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// The PostgreSQL channel notices travel on.
pub const CHANNEL: &str = "ayuda_desk";

/// Notices kept per ticket for slow subscribers; a subscriber that lags further resyncs.
const CAPACITY: usize = 32;

/// Something happened to a ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// New messages: read them after your cursor.
    Message,
    /// Someone is typing: the user, or an agent (with the agent's name).
    Typing(Typing),
    /// Status, CSAT or other fields changed.
    Ticket,
    /// A message was posted and changed its ticket's status: read both.
    Posted,
    /// A new ticket was filed (its first messages are stored).
    Created,
    /// Notices may have been lost: re-read everything.
    Resync,
}

/// What the staff's stream hears: which ticket, and the notice (typing is never on it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskNotice {
    /// 0 with [`Notice::Resync`]: every ticket.
    pub ticket: i64,
    pub notice: Notice,
}

/// Notices kept for the staff's streams; a stream that lags further resyncs.
const DESK_CAPACITY: usize = 256;

#[derive(Serialize, Deserialize)]
struct Wire {
    ticket: i64,
    #[serde(flatten)]
    notice: Notice,
}

/// The subscribers of every ticket on this node.
#[derive(Clone)]
pub struct Hub {
    channels: Arc<Mutex<HashMap<i64, broadcast::Sender<Notice>>>>,
    /// Every ticket's notices but typing, for the staff's stream.
    desk: broadcast::Sender<DeskNotice>,
    store: Store,
}

impl Hub {
    /// A hub; on PostgreSQL also starts the LISTEN task.
    pub fn start(store: Store) -> Hub {
        let hub = Hub {
            channels: Arc::default(),
            desk: broadcast::channel(DESK_CAPACITY).0,
            store,
        };
        if hub.store.backend() == Backend::Postgres {
            let listener = hub.clone();
            tokio::spawn(async move { listener.listen_forever().await });
        }
        hub
    }

    /// Notices for `ticket` from now on.
    pub fn subscribe(&self, ticket: i64) -> broadcast::Receiver<Notice> {
        let Ok(mut channels) = self.channels.lock() else {
            // A poisoned lock means a panic elsewhere; give a receiver that only closes.
            return broadcast::channel(1).1;
        };
        if channels.len() > 1024 && channels.len().is_power_of_two() {
            channels.retain(|_, sender| sender.receiver_count() > 0);
        }
        channels
            .entry(ticket)
            .or_insert_with(|| broadcast::channel(CAPACITY).0)
            .subscribe()
    }

    /// Every ticket's notices from now on (typing left out), for the staff's stream.
    pub fn subscribe_desk(&self) -> broadcast::Receiver<DeskNotice> {
        self.desk.subscribe()
    }

    /// How many SSE streams are open on this node.
    pub fn subscribers(&self) -> usize {
        self.channels
            .lock()
            .map(|c| c.values().map(broadcast::Sender::receiver_count).sum())
            .unwrap_or(0)
    }

    /// Tells every subscriber of `ticket`, on every node.
    pub async fn publish(&self, ticket: i64, notice: Notice) {
        if self.store.backend() == Backend::Postgres {
            let wire = Wire { ticket, notice };
            let payload = serde_json::to_string(&wire).unwrap_or_default();
            if let Err(error) = self.store.notify(CHANNEL, &payload).await {
                // Subscribers on this node still hear it; others resync on their next notice.
                tracing::warn!(%error, "NOTIFY failed; delivering locally only");
                self.deliver(ticket, wire.notice);
            }
        } else {
            self.deliver(ticket, notice);
        }
    }

    fn deliver(&self, ticket: i64, notice: Notice) {
        if !matches!(notice, Notice::Typing(_)) {
            // No receiver is fine: no staff stream is open.
            let _ = self.desk.send(DeskNotice {
                ticket,
                notice: notice.clone(),
            });
        }
        let Ok(mut channels) = self.channels.lock() else {
            return;
        };
        if let Some(sender) = channels.get(&ticket)
            && sender.send(notice).is_err()
        {
            // Nobody listens any more.
            channels.remove(&ticket);
        }
    }

    fn resync_all(&self) {
        let _ = self.desk.send(DeskNotice {
            ticket: 0,
            notice: Notice::Resync,
        });
        if let Ok(channels) = self.channels.lock() {
            for sender in channels.values() {
                let _ = sender.send(Notice::Resync);
            }
        }
    }

    async fn listen_forever(&self) {
        loop {
            let result = self
                .store
                .listen(CHANNEL, |payload| match payload {
                    Some(text) => match serde_json::from_str::<Wire>(&text) {
                        Ok(wire) => self.deliver(wire.ticket, wire.notice),
                        Err(error) => tracing::warn!(%error, "ignoring a malformed notice"),
                    },
                    None => self.resync_all(),
                })
                .await;
            if let Err(error) = result {
                tracing::warn!(%error, "LISTEN connection failed; retrying in 1 s");
            }
            self.resync_all();
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ayuda_api::Author;

    #[test]
    fn notices_round_trip_through_the_wire_format() {
        for notice in [
            Notice::Message,
            Notice::Ticket,
            Notice::Posted,
            Notice::Created,
            Notice::Resync,
            Notice::Typing(Typing {
                author: Author::Agent,
                name: Some("Ana \"<b>\"".into()),
            }),
        ] {
            let text = serde_json::to_string(&Wire {
                ticket: 7,
                notice: notice.clone(),
            })
            .unwrap();
            let back: Wire = serde_json::from_str(&text).unwrap();
            assert_eq!((back.ticket, back.notice), (7, notice));
        }
    }
}
