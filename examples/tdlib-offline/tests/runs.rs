//! The example runs to its end against TDLib (`TDJSON`, set by `.ci/run`) and exits 0: no
//! abort at exit, which is what TDLib does to a process that ends with a client open.

use std::process::Command;

#[test]
fn the_example_runs_to_the_end_and_exits_0() {
    if std::env::var_os("TDJSON").is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "TDJSON is not set (.ci/run sets it)"
        );
        println!("skipped (not in CI): TDJSON is not set");
        return;
    }
    let output = Command::new(env!("CARGO_BIN_EXE_tdlib-offline"))
        .output()
        .expect("the example starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{}\n{stdout}\n{stderr}",
        output.status
    );
    let lines: Vec<&str> = stdout.lines().collect();
    for expected in [
        "TDLib 1.8.66",
        "1000 concurrent testSquareInt requests: every answer is its own request's square",
        "authorization state: authorizationStateWaitTdlibParameters",
        "authorization state: authorizationStateWaitPhoneNumber",
        "authorization state: authorizationStateClosed",
        "closed",
    ] {
        assert!(
            lines.contains(&expected),
            "no line {expected:?} in:\n{stdout}"
        );
    }
    assert!(stdout.contains("TextEntityTypeBold"), "{stdout}");
    assert_eq!(lines.last(), Some(&"closed"), "{stdout}");
}
