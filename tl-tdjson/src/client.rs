//! The library handle, its clients, and the futures of their requests.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_channel::oneshot;
use serde_core::Serialize;
use serde_core::de::DeserializeOwned;
use tlforge_runtime::json::{RemoteCall, Synchronous, TdError, from_str_strict};

use crate::envelope::Envelope;
use crate::library::{Functions, OpenError, c_request, load_default};
use crate::receiver::{Answer, Core, on_receiver_thread};
use crate::updates::{ClientShared, Updates};

/// The code of the errors this crate makes itself (an answer it cannot read, a client that
/// is closed): TDLib's own code for an internal error.
pub const LOCAL_ERROR_CODE: i32 = 500;

/// How long dropping a client's last handle waits for TDLib to close it.
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(30);

/// libtdjson, loaded: synchronous requests ([`execute`](Self::execute)) and clients
/// ([`client`](Self::client)). `U` is the td_api crate's `Update` enum
/// (`tlforge_tdlib::Tdjson` names it).
///
/// Cloning is cheap; every clone (and every `open` of the same file) shares one receiver
/// thread, which runs while a client is open. The library stays loaded until the process
/// exits: TDLib's own threads outlive its clients.
pub struct Tdjson<U> {
    core: Arc<Core>,
    path: Arc<Path>,
    strict: bool,
    _update: PhantomData<fn() -> U>,
}

impl<U> Tdjson<U> {
    /// Loads libtdjson from `path` (a path, or a bare file name for the loader to look up).
    pub fn open(path: impl AsRef<Path>) -> Result<Self, OpenError> {
        let path = path.as_ref();
        Ok(Self::with(path.to_owned(), Functions::load(path)?))
    }

    /// Loads libtdjson from `$TDJSON` if that is set, else by the platform's name for it
    /// ([`DEFAULT_NAMES`](crate::DEFAULT_NAMES)) from the loader's usual places; the error
    /// lists everything tried.
    pub fn open_default() -> Result<Self, OpenError> {
        let (path, functions) = load_default()?;
        Ok(Self::with(path, functions))
    }

    #[cfg(test)]
    pub(crate) fn from_functions(functions: Functions) -> Self {
        Self::with(PathBuf::from("(test)"), functions)
    }

    fn with(path: PathBuf, functions: Functions) -> Self {
        Tdjson {
            core: Core::of(functions),
            path: path.into(),
            strict: false,
            _update: PhantomData,
        }
    }

    /// Reads answers and updates strictly (`tlforge_runtime::json::strict`: unknown keys,
    /// missing fields and unknown `@type`s are errors) in the clients made from now on and in
    /// `execute`. Lenient, TDLib's own way, by default. A strictly refused answer is its
    /// request's error; a refused update comes as `Unknown`.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The path or name the library was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs a request TDLib answers without a client (td_api.tl: "Can be called
    /// synchronously"); any other request is a compile error.
    pub fn execute<R: Synchronous>(&self, request: &R) -> Result<R::Return, TdError> {
        let request = c_request(request_text(request, None)?).map_err(local_error)?;
        let text = self
            .core
            .functions()
            .execute(&request)
            .ok_or_else(|| local_error("td_execute returned nothing".to_owned()))?;
        let answer = match Envelope::read(&text) {
            Ok(envelope) => Answer::Object {
                type_name: envelope.type_name,
                text,
            },
            Err(error) => Answer::Malformed {
                error: error.to_string(),
                text,
            },
        };
        decode(answer, self.strict)
    }

    /// A new client (`td_create_client_id`). TDLib starts it at once (this sends it
    /// `getAuthorizationState`), so its first updates, `authorizationStateWaitTdlibParameters`
    /// among them, are queued for [`Client::updates`].
    pub fn client(&self) -> Client<U> {
        let shared = self.core.create_client();
        if shared.closed().is_none() {
            self.core
                .send_unanswered(shared.id, "getAuthorizationState");
        }
        Client {
            handle: Arc::new(ClientHandle {
                core: self.core.clone(),
                shared,
            }),
            strict: self.strict,
            _update: PhantomData,
        }
    }
}

impl<U> Clone for Tdjson<U> {
    fn clone(&self) -> Self {
        Tdjson {
            core: self.core.clone(),
            path: self.path.clone(),
            strict: self.strict,
            _update: PhantomData,
        }
    }
}

impl<U> fmt::Debug for Tdjson<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tdjson")
            .field("path", &self.path)
            .field("strict", &self.strict)
            .finish()
    }
}

/// A TDLib client (an instance of TDLib with its own database and session).
///
/// Cloning gives another handle of the same client. Dropping the last one closes the client:
/// it sends `close` and waits, at most [`CLOSE_TIMEOUT`], for `authorizationStateClosed`, so a
/// program that ends normally never makes TDLib abort at exit. An async program that must not
/// block there sends `functions::Close` and awaits [`closed`](Self::closed) first.
pub struct Client<U> {
    handle: Arc<ClientHandle>,
    strict: bool,
    _update: PhantomData<fn() -> U>,
}

struct ClientHandle {
    core: Arc<Core>,
    shared: Arc<ClientShared>,
}

impl Drop for ClientHandle {
    fn drop(&mut self) {
        if self.shared.closed().is_some() {
            return;
        }
        self.core.send_unanswered(self.shared.id, "close");
        // The receiver thread cannot wait for itself.
        if !on_receiver_thread() {
            self.shared.wait_closed(CLOSE_TIMEOUT);
        }
    }
}

impl<U> Client<U> {
    /// The client's identifier (`td_create_client_id`; TDLib's `@client_id`).
    pub fn id(&self) -> i32 {
        self.handle.shared.id
    }

    /// Sends a request; the future gives TDLib's answer, or its `error` as [`TdError`].
    ///
    /// The request is sent now, not when the future is first polled; dropping the future
    /// drops the answer. Answers are matched to requests by `@extra`, in whatever order TDLib
    /// sends them. An answer the generated types cannot read, or a client closed before it
    /// answered, is an error with code [`LOCAL_ERROR_CODE`] that says so.
    pub fn send<R: RemoteCall>(&self, request: R) -> Pending<R::Return> {
        Pending {
            state: self.start(&request),
            strict: self.strict,
            _answer: PhantomData,
        }
    }

    fn start<R: RemoteCall>(&self, request: &R) -> PendingState {
        let shared = &self.handle.shared;
        let core = &self.handle.core;
        let extra = core.next_extra();
        let request = match request_text(request, Some(extra))
            .and_then(|text| c_request(text).map_err(|message| TdError::new(400, message)))
        {
            Ok(request) => request,
            Err(error) => return PendingState::Done(Some(error)),
        };
        let (sender, receiver) = oneshot::channel();
        if !core.expect_answer(shared.id, extra, sender) {
            let why = shared.closed().unwrap_or_default();
            return PendingState::Done(Some(local_error(format!("the client is closed: {why}"))));
        }
        core.send(shared.id, &request);
        PendingState::Waiting(receiver)
    }

    /// The client's updates (every one since the client was created, then as they come).
    pub fn updates(&self) -> Updates<U> {
        Updates::new(self.handle.shared.clone(), self.strict)
    }

    /// Whether TDLib has closed the client (`authorizationStateClosed`).
    pub fn is_closed(&self) -> bool {
        self.handle.shared.closed().is_some()
    }

    /// A future ready when TDLib has closed the client (after a `close`, `logOut` or
    /// `destroy` request, or a session ended by the server).
    pub fn closed(&self) -> Closed {
        Closed {
            shared: self.handle.shared.clone(),
        }
    }
}

impl<U> Clone for Client<U> {
    fn clone(&self) -> Self {
        Client {
            handle: self.handle.clone(),
            strict: self.strict,
            _update: PhantomData,
        }
    }
}

impl<U> fmt::Debug for Client<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("id", &self.id())
            .field("closed", &self.is_closed())
            .finish()
    }
}

/// The answer to a request sent with [`Client::send`].
#[must_use = "the answer comes through the future"]
pub struct Pending<T> {
    state: PendingState,
    strict: bool,
    _answer: PhantomData<fn() -> T>,
}

enum PendingState {
    Waiting(oneshot::Receiver<Answer>),
    /// Failed before it was sent; `None` once the error was given.
    Done(Option<TdError>),
}

impl<T: DeserializeOwned> Future for Pending<T> {
    type Output = Result<T, TdError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match &mut this.state {
            PendingState::Waiting(receiver) => match Pin::new(receiver).poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(answer) => {
                    this.state = PendingState::Done(None);
                    Poll::Ready(match answer {
                        Ok(answer) => decode(answer, this.strict),
                        Err(oneshot::Canceled) => Err(local_error(
                            "the client was closed before TDLib answered".to_owned(),
                        )),
                    })
                }
            },
            PendingState::Done(error) => Poll::Ready(Err(error.take().unwrap_or_else(|| {
                local_error("the answer was already taken from this future".to_owned())
            }))),
        }
    }
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            PendingState::Waiting(_) => "waiting",
            PendingState::Done(_) => "done",
        };
        f.debug_struct("Pending").field("state", &state).finish()
    }
}

/// Ready when TDLib has closed a client ([`Client::closed`]).
#[must_use = "a future does nothing unless polled"]
pub struct Closed {
    shared: Arc<ClientShared>,
}

impl Future for Closed {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.shared.poll_closed(cx)
    }
}

impl fmt::Debug for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Closed")
            .field("client_id", &self.shared.id)
            .finish()
    }
}

fn local_error(message: String) -> TdError {
    TdError::new(LOCAL_ERROR_CODE, format!("tlforge-tdjson: {message}"))
}

/// The request's JSON, with `"@extra":extra` added as its last key.
fn request_text<R: Serialize>(request: &R, extra: Option<u64>) -> Result<Vec<u8>, TdError> {
    let mut text = serde_json::to_vec(request)
        .map_err(|error| TdError::new(400, format!("the request cannot be written: {error}")))?;
    let Some(extra) = extra else {
        return Ok(text);
    };
    if text.first() != Some(&b'{') || text.pop() != Some(b'}') {
        return Err(TdError::new(400, "the request is not a JSON object"));
    }
    if text.len() > 1 {
        text.push(b',');
    }
    text.extend_from_slice(b"\"@extra\":");
    text.extend_from_slice(extra.to_string().as_bytes());
    text.push(b'}');
    Ok(text)
}

/// An answer as what the request returns, or its `error`.
fn decode<T: DeserializeOwned>(answer: Answer, strict: bool) -> Result<T, TdError> {
    let (type_name, text) = match answer {
        Answer::Object { type_name, text } => (type_name, text),
        Answer::Malformed { error, text } => {
            return Err(local_error(format!(
                "TDLib's answer is not a TDLib object ({error}): {}",
                shorten(&text)
            )));
        }
    };
    fn read<T: DeserializeOwned>(text: &str, strict: bool) -> serde_json::Result<T> {
        if strict {
            from_str_strict(text)
        } else {
            serde_json::from_str(text)
        }
    }
    if type_name == "error" {
        // TDLib's error, whatever the request; one that cannot be read is still an error.
        let error: TdError = read(&text, strict).map_err(|error| {
            local_error(format!(
                "TDLib's error could not be read ({error}): {}",
                shorten(&text)
            ))
        })?;
        return Err(error);
    }
    read(&text, strict).map_err(|error| {
        local_error(format!(
            "TDLib answered `{type_name}`, which is not what the request returns: {error}"
        ))
    })
}

/// At most 200 characters of an answer, for an error message.
fn shorten(text: &str) -> &str {
    match text.char_indices().nth(200) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Raw(&'static str);
    impl Serialize for Raw {
        fn serialize<S: serde_core::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let value: serde_json::Value = serde_json::from_str(self.0).unwrap();
            value.serialize(serializer)
        }
    }

    #[test]
    fn extra_is_added_as_the_last_key() {
        let text = request_text(&Raw(r#"{"@type":"testSquareInt","x":7}"#), Some(12)).unwrap();
        assert_eq!(text, br#"{"@type":"testSquareInt","x":7,"@extra":12}"#);
        let text = request_text(&Raw("{}"), Some(1)).unwrap();
        assert_eq!(text, br#"{"@extra":1}"#);
        assert_eq!(request_text(&Raw("[1]"), Some(1)).unwrap_err().code(), 400);
        assert_eq!(request_text(&Raw("[1]"), None).unwrap(), b"[1]");
    }

    #[test]
    fn an_error_answer_is_the_error_and_a_wrong_answer_names_its_type() {
        let answer = |text: &str| Answer::Object {
            type_name: Envelope::read(text).unwrap().type_name,
            text: text.to_owned(),
        };
        let error = decode::<TdError>(
            answer(r#"{"@type":"error","code":429,"message":"Too Many Requests: retry after 3","@extra":1}"#),
            true,
        )
        .unwrap_err();
        assert_eq!(
            (error.code(), error.retry_after()),
            (429, Some(Duration::from_secs(3)))
        );
        let error =
            decode::<TdError>(answer(r#"{"@type":"error","code":"x"}"#), false).unwrap_err();
        assert_eq!(error.code(), LOCAL_ERROR_CODE);
        assert!(error.message().contains("could not be read"), "{error}");
    }

    #[test]
    fn shorten_cuts_on_a_character_boundary() {
        let long = "é".repeat(300);
        assert_eq!(shorten(&long).chars().count(), 200);
        assert_eq!(shorten("short"), "short");
    }
}
