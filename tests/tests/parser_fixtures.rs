//! Snapshots of the parser on the fixtures: `fixtures/valid/*.tl` → a description of the model
//! (every field, one line per declaration and argument) plus any warnings; `fixtures/invalid/*.tl`
//! → the rendered diagnostics, without colour.

use std::fmt::Write as _;
use std::path::Path;

use tlforge_parser::{
    Category, Definition, ParameterKind, Report, Schema, SourceFile, Type, TypeParamKind,
    parse_schema,
};

/// Reads a fixture as the CLI does: bytes, then UTF-8 (the report is rendered on a lossy copy).
fn read(path: &Path) -> Result<SourceFile, String> {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    SourceFile::from_bytes(name.clone(), &bytes).map_err(|report| {
        report.render(
            &[SourceFile::new(name, String::from_utf8_lossy(&bytes))],
            false,
        )
    })
}

fn describe_type(ty: &Type) -> String {
    let mut out = String::new();
    if ty.bang {
        out.push('!');
    }
    if ty.percent {
        out.push('%');
    }
    out.push_str(&ty.name.to_string());
    if ty.type_param {
        out.push_str(" (type param)");
    }
    if let Some(arg) = &ty.generic_arg {
        let _ = write!(out, "<{}>", describe_type(arg));
    }
    out
}

fn describe_definition(def: &Definition, out: &mut String) {
    let kind = match def.category {
        Category::Constructor => "constructor",
        Category::Function => "function",
    };
    let id = match def.explicit_id {
        Some(_) => format!("{:#010x} (explicit)", def.id),
        None => format!("{:#010x} (computed)", def.id),
    };
    let mut marks = Vec::new();
    if def.builtin {
        marks.push("builtin");
    }
    if def.builtin_mark {
        marks.push("`?`");
    }
    let _ = writeln!(
        out,
        "{kind} {} id={id}{} at {}:{}",
        def.name,
        if marks.is_empty() {
            String::new()
        } else {
            format!(" [{}]", marks.join(", "))
        },
        def.location.line,
        def.location.column
    );
    let _ = writeln!(out, "    text: {}", def.text);
    for tp in &def.type_params {
        let kind = match tp.kind {
            TypeParamKind::Type => "Type",
            TypeParamKind::Nat => "#",
        };
        let _ = writeln!(out, "    {{{}:{kind}}}", tp.name);
    }
    for p in &def.params {
        let name = if p.name.is_empty() { "_" } else { &p.name };
        let ty = match &p.kind {
            ParameterKind::Nat => "#".to_owned(),
            ParameterKind::Value { ty, flag: None } => describe_type(ty),
            ParameterKind::Value {
                ty,
                flag: Some(flag),
            } => format!(
                "{} if bit {} of {} (param #{})",
                describe_type(ty),
                flag.bit,
                flag.field,
                flag.field_index
            ),
            ParameterKind::Repeated {
                multiplicity: Some(n),
                ty,
            } => format!("{n}*[ {} ] (repeated)", describe_type(ty)),
            ParameterKind::Repeated {
                multiplicity: None,
                ty,
            } => format!(
                "[ {} ] (repeated, count from the `#` before)",
                describe_type(ty)
            ),
        };
        let _ = writeln!(out, "    {name}: {ty}");
    }
    let _ = writeln!(out, "    = {}", describe_type(&def.result));
    if let Some(description) = &def.doc.description {
        let _ = writeln!(out, "    doc: {description}");
    }
    for (param, text) in &def.doc.params {
        let _ = writeln!(out, "    doc {param}: {text}");
    }
}

fn describe(schema: &Schema) -> String {
    let mut out = format!("layer: {:?}\n", schema.layer);
    for (class, description) in &schema.type_docs {
        let _ = writeln!(out, "class {class}: {description}");
    }
    for def in &schema.definitions {
        describe_definition(def, &mut out);
    }
    out
}

#[test]
fn valid_fixtures() {
    insta::glob!("..", "fixtures/valid/*.tl", |path| {
        let source = read(path).expect("valid fixture is UTF-8");
        let parsed = match parse_schema(std::slice::from_ref(&source)) {
            Ok(parsed) => parsed,
            Err(report) => panic!(
                "{} should parse:\n{}",
                path.display(),
                report.render(&[source], false)
            ),
        };
        let mut snapshot = describe(&parsed.schema);
        if !parsed.warnings.is_empty() {
            snapshot.push_str("\nwarnings:\n");
            snapshot.push_str(
                &Report {
                    diagnostics: parsed.warnings,
                }
                .render(&[source], false),
            );
        }
        insta::assert_snapshot!(snapshot);
    });
}

#[test]
fn invalid_fixtures() {
    insta::glob!("..", "fixtures/invalid/*.tl", |path| {
        let rendered = match read(path) {
            Err(rendered) => rendered,
            Ok(source) => match parse_schema(std::slice::from_ref(&source)) {
                Ok(_) => panic!("{} should not parse", path.display()),
                Err(report) => {
                    assert!(report.has_errors());
                    report.render(&[source], false)
                }
            },
        };
        insta::assert_snapshot!(rendered);
    });
}

/// The first diagnostic of each invalid fixture is on the line its comment or content points at:
/// checked here independently of the snapshots, for a few fixtures.
#[test]
fn first_diagnostic_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid");
    for (file, line, column) in [
        ("missing_semicolon.tl", 2, 36),
        ("undefined_type.tl", 2, 19),
        ("stray_character.tl", 2, 1),
        ("unterminated_block_comment.tl", 2, 1),
        ("nul_byte.tl", 2, 37),
        ("invalid_utf8.tl", 3, 24),
        ("flag_bit_too_large.tl", 2, 51),
    ] {
        let path = dir.join(file);
        let report = match read(&path).map(|s| parse_schema(&[s])) {
            Ok(Ok(_)) => panic!("{file} parsed"),
            Ok(Err(report)) => report,
            Err(_) => {
                let bytes = std::fs::read(&path).unwrap();
                SourceFile::from_bytes(file, &bytes).unwrap_err()
            }
        };
        let first = &report.diagnostics[0];
        assert_eq!(
            (first.location.line, first.location.column),
            (line, column),
            "{file}: {first}"
        );
    }
}
