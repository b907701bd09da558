//! The files of one form (the contact form or the composer): uploaded as soon as they are
//! picked, dropped or pasted.

use std::rc::Rc;

use ayuda_api::AttachmentInfo;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::{self, ApiError};
use crate::session::Session;
use crate::support::{FileProblem, check_file, pasted_name};

/// One file of the contact form or the composer.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    pub key: u32,
    pub name: String,
    pub size: f64,
    pub state: UploadState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum UploadState {
    Uploading,
    Done(AttachmentInfo),
    Failed(FileProblem),
}

/// The files of one form.
#[derive(Clone, Copy)]
pub struct Uploads {
    pub list: RwSignal<Vec<Upload>>,
    next: StoredValue<u32>,
    pasted: StoredValue<u32>,
    /// Called when a file settles or is removed (the contact form saves its draft).
    changed: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage>,
}

impl Uploads {
    pub(crate) fn new() -> Uploads {
        Uploads {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
            pasted: StoredValue::new(0),
            changed: StoredValue::new_local(None),
        }
    }

    /// Runs `changed` whenever a file settles or is removed.
    pub(crate) fn on_change(self, changed: impl Fn() + 'static) {
        self.changed.set_value(Some(Rc::new(changed)));
    }

    fn notify(self) {
        if let Some(changed) = self.changed.try_get_value().flatten() {
            changed();
        }
    }

    fn next_key(self) -> u32 {
        self.next
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .unwrap_or_default()
    }

    /// Files that count against the limit (uploading or uploaded).
    fn kept(self) -> usize {
        self.list.with_untracked(|l| {
            l.iter()
                .filter(|u| !matches!(u.state, UploadState::Failed(_)))
                .count()
        })
    }

    /// True while a file is still on its way.
    pub fn busy(self) -> bool {
        self.list
            .with(|l| l.iter().any(|u| u.state == UploadState::Uploading))
    }

    /// The uploaded files.
    pub fn done(self) -> Vec<AttachmentInfo> {
        self.list.with_untracked(|l| {
            l.iter()
                .filter_map(|u| match &u.state {
                    UploadState::Done(info) => Some(info.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    /// Drops a file (the user's Remove button).
    pub fn remove(self, key: u32) {
        self.list.update(|l| l.retain(|u| u.key != key));
        self.notify();
    }

    pub fn clear(self) {
        self.list.set(Vec::new());
    }

    /// Shows files restored from a draft.
    pub fn restore(self, infos: Vec<AttachmentInfo>) {
        let list = infos
            .into_iter()
            .map(|info| Upload {
                key: self.next_key(),
                name: info.name.clone(),
                size: info.size as f64,
                state: UploadState::Done(info),
            })
            .collect();
        self.list.set(list);
    }

    /// Checks each file against the limits and uploads those that pass. `pasted` files get a
    /// readable name (clipboard images are all called `image.png`).
    pub fn add(self, session: Session, files: Option<web_sys::FileList>, pasted: bool) {
        let Some(files) = files else { return };
        for index in 0..files.length() {
            let Some(file) = files.item(index) else {
                continue;
            };
            let mime = file.type_();
            let name = if pasted {
                let n = self.pasted.try_update_value(|n| {
                    *n += 1;
                    *n - 1
                });
                pasted_name(&mime, n.unwrap_or_default())
            } else {
                file.name()
            };
            let size = file.size();
            let key = self.next_key();
            let check = check_file(self.kept(), size, &mime);
            let state = match check {
                Ok(()) => UploadState::Uploading,
                Err(problem) => UploadState::Failed(problem),
            };
            self.list.update(|l| {
                l.push(Upload {
                    key,
                    name: name.clone(),
                    size,
                    state,
                })
            });
            if check.is_ok() {
                self.upload(session, key, name, file.into());
            }
        }
    }

    /// Uploads one checked file and settles its row.
    fn upload(self, session: Session, key: u32, name: String, blob: JsValue) {
        let settle = move |state: UploadState| {
            self.list.try_update(|l| {
                if let Some(upload) = l.iter_mut().find(|u| u.key == key) {
                    upload.state = state;
                }
            });
            self.notify();
        };
        session.calling(move |call| {
            let Ok((site, identity)) = call else {
                return settle(UploadState::Failed(FileProblem::Failed));
            };
            api::upload(&site, &name, blob, identity, move |result| {
                settle(match result {
                    Ok(info) => UploadState::Done(info),
                    Err(ApiError::Status(413)) => UploadState::Failed(FileProblem::TooBig),
                    Err(ApiError::Status(415 | 400)) => UploadState::Failed(FileProblem::WrongType),
                    Err(_) => UploadState::Failed(FileProblem::Failed),
                })
            });
        });
    }
}
