//! One receiver per library: the thread that calls `td_receive` (td_json_client.h allows one at
//! a time) and hands each answer to its request by `@extra` and each update to its client.

use std::cell::Cell;
use std::collections::HashMap;
use std::ffi::CStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use futures_channel::oneshot;

use crate::envelope::Envelope;
use crate::library::Functions;
use crate::updates::{ClientShared, RawUpdate};

/// How long one `td_receive` waits before the thread checks whether any client is left.
const RECEIVE_TIMEOUT_SECONDS: f64 = 1.0;

/// What a request's future gets.
pub(crate) enum Answer {
    /// TDLib's answer, `error` or not, as it wrote it.
    Object { type_name: String, text: String },
    /// An answer that reached its request (its `@extra` was found) but is not a TDLib object.
    Malformed { error: String, text: String },
}

/// A loaded libtdjson with the state its receiver thread serves.
pub(crate) struct Core {
    functions: Functions,
    state: Mutex<State>,
    /// `@extra` of the next request: unique in the process for this library, so an answer
    /// finds its request whichever client it came through.
    next_extra: AtomicU64,
}

#[derive(Default)]
struct State {
    /// Open clients (until TDLib reports `authorizationStateClosed`).
    clients: HashMap<i32, Arc<ClientShared>>,
    /// Requests waiting for their answer, by `@extra`.
    pending: HashMap<u64, Waiting>,
    receiver_running: bool,
}

struct Waiting {
    client_id: i32,
    answer: oneshot::Sender<Answer>,
}

/// Every loaded library's core, by the address of its `td_receive`: two `Tdjson::open`s of one
/// file get the same, so that only one thread ever calls its `td_receive`.
static CORES: Mutex<Vec<(usize, Weak<Core>)>> = Mutex::new(Vec::new());

thread_local! {
    /// Set on receiver threads: a client dropped there must not wait for its own receiver.
    static ON_RECEIVER: Cell<bool> = const { Cell::new(false) };
}

impl Core {
    /// The core of the library `functions` come from: the existing one if the library was
    /// opened before.
    pub(crate) fn of(functions: Functions) -> Arc<Core> {
        let mut cores = CORES.lock().unwrap_or_else(PoisonError::into_inner);
        cores.retain(|(_, core)| core.strong_count() > 0);
        let key = functions.key();
        if let Some(core) = cores
            .iter()
            .find(|(known, _)| *known == key)
            .and_then(|(_, core)| core.upgrade())
        {
            return core;
        }
        let core = Arc::new(Core {
            functions,
            state: Mutex::new(State::default()),
            next_extra: AtomicU64::new(1),
        });
        cores.push((key, Arc::downgrade(&core)));
        core
    }

    pub(crate) fn functions(&self) -> &Functions {
        &self.functions
    }

    /// The state; every change to it is a single insert, remove or assignment, so a panic
    /// while it was held (none is expected) left it consistent and poisoning is ignored.
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn next_extra(&self) -> u64 {
        self.next_extra.fetch_add(1, Ordering::Relaxed)
    }

    /// A new client (`td_create_client_id`), registered before TDLib can say anything about
    /// it, with the receiver thread running.
    pub(crate) fn create_client(self: &Arc<Core>) -> Arc<ClientShared> {
        let mut state = self.state();
        let shared = Arc::new(ClientShared::new(self.functions.create_client_id()));
        state.clients.insert(shared.id, shared.clone());
        if !state.receiver_running {
            let core = self.clone();
            let spawned = std::thread::Builder::new()
                .name("tdjson-receiver".to_owned())
                .spawn(move || core.receive_while_clients_are_open());
            match spawned {
                Ok(_) => state.receiver_running = true,
                Err(error) => {
                    state.clients.remove(&shared.id);
                    shared.close(format!("the receiver thread could not start: {error}"));
                }
            }
        }
        shared
    }

    /// Registers a request's answer channel under `extra` before it is sent; `false` when the
    /// client is closed already.
    pub(crate) fn expect_answer(
        &self,
        client_id: i32,
        extra: u64,
        answer: oneshot::Sender<Answer>,
    ) -> bool {
        let mut state = self.state();
        if !state.clients.contains_key(&client_id) {
            return false;
        }
        state.pending.insert(extra, Waiting { client_id, answer });
        true
    }

    /// Sends a request whose answer nobody waits for (it is dropped when it comes): a fresh
    /// `@extra` tells it from an update.
    pub(crate) fn send_unanswered(&self, client_id: i32, type_name: &str) {
        let request = format!(
            r#"{{"@type":"{type_name}","@extra":{}}}"#,
            self.next_extra()
        );
        if let Ok(request) = std::ffi::CString::new(request) {
            self.functions.send(client_id, &request);
        }
    }

    pub(crate) fn send(&self, client_id: i32, request: &CStr) {
        self.functions.send(client_id, request);
    }

    fn receive_while_clients_are_open(self: Arc<Core>) {
        ON_RECEIVER.with(|on| on.set(true));
        loop {
            {
                let mut state = self.state();
                if state.clients.is_empty() {
                    state.receiver_running = false;
                    return;
                }
            }
            if let Some(text) = self.functions.receive(RECEIVE_TIMEOUT_SECONDS) {
                self.dispatch(text);
            }
        }
    }

    /// Hands one object from TDLib to whoever waits for it. Never panics: text that is not a
    /// TDLib object goes to the request or client it names, if any can be found in it, and is
    /// dropped otherwise.
    pub(crate) fn dispatch(&self, text: String) {
        let (envelope, malformed) = match Envelope::read(&text) {
            Ok(envelope) => (envelope, None),
            Err(error) => (Envelope::salvage(&text), Some(error.to_string())),
        };
        let mut state = self.state();
        if let Some(extra) = envelope.extra {
            // An answer: to its request, or dropped (one sent unanswered, or the answer to a
            // request whose future was dropped is then dropped too).
            if let Some(waiting) = state.pending.remove(&extra) {
                drop(state);
                let answer = match malformed {
                    None => Answer::Object {
                        type_name: envelope.type_name,
                        text,
                    },
                    Some(error) => Answer::Malformed { error, text },
                };
                // The future may have been dropped: then nobody wants the answer.
                let _ = waiting.answer.send(answer);
            }
            return;
        }
        // An update, or text this crate cannot place.
        let Some(client) = envelope
            .client_id
            .and_then(|id| state.clients.get(&id).cloned())
        else {
            return;
        };
        let closes = envelope.closes_client();
        if closes {
            state.clients.remove(&client.id);
            // TDLib answers every request before it closes; any still waiting is cancelled
            // (its future says the client closed).
            state
                .pending
                .retain(|_, waiting| waiting.client_id != client.id);
        }
        drop(state);
        client.push(RawUpdate {
            type_name: envelope.type_name,
            text,
        });
        if closes {
            client.close("TDLib closed the client".to_owned());
        }
    }
}

/// Whether this thread is a receiver thread.
pub(crate) fn on_receiver_thread() -> bool {
    ON_RECEIVER.with(Cell::get)
}
