//! tlforge-tdjson's client, through tlforge-tdlib, against TDLib itself (issue 37): the
//! `libtdjson.so` of TDLib 1.8.66 that `.ci/run` extracts from python-telegram 2.0.0 and names
//! in `TDJSON` (as for tdlib_differential.rs). What runs offline is in /work/shared/TDLIB-JSON.md
//! ("What runs offline"): the synchronous functions, and over a client before
//! `setTdlibParameters` the test functions, `getAuthorizationState` and `close`; other requests
//! answer 400 "Initialization parameters are needed".
//!
//! Every test here shares one library and so one receiver thread, as a program's clients do.
//! Without the library the tests fail when `CI=true` and are skipped, saying why, otherwise.

use std::time::Duration;

use futures::StreamExt;
use futures::executor::block_on;
use futures::future::join_all;
use tlforge_tdlib::{Client, OpenError, Tdjson, enums, functions, types};

const PATIENCE: Duration = Duration::from_secs(30);

/// The library, or `None` (skipped) outside CI when `TDJSON` is not set.
fn td() -> Option<Tdjson> {
    let Some(path) = std::env::var_os("TDJSON") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "TDJSON is not set (.ci/run sets it)"
        );
        println!("skipped (not in CI): TDJSON is not set");
        return None;
    };
    let td = Tdjson::open(&path).unwrap_or_else(|error| panic!("{error}"));
    // TDLib logs at verbosity 5 by default; errors only.
    td.execute(&functions::SetLogVerbosityLevel::new(1))
        .unwrap();
    Some(td)
}

fn square(answer: enums::TestInt) -> i32 {
    let enums::TestInt::TestInt(answer) = answer else {
        panic!("{answer:?}")
    };
    answer.value
}

#[test]
fn execute_get_text_entities_finds_a_mention_and_a_hashtag() {
    let Some(td) = td() else { return };
    let entities = td
        .execute(&functions::GetTextEntities::new("hi @durov #tag".into()))
        .unwrap();
    let enums::TextEntities::TextEntities(entities) = entities else {
        panic!("{entities:?}")
    };
    let found: Vec<_> = entities
        .entities
        .iter()
        .map(|entity| (entity.offset, entity.length, &entity.r#type))
        .collect();
    assert!(
        matches!(
            found[..],
            [
                (3, 6, enums::TextEntityType::TextEntityTypeMention(_)),
                (10, 4, enums::TextEntityType::TextEntityTypeHashtag(_)),
            ]
        ),
        "{found:?}"
    );
}

#[test]
fn execute_gives_tdlibs_error_as_td_error() {
    let Some(td) = td() else { return };
    // td_api.tl: testReturnError "Returns the specified error and ensures that the Error
    // object is used; for testing only. Can be called synchronously".
    let error = td
        .execute(&functions::TestReturnError::new(types::Error::new(
            429,
            "Too Many Requests: retry after 12".into(),
        )))
        .unwrap_err();
    assert_eq!(
        (error.code(), error.message()),
        (429, "Too Many Requests: retry after 12")
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(12)));
}

#[test]
fn a_thousand_concurrent_requests_each_get_their_own_answer() {
    let Some(td) = td() else { return };
    let client: Client = td.client();
    let answers = block_on(join_all(
        (0..1000).map(|x| client.send(functions::TestSquareInt::new(x))),
    ));
    for (x, answer) in (0..1000).zip(answers) {
        assert_eq!(square(answer.unwrap()), x * x, "testSquareInt({x})");
    }
}

#[test]
fn requests_from_many_threads_and_clients_share_one_receiver() {
    let Some(td) = td() else { return };
    std::thread::scope(|scope| {
        for thread in 0..4 {
            let td = td.clone();
            scope.spawn(move || {
                let client = td.client();
                for x in 0..100 {
                    let x = thread * 1000 + x;
                    let answer = block_on(client.send(functions::TestSquareInt::new(x)));
                    assert_eq!(square(answer.unwrap()), x * x);
                }
            });
        }
    });
}

#[tokio::test]
async fn on_tokio_answers_and_the_update_stream_work() {
    let Some(td) = td() else { return };
    let client = td.client();
    let mut updates = client.updates();
    let tasks: Vec<_> = (0..100)
        .map(|x| tokio::spawn(client.send(functions::TestSquareInt::new(x))))
        .collect();
    for (x, task) in (0..100).zip(tasks) {
        assert_eq!(square(task.await.unwrap().unwrap()), x * x);
    }
    let first = tokio::time::timeout(PATIENCE, updates.next())
        .await
        .unwrap();
    assert!(first.is_some());
}

#[test]
fn a_request_that_needs_parameters_fails_with_400() {
    let Some(td) = td() else { return };
    let client = td.client();
    let error = block_on(client.send(functions::GetMe::default())).unwrap_err();
    assert_eq!(error.code(), 400, "{error}");
    assert!(error.message().contains("setTdlibParameters"), "{error}");
}

#[test]
fn the_first_authorization_state_is_wait_tdlib_parameters() {
    let Some(td) = td() else { return };
    let client = td.client();
    let updates = client.updates();
    let mut before = Vec::new();
    let state = loop {
        let update = updates
            .recv_timeout(PATIENCE)
            .expect("an update within the patience");
        match update {
            enums::Update::UpdateAuthorizationState(update) => break update.authorization_state,
            other => before.push(other),
        }
    };
    assert!(
        matches!(
            state,
            enums::AuthorizationState::AuthorizationStateWaitTdlibParameters(_)
        ),
        "{state:?} after {before:?}"
    );
}

#[test]
fn dropping_the_last_handle_closes_the_client() {
    let Some(td) = td() else { return };
    let client = td.client();
    let updates = client.updates();
    // Started: the answer comes from a running client.
    assert_eq!(
        square(block_on(client.send(functions::TestSquareInt::new(3))).unwrap()),
        9
    );
    drop(client);
    assert!(
        updates.is_closed(),
        "the drop waited for authorizationStateClosed"
    );
    let states: Vec<_> = std::iter::from_fn(|| updates.try_recv())
        .filter_map(|update| match update {
            enums::Update::UpdateAuthorizationState(update) => Some(update.authorization_state),
            _ => None,
        })
        .collect();
    assert!(
        matches!(
            states.last(),
            Some(enums::AuthorizationState::AuthorizationStateClosed(_))
        ),
        "{states:?}"
    );
    assert!(
        updates.recv_timeout(Duration::ZERO).is_none(),
        "nothing after the end"
    );
}

#[test]
fn a_strict_client_reads_tdlibs_answers() {
    let Some(td) = td() else { return };
    let client = td.strict(true).client();
    assert_eq!(
        square(block_on(client.send(functions::TestSquareInt::new(-5))).unwrap()),
        25
    );
    let first = client.updates().recv_timeout(PATIENCE).expect("an update");
    assert!(!matches!(first, enums::Update::Unknown(_)), "{first:?}");
}

#[test]
fn a_library_path_that_does_not_exist_is_an_error_naming_it() {
    let error = Tdjson::open("/nonexistent/dir/libtdjson.so").unwrap_err();
    assert!(matches!(error, OpenError::Load { .. }), "{error:?}");
    assert!(
        error.to_string().contains("/nonexistent/dir/libtdjson.so"),
        "{error}"
    );
}

/// The visible lines of the code block after `<!-- tdlib-client -->` (rustdoc's hidden `# `
/// lines left out).
fn client_program(readme: &str) -> Vec<&str> {
    let after = readme
        .split("<!-- tdlib-client -->")
        .nth(1)
        .expect("a <!-- tdlib-client --> marker");
    let block = after.split("```").nth(1).expect("a code block after it");
    block
        .lines()
        .skip(1)
        .filter(|line| !line.starts_with("# "))
        .collect()
}

#[test]
fn the_readme_shows_the_client_program_that_runs_as_a_doctest() {
    // generated/tdlib/README.md is tlforge-tdlib's crate documentation: its block is a doctest
    // run against TDLib in CI.
    let tested = client_program(include_str!("../../generated/tdlib/README.md"));
    let shown = client_program(include_str!("../../README.md"));
    assert_eq!(shown, tested);
    assert!(shown.len() >= 10, "{shown:?}");
}
