//! A client's updates: queued by the receiver thread as TDLib's text, decoded when taken, read
//! blocking, with a timeout, or as a `Stream`.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use futures_core::Stream;
use serde_core::de::DeserializeOwned;
use tlforge_runtime::json::{Unknown, Variants, from_str_strict};

/// An update as TDLib wrote it.
pub(crate) struct RawUpdate {
    pub(crate) type_name: String,
    pub(crate) text: String,
}

/// What a client's handles, its update streams and the receiver thread share.
pub(crate) struct ClientShared {
    pub(crate) id: i32,
    queue: Mutex<Queue>,
    changed: Condvar,
}

#[derive(Default)]
struct Queue {
    updates: VecDeque<RawUpdate>,
    /// Set once TDLib reported `authorizationStateClosed` (or the client could not start):
    /// nothing more will come.
    closed: Option<String>,
    /// Tasks waiting for an update or for the end.
    wakers: Vec<Waker>,
}

impl ClientShared {
    pub(crate) fn new(id: i32) -> ClientShared {
        ClientShared {
            id,
            queue: Mutex::new(Queue::default()),
            changed: Condvar::new(),
        }
    }

    /// The queue; a panic elsewhere while it was held left it consistent (every change is one
    /// push or one assignment), so poisoning is ignored.
    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn push(&self, update: RawUpdate) {
        let wakers = {
            let mut queue = self.queue();
            queue.updates.push_back(update);
            std::mem::take(&mut queue.wakers)
        };
        self.changed.notify_all();
        wakers.into_iter().for_each(Waker::wake);
    }

    /// No more updates will come; `why` is what a request sent from now on fails with.
    pub(crate) fn close(&self, why: String) {
        let wakers = {
            let mut queue = self.queue();
            queue.closed.get_or_insert(why);
            std::mem::take(&mut queue.wakers)
        };
        self.changed.notify_all();
        wakers.into_iter().for_each(Waker::wake);
    }

    pub(crate) fn closed(&self) -> Option<String> {
        self.queue().closed.clone()
    }

    /// Waits until the client is closed or `timeout` passed; whether it is closed.
    pub(crate) fn wait_closed(&self, timeout: Duration) -> bool {
        let queue = self.queue();
        let (queue, _) = self
            .changed
            .wait_timeout_while(queue, timeout, |queue| queue.closed.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        queue.closed.is_some()
    }

    /// Ready when the client is closed.
    pub(crate) fn poll_closed(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut queue = self.queue();
        if queue.closed.is_some() {
            return Poll::Ready(());
        }
        register(&mut queue.wakers, cx.waker());
        Poll::Pending
    }

    /// The next update, waiting until `deadline` (forever for `None`); `None` at the deadline
    /// or when the client is closed and every update was taken.
    fn take(&self, deadline: Option<Instant>) -> Option<RawUpdate> {
        let mut queue = self.queue();
        loop {
            if let Some(update) = queue.updates.pop_front() {
                return Some(update);
            }
            if queue.closed.is_some() {
                return None;
            }
            queue = match deadline {
                None => self
                    .changed
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.checked_duration_since(Instant::now())?;
                    self.changed
                        .wait_timeout(queue, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
    }

    fn poll_take(&self, cx: &mut Context<'_>) -> Poll<Option<RawUpdate>> {
        let mut queue = self.queue();
        if let Some(update) = queue.updates.pop_front() {
            return Poll::Ready(Some(update));
        }
        if queue.closed.is_some() {
            return Poll::Ready(None);
        }
        register(&mut queue.wakers, cx.waker());
        Poll::Pending
    }
}

/// Keeps one waker per task: a task polled again replaces none.
fn register(wakers: &mut Vec<Waker>, waker: &Waker) {
    if !wakers.iter().any(|known| known.will_wake(waker)) {
        wakers.push(waker.clone());
    }
}

/// The updates of one client (`Client::updates`), typed as the td_api crate's `Update` enum
/// (`tlforge_tdlib::enums::Update`).
///
/// TDLib's updates are queued from the moment the client is created, so none is missed between
/// [`Tdjson::client`](crate::Tdjson::client) and this call; read them, or they pile up in memory.
/// Every `Updates` of a client takes from the same queue (each update goes to one of them).
/// The queue ends (`recv` and the stream give `None`) after `authorizationStateClosed`, the
/// last update TDLib sends a client.
///
/// An update is decoded when it is taken. One the generated types cannot read (a TDLib newer
/// than the schema, or a malformed object) is the enum's `Unknown` variant, with its `@type`
/// and its JSON: nothing is dropped, nothing panics.
pub struct Updates<U> {
    shared: Arc<ClientShared>,
    strict: bool,
    _update: PhantomData<fn() -> U>,
}

impl<U> Updates<U> {
    pub(crate) fn new(shared: Arc<ClientShared>, strict: bool) -> Self {
        Updates {
            shared,
            strict,
            _update: PhantomData,
        }
    }
}

impl<U: DeserializeOwned + Variants> Updates<U> {
    /// The next update, waiting as long as it takes; `None` once the client is closed and
    /// every update was taken.
    pub fn recv(&self) -> Option<U> {
        self.shared.take(None).map(|update| self.decode(update))
    }

    /// The next update, waiting at most `timeout`; `None` when none came in time, or once the
    /// client is closed and every update was taken.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<U> {
        // A timeout too large for an `Instant` waits as `recv` does.
        let deadline = Instant::now().checked_add(timeout);
        match deadline {
            Some(deadline) => self.shared.take(Some(deadline)),
            None => self.shared.take(None),
        }
        .map(|update| self.decode(update))
    }

    /// The next update if one is queued, without waiting.
    pub fn try_recv(&self) -> Option<U> {
        self.shared
            .take(Some(Instant::now()))
            .map(|update| self.decode(update))
    }

    fn decode(&self, update: RawUpdate) -> U {
        let decoded = if self.strict {
            from_str_strict(&update.text)
        } else {
            serde_json::from_str(&update.text)
        };
        decoded.unwrap_or_else(|_| U::unknown(Unknown::new(update.type_name, update.text)))
    }
}

impl<U> Updates<U> {
    /// Whether TDLib closed the client (queued updates may still be taken).
    pub fn is_closed(&self) -> bool {
        self.shared.closed().is_some()
    }
}

impl<U: DeserializeOwned + Variants> Stream for Updates<U> {
    type Item = U;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<U>> {
        self.shared
            .poll_take(cx)
            .map(|update| update.map(|update| self.decode(update)))
    }
}

impl<U> Clone for Updates<U> {
    fn clone(&self) -> Self {
        Updates::new(self.shared.clone(), self.strict)
    }
}

impl<U> fmt::Debug for Updates<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Updates")
            .field("client_id", &self.shared.id)
            .field("closed", &self.is_closed())
            .finish()
    }
}
