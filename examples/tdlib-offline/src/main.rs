//! A TDLib client that needs no network and no account: loads libtdjson (`$TDJSON`, or
//! libtdjson on the loader's path), prints TDLib's version, parses Markdown, sends 1,000
//! requests at once and checks each answer against its own request, takes a client through
//! `setTdlibParameters` in a temporary directory, prints the authorization states it passes,
//! and closes it.
//!
//! ```sh
//! TDJSON=/path/to/libtdjson.so cargo run -p tdlib-offline
//! ```

use std::error::Error;
use std::time::Duration;

use futures::executor::block_on;
use futures::future::join_all;
use tlforge_tdlib::{Client, Tdjson, enums, functions};

const CONCURRENT_REQUESTS: i32 = 1_000;
/// How long to wait for an update before giving up (offline, TDLib answers in milliseconds).
const PATIENCE: Duration = Duration::from_secs(30);

fn main() -> Result<(), Box<dyn Error>> {
    let td = Tdjson::open_default()?;
    println!("loaded {}", td.path().display());
    // TDLib logs at verbosity 5 by default; errors only (synchronous, no client needed).
    td.execute(&functions::SetLogVerbosityLevel::new(1))?;

    let version = td.execute(&functions::GetOption::new("version".into()))?;
    let enums::OptionValue::OptionValueString(version) = version else {
        return Err(format!("getOption(version) answered {version:?}").into());
    };
    println!("TDLib {}", version.value);

    let markdown = "*bold* _italic_ `code` [tlforge](https://example.com)";
    let parsed = td.execute(&functions::ParseTextEntities::new(
        markdown.into(),
        enums::TextParseMode::TextParseModeMarkdown(
            tlforge_tdlib::types::TextParseModeMarkdown::new(2),
        ),
    ))?;
    let enums::FormattedText::FormattedText(parsed) = parsed else {
        return Err(format!("parseTextEntities answered {parsed:?}").into());
    };
    println!("parsed {markdown:?} into {:?} with:", parsed.text);
    for entity in &parsed.entities {
        println!(
            "  {:?} at {}+{}",
            entity.r#type, entity.offset, entity.length
        );
    }

    let client: Client = td.client();
    let updates = client.updates();
    let answers = block_on(join_all(
        (0..CONCURRENT_REQUESTS).map(|x| client.send(functions::TestSquareInt::new(x))),
    ));
    for (x, answer) in (0..CONCURRENT_REQUESTS).zip(answers) {
        let enums::TestInt::TestInt(answer) = answer? else {
            return Err(format!("testSquareInt({x}) answered something else").into());
        };
        if answer.value != x * x {
            return Err(format!("testSquareInt({x}) answered {}", answer.value).into());
        }
    }
    println!(
        "{CONCURRENT_REQUESTS} concurrent testSquareInt requests: every answer is its own request's square"
    );

    let directory = std::env::temp_dir().join(format!("tdlib-offline-{}", std::process::id()));
    let parameters = functions::SetTdlibParameters::new(
        true, // use_test_dc
        directory.to_string_lossy().into_owned(),
        String::new(),
        Vec::new(),
        false,
        false,
        false,
        false,
        94575, // api_id and api_hash of TDLib's own examples
        "a3406de8d171bb422bb6ddf3bbd800e2".into(),
        "en".into(),
        "tlforge".into(),
        String::new(),
        env!("CARGO_PKG_VERSION").into(),
    );
    let mut parameters_sent = false;
    let result = (|| -> Result<(), Box<dyn Error>> {
        loop {
            let update = updates
                .recv_timeout(PATIENCE)
                .ok_or("no authorization state in time")?;
            let Some(state) = authorization_state(&update) else {
                continue;
            };
            println!("authorization state: {state}");
            match state.as_str() {
                "authorizationStateWaitTdlibParameters" if !parameters_sent => {
                    block_on(client.send(parameters.clone()))?;
                    parameters_sent = true;
                }
                // As far as a client gets without a phone number.
                "authorizationStateWaitPhoneNumber" => return Ok(()),
                _ => {}
            }
        }
    })();
    // Dropping the last handle closes the client; the updates go on until it is closed.
    drop(client);
    for update in std::iter::from_fn(|| updates.recv_timeout(PATIENCE)) {
        if let Some(state) = authorization_state(&update) {
            println!("authorization state: {state}");
        }
    }
    let closed = updates.is_closed();
    let _ = std::fs::remove_dir_all(&directory);
    result?;
    if !closed {
        return Err("the client did not close".into());
    }
    println!("closed");
    Ok(())
}

/// The state an authorization state update announces, by its td_api name.
fn authorization_state(update: &enums::Update) -> Option<String> {
    use enums::AuthorizationState as State;
    let enums::Update::UpdateAuthorizationState(update) = update else {
        return None;
    };
    let name = match &update.authorization_state {
        State::AuthorizationStateWaitTdlibParameters(_) => "authorizationStateWaitTdlibParameters",
        State::AuthorizationStateWaitPhoneNumber(_) => "authorizationStateWaitPhoneNumber",
        State::AuthorizationStateReady(_) => "authorizationStateReady",
        State::AuthorizationStateClosing(_) => "authorizationStateClosing",
        State::AuthorizationStateClosed(_) => "authorizationStateClosed",
        State::Unknown(unknown) => unknown.name(),
        _ => "another authorization state",
    };
    Some(name.to_owned())
}
