//! Malformed input never panics, is reported at the right line and column, and is rejected
//! quickly; recursion is bounded.

use std::time::{Duration, Instant};

use tlforge_parser::{MAX_NESTING, Report, SourceFile, parse_schema};

/// Parses `text`, expecting an error; returns the report and checks it renders.
fn rejected(text: &str) -> Report {
    let source = SourceFile::new("bad.tl", text);
    let started = Instant::now();
    let report = parse_schema(std::slice::from_ref(&source)).expect_err("must be rejected");
    let rendered = report.render(&[source], false);
    // Debug build: generous, but far below what an unbounded algorithm would take.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert!(rendered.contains("bad.tl:"), "{rendered}");
    report
}

fn first_at(report: &Report) -> (u32, u32) {
    let d = &report.diagnostics[0];
    (d.location.line, d.location.column)
}

#[test]
fn non_utf8_is_an_error_with_position() {
    let report = SourceFile::from_bytes("bad.tl", b"a = A;\nb = \xc3\x28B;\n").unwrap_err();
    assert_eq!(first_at(&report), (2, 5));
    assert!(report.has_errors());
    assert!(report.to_string().contains("not valid UTF-8"));
    // A truncated multi-byte sequence at the very end.
    let report = SourceFile::from_bytes("bad.tl", "a = A; é".as_bytes().split_last().unwrap().1)
        .unwrap_err();
    assert_eq!(first_at(&report), (1, 8));
}

#[test]
fn nul_byte() {
    let report = rejected("a = A;\n\0b = B;\n");
    assert_eq!(first_at(&report), (2, 1));
    assert!(report.diagnostics[0].message.contains("U+0000"));
}

#[test]
fn ten_megabyte_lines() {
    // One identifier, one declaration of many arguments, many declarations on one line.
    for text in [
        "a".repeat(10_000_000),
        format!("foo {}= Foo;", "x:int ".repeat(1_700_000)),
        "a = A; ".repeat(1_400_000),
    ] {
        let report = rejected(&text);
        assert_eq!(first_at(&report), (1, 1));
        assert!(report.diagnostics[0].message.contains("longer than"));
    }
    // A 10 MB comment is fine.
    let text = format!("// {}\na = A;\n", "x".repeat(10_000_000));
    assert!(parse_schema(&[SourceFile::new("ok.tl", text)]).is_ok());
}

#[test]
fn deep_nesting_is_rejected_before_parsing() {
    let text = format!(
        "foo x:{}int{} = Foo;",
        "Vector<".repeat(20_000),
        ">".repeat(20_000)
    );
    let report = rejected(&text);
    // The `<` of the 65th `Vector<`, after `foo x:`.
    assert_eq!(first_at(&report), (1, 6 + 7 * MAX_NESTING as u32 + 7));
    let text = format!("foo x:int {}\n", "(".repeat(20_000));
    rejected(&text);
}

#[test]
fn maximum_nesting_parses_on_a_small_stack() {
    // 64 levels is accepted; the recursion stays within a 1 MiB thread stack.
    let depth = MAX_NESTING - 1;
    let text = format!(
        "foo x:{}int{} = Foo;",
        "Vector<".repeat(depth),
        ">".repeat(depth)
    );
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let parsed = parse_schema(&[SourceFile::new("deep.tl", text)]).unwrap();
            drop(parsed);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn unterminated_comment() {
    let report = rejected("a = A;\n\n  /* never closed\nb = B;\n");
    assert_eq!(first_at(&report), (3, 3));
}

#[test]
fn garbage_never_panics() {
    for text in [
        "",
        ";",
        "=",
        "#",
        "a#",
        "a#;",
        "{",
        "}",
        "<<<",
        ">>>",
        "a = ;",
        "= A;",
        "a:b",
        "---",
        "--- functions",
        "a b:c.d?e = F;",
        "a b:flags.99999999999?int = F;",
        "a 99999999999*[ int ] = A;",
        "a {X:Type} b:!Y = X;",
        "\u{feff}a = A;",
        "a = A\u{feff};",
        "é = É;",
        "a = A; //",
        "a = A; /*",
        "a x:(vector) = A;",
        "a x:( = A;",
        "a x:%%A = A;",
        "a x:!!X = A;",
    ] {
        let source = SourceFile::new("g.tl", text);
        let result = parse_schema(std::slice::from_ref(&source));
        if let Err(report) = result {
            assert!(!report.diagnostics.is_empty());
            let _ = report.render(&[source], true);
        }
    }
}
