//! The client against a fake libtdjson (four `extern "C"` functions over a queue), which answers
//! out of order, answers wrongly, writes text that is not JSON, and closes: what TDLib itself
//! is not made to do. tlforge-tests' tdlib_client.rs runs the same client against TDLib.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ffi::{CStr, CString, c_char, c_double, c_int};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use futures_executor::block_on;
use serde_core::de::MapAccess;
use serde_core::ser::SerializeMap;
use serde_core::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Value, json};
use tlforge_runtime::json::{
    Int32, Object, Read, ReadFields, RemoteCall, Synchronous, TdError, Unknown, Variants, fields,
    read_object, read_variants, value,
};

use crate::{Client, LOCAL_ERROR_CODE, Tdjson};

// ---------------------------------------------------------------------------------------------
// The fake library.

struct Fake {
    next_client_id: c_int,
    outbox: VecDeque<String>,
}

static FAKE: Mutex<Fake> = Mutex::new(Fake {
    next_client_id: 0,
    outbox: VecDeque::new(),
});
static OUTBOX_CHANGED: Condvar = Condvar::new();

thread_local! {
    /// What the last `receive`/`execute` on this thread returned (TDLib's rule: valid until
    /// the next call on the same thread).
    static RETURNED: RefCell<CString> = RefCell::new(CString::default());
}

fn fake() -> std::sync::MutexGuard<'static, Fake> {
    FAKE.lock().unwrap_or_else(PoisonError::into_inner)
}

fn returned(text: String) -> *const c_char {
    RETURNED.with(|returned| {
        *returned.borrow_mut() = CString::new(text).unwrap();
        returned.borrow().as_ptr()
    })
}

extern "C" fn fake_create_client_id() -> c_int {
    let mut fake = fake();
    fake.next_client_id += 1;
    fake.next_client_id
}

/// Answers as the test needs: most at the back of the queue, `testSquareInt` at the front
/// (so answers to many come in another order than their requests).
extern "C" fn fake_send(client_id: c_int, request: *const c_char) {
    // SAFETY: the client passes a NUL-terminated string.
    let request = unsafe { CStr::from_ptr(request) }.to_str().unwrap();
    let request: Value = serde_json::from_str(request).unwrap();
    let extra = &request["@extra"];
    let update = |body: Value| {
        let mut body = body;
        body["@client_id"] = json!(client_id);
        body.to_string()
    };
    let answer = |body: Value| {
        let mut body = body;
        body["@extra"] = extra.clone();
        body["@client_id"] = json!(client_id);
        body.to_string()
    };
    let state = |name: &str| {
        update(json!({"@type": "updateAuthorizationState",
            "authorization_state": {"@type": name}}))
    };
    let mut fake = fake();
    match request["@type"].as_str().unwrap() {
        "getAuthorizationState" => {
            fake.outbox
                .push_back(state("authorizationStateWaitTdlibParameters"));
            fake.outbox.push_back(answer(
                json!({"@type": "authorizationStateWaitTdlibParameters"}),
            ));
        }
        "testSquareInt" => {
            let x = request["x"].as_i64().unwrap();
            fake.outbox
                .push_front(answer(json!({"@type": "testInt", "value": x * x})));
        }
        "answerWrongType" => fake
            .outbox
            .push_back(answer(json!({"@type": "testInt", "value": "seven"}))),
        "answerWithNewField" => fake.outbox.push_back(answer(
            json!({"@type": "testInt", "value": 3, "field_of_a_newer_tdlib": true}),
        )),
        "answerError" => fake.outbox.push_back(answer(
            json!({"@type": "error", "code": 429, "message": "Too Many Requests: retry after 7"}),
        )),
        "answerNotJson" => fake.outbox.push_back(format!(
            r#"{{"@type":"testInt","value":,"@extra":{extra},"@client_id":{client_id}}}"#
        )),
        "sendBadUpdates" => {
            fake.outbox
                .push_back(update(json!({"@type": "updateNewThing", "x": 1})));
            fake.outbox
                .push_back(format!(r#"not JSON, "@client_id":{client_id}"#));
            fake.outbox.push_back("{}".to_owned());
            fake.outbox.push_back("\u{1}".to_owned());
            fake.outbox
                .push_back(r#"{"@type":"updateForNobody","@client_id":1000000}"#.to_owned());
            fake.outbox.push_back(answer(json!({"@type": "ok"})));
        }
        "neverAnswered" => {}
        "close" => {
            fake.outbox.push_back(state("authorizationStateClosing"));
            fake.outbox.push_back(answer(json!({"@type": "ok"})));
            fake.outbox.push_back(state("authorizationStateClosed"));
        }
        other => fake.outbox.push_back(answer(
            json!({"@type": "error", "code": 400, "message": format!("Unknown class \"{other}\"")}),
        )),
    }
    drop(fake);
    OUTBOX_CHANGED.notify_all();
}

extern "C" fn fake_receive(timeout: c_double) -> *const c_char {
    let fake = fake();
    let (mut fake, _) = OUTBOX_CHANGED
        .wait_timeout_while(fake, Duration::from_secs_f64(timeout), |fake| {
            fake.outbox.is_empty()
        })
        .unwrap_or_else(PoisonError::into_inner);
    match fake.outbox.pop_front() {
        Some(text) => returned(text),
        None => std::ptr::null(),
    }
}

extern "C" fn fake_execute(request: *const c_char) -> *const c_char {
    // SAFETY: as in fake_send.
    let request = unsafe { CStr::from_ptr(request) }.to_str().unwrap();
    let request: Value = serde_json::from_str(request).unwrap();
    match request["@type"].as_str().unwrap() {
        "testSquareInt" => {
            let x = request["x"].as_i64().unwrap();
            returned(json!({"@type": "testInt", "value": x * x}).to_string())
        }
        "answerNotJson" => returned("{\"@type\":".to_owned()),
        "answerNull" => std::ptr::null(),
        _ => returned(
            json!({"@type": "error", "code": 400, "message": "The method can't be executed synchronously"})
                .to_string(),
        ),
    }
}

fn td() -> Tdjson<TestUpdate> {
    Tdjson::from_functions(crate::library::Functions::from_fns(
        fake_create_client_id,
        fake_send,
        fake_receive,
        fake_execute,
    ))
}

// ---------------------------------------------------------------------------------------------
// Types as a generated td_api crate has them, by hand.

/// `testInt value:int32 = TestInt;`
#[derive(Debug, PartialEq)]
struct TestInt {
    value: i32,
}

impl Object for TestInt {
    const TYPE: &'static str = "testInt";
    const FIELDS: &'static [&'static str] = &["value"];
    fn write_fields<S: SerializeMap>(&self, map: &mut S) -> Result<(), S::Error> {
        map.serialize_entry("value", &self.value)
    }
}

impl ReadFields for TestInt {
    fn read_fields<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error> {
        let mut found = None;
        fields::<Self, A>(map, |map, _| {
            found = Some(map.next_value_seed(Read::<Int32>::new())?);
            Ok(())
        })?;
        Ok(TestInt {
            value: value::<Int32, A::Error>(found, Self::TYPE, "value")?,
        })
    }
}

impl<'de> Deserialize<'de> for TestInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_object(deserializer)
    }
}

/// A function of the fake: `name x:int32 = TestInt;`, synchronous.
struct Request {
    name: &'static str,
    x: i32,
}

impl Serialize for Request {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("@type", self.name)?;
        map.serialize_entry("x", &self.x)?;
        map.end()
    }
}

impl RemoteCall for Request {
    type Return = TestInt;
    type Error = TdError;
}

impl Synchronous for Request {}

fn request(name: &'static str) -> Request {
    Request { name, x: 0 }
}

/// An `Update` enum that knows no constructor: every update is `Unknown`.
#[derive(Debug)]
struct TestUpdate(Unknown);

impl Variants for TestUpdate {
    const TYPE: &'static str = "Update";
    fn read_variant<'de, A: MapAccess<'de>>(_: &str, _: &mut A) -> Result<Option<Self>, A::Error> {
        Ok(None)
    }
    fn unknown(unknown: Unknown) -> Self {
        TestUpdate(unknown)
    }
}

impl<'de> Deserialize<'de> for TestUpdate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read_variants(deserializer)
    }
}

/// The names of the updates up to the end of the stream.
fn names_until_closed(client: Client<TestUpdate>) -> Vec<String> {
    let updates = client.updates();
    drop(client);
    std::iter::from_fn(|| updates.recv_timeout(Duration::from_secs(5)))
        .map(|update| update.0.name().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn answers_find_their_requests_whatever_the_order() {
    let client = td().client();
    let pending: Vec<_> = (0..500)
        .map(|x| {
            client.send(Request {
                name: "testSquareInt",
                x,
            })
        })
        .collect();
    for (x, answer) in pending.into_iter().enumerate().rev() {
        let x = x as i32;
        assert_eq!(block_on(answer).unwrap(), TestInt { value: x * x });
    }
}

#[test]
fn a_wrong_answer_is_that_requests_error_and_the_receiver_goes_on() {
    let client = td().client();
    let wrong = block_on(client.send(request("answerWrongType"))).unwrap_err();
    assert_eq!(wrong.code(), LOCAL_ERROR_CODE);
    assert!(wrong.message().contains("answered `testInt`"), "{wrong}");
    let broken = block_on(client.send(request("answerNotJson"))).unwrap_err();
    assert!(broken.message().contains("not a TDLib object"), "{broken}");
    let error = block_on(client.send(request("answerError"))).unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(
        block_on(client.send(Request {
            name: "testSquareInt",
            x: 3
        }))
        .unwrap(),
        TestInt { value: 9 }
    );
}

#[test]
fn a_strict_client_refuses_what_a_lenient_one_skips() {
    // Lenient: TDLib's answer may carry keys the schema lacks.
    let td = td();
    let client = td.client();
    assert_eq!(
        block_on(client.send(request("answerWithNewField"))).unwrap(),
        TestInt { value: 3 }
    );
    let strict = td.strict(true).client();
    let refused = block_on(strict.send(request("answerWithNewField"))).unwrap_err();
    assert!(
        refused.message().contains("field_of_a_newer_tdlib"),
        "{refused}"
    );
    // `@extra` and `@client_id` are TDLib's, not the object's: read strictly too.
    assert_eq!(
        block_on(strict.send(Request {
            name: "testSquareInt",
            x: 2
        }))
        .unwrap(),
        TestInt { value: 4 }
    );
    // Strictly, an update of a constructor the types lack is not read, and still comes as
    // Unknown.
    drop(strict.send(request("sendBadUpdates")));
    let names = names_until_closed(strict);
    assert!(names.contains(&"updateNewThing".to_owned()), "{names:?}");
}

#[test]
fn updates_come_typed_and_unreadable_ones_as_unknown_until_closed() {
    let client = td().client();
    // Its answer, `ok`, is not a testInt (read leniently as one with TDLib's defaults).
    let _ = block_on(client.send(request("sendBadUpdates")));
    let names = names_until_closed(client);
    assert_eq!(
        names,
        [
            "updateAuthorizationState", // waitTdlibParameters, at creation
            "updateNewThing",
            "",                         // not JSON, but its @client_id was found
            "updateAuthorizationState", // closing
            "updateAuthorizationState", // closed, the last
        ]
    );
}

#[test]
fn dropping_the_last_handle_closes_the_client_and_cancels_what_is_pending() {
    let client = td().client();
    let copy = client.clone();
    let waiting = client.send(request("neverAnswered"));
    drop(client);
    assert!(!copy.is_closed(), "a handle is left");
    let updates = copy.updates();
    drop(copy);
    assert!(
        updates.is_closed(),
        "the drop waited for authorizationStateClosed"
    );
    let error = block_on(waiting).unwrap_err();
    assert!(
        error.message().contains("closed before TDLib answered"),
        "{error}"
    );
}

#[test]
fn a_closed_client_refuses_requests_at_once() {
    let td = td();
    let client = td.client();
    let _ = block_on(client.send(request("close")));
    block_on(client.closed());
    let error = block_on(client.send(Request {
        name: "testSquareInt",
        x: 1,
    }))
    .unwrap_err();
    assert!(error.message().contains("the client is closed"), "{error}");
}

#[test]
fn execute_answers_synchronously_and_never_panics() {
    let td = td();
    assert_eq!(
        td.execute(&Request {
            name: "testSquareInt",
            x: 5
        })
        .unwrap(),
        TestInt { value: 25 }
    );
    let error = td.execute(&request("answerError")).unwrap_err();
    assert_eq!(error.code(), 400);
    for name in ["answerNotJson", "answerNull"] {
        assert_eq!(
            td.execute(&request(name)).unwrap_err().code(),
            LOCAL_ERROR_CODE
        );
    }
}

#[test]
fn a_missing_library_is_an_error_naming_its_path() {
    let error = Tdjson::<TestUpdate>::open("/nonexistent/libtdjson.so").unwrap_err();
    let message = error.to_string();
    assert!(message.contains("/nonexistent/libtdjson.so"), "{message}");
    assert!(matches!(error, crate::OpenError::Load { .. }));
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn a_library_without_tdjson_functions_is_named_as_such() {
    // glibc's libc is loaded in every such process and has no td_create_client_id.
    let Err(error) = Tdjson::<TestUpdate>::open("libc.so.6") else {
        panic!("libc is not libtdjson");
    };
    let message = error.to_string();
    assert!(message.contains("td_create_client_id"), "{message}");
}
