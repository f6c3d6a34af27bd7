//! One file: a lexical pre-scan, the pest parse, and pairs → model [`Definition`]s.
//!
//! Pairs are consumed in the order the grammar produces them; the checks that need the whole
//! schema (undefined types, duplicates, ids) live in `validate.rs`.

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

use crate::comments;
use crate::diagnostic::{Diagnostic, LineIndex, Severity};
use crate::grammar::detailed;
use crate::grammar::fast::{Rule, TlParser};
use crate::id::canonical_id;
use crate::model::{
    Category, Definition, Doc, Flag, Location, Name, Parameter, ParameterKind, Span, Type,
    TypeParam, TypeParamKind,
};

/// Deepest nesting of `<`, `(`, `[` and `{` accepted; deeper input is rejected before pest sees
/// it, so neither the parser nor the model builder can run out of stack.
pub const MAX_NESTING: usize = 64;

/// Longest declaration, and longest line, accepted (bytes outside comments). Real ones are under
/// 2 KiB; the limit keeps a 10 MB line from costing seconds and gigabytes.
pub const MAX_DECLARATION_BYTES: usize = 64 * 1024;

/// Names of the primitive types whose zero-argument declarations (`bytes = Bytes;`,
/// `true#3fedd339 = True;`) are builtin lines rather than real constructors.
const PRIMITIVE_NAMES: &[&str] = &[
    "int", "long", "double", "string", "bytes", "int128", "int256", "int32", "int53", "int64",
    "true", "vector",
];

/// What one file yields.
#[derive(Default)]
pub(crate) struct FileOutput {
    pub(crate) definitions: Vec<Definition>,
    /// Spans the model does not keep, parallel to `definitions`.
    pub(crate) extras: Vec<DeclExtra>,
    /// `// LAYER N` and where it is.
    pub(crate) layer: Option<(u32, Location)>,
    /// `//@class X @description …` annotations.
    pub(crate) classes: Vec<(String, String)>,
}

/// Spans of a declaration's parts, for diagnostics.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DeclExtra {
    /// The combinator name.
    pub(crate) name: Span,
    /// The hex digits of the explicit id.
    pub(crate) id: Option<Span>,
    /// The result type.
    pub(crate) result: Span,
}

struct Builder<'a> {
    file: usize,
    file_name: &'a str,
    text: &'a str,
    lines: &'a mut LineIndex,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// Parses one file; problems go to `diagnostics`.
pub(crate) fn parse_file(
    file: usize,
    file_name: &str,
    text: &str,
    lines: &mut LineIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> FileOutput {
    let mut b = Builder {
        file,
        file_name,
        text,
        lines,
        diagnostics,
    };
    if let Err((span, message, label, help)) = prescan(text) {
        b.error(span, message, Some(label), Some(help));
        return FileOutput::default();
    }
    let pairs = match TlParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(fast_error) => {
            // Re-parse with named tokens for a message that says what was expected, from the
            // start of the failing declaration (the parse up to there succeeded).
            let error_pos = match fast_error.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((p, _)) => p,
            };
            let from = last_boundary(text, error_pos);
            match detailed::TlParser::parse(detailed::Rule::file, &text[from..]) {
                Err(e) => b.pest_error(e, from),
                // Both grammars accept the same language; keep the fast parser's error if not.
                Ok(_) => b.error(
                    Span { start: 0, end: 0 },
                    format!("{fast_error}"),
                    None,
                    None,
                ),
            }
            return FileOutput::default();
        }
    };
    let mut out = FileOutput {
        // About one declaration per 100 bytes in real schemas.
        definitions: Vec::with_capacity(text.len() / 100),
        extras: Vec::with_capacity(text.len() / 100),
        ..FileOutput::default()
    };
    if let Some((layer, offset)) = comments::find_layer(text) {
        let location = b.loc(Span {
            start: offset,
            end: offset,
        });
        out.layer = Some((layer, location));
    }
    let mut category = Category::Constructor;
    let mut prev_end = 0;
    // `file` is the one top pair: its children are sections, declarations and EOI.
    for pair in pairs.flat_map(Pair::into_inner) {
        match pair.as_rule() {
            Rule::section => {
                category = if pair
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::functions_marker)
                {
                    Category::Function
                } else {
                    Category::Constructor
                };
            }
            Rule::declaration => {
                let span = pair.as_span();
                let gap = comments::scan_gap(&text[prev_end..span.start()]);
                prev_end = span.end();
                let (mut def, extra) = b.declaration(pair, category);
                if let Some(gap) = gap {
                    def.doc = gap.doc;
                    out.classes.extend(gap.classes);
                }
                out.definitions.push(def);
                out.extras.push(extra);
            }
            _ => {}
        }
    }
    out
}

impl Builder<'_> {
    fn loc(&mut self, span: Span) -> Location {
        self.lines.locate(self.text, self.file, span)
    }

    fn error(&mut self, span: Span, message: String, label: Option<String>, help: Option<String>) {
        let location = self.loc(span);
        self.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            message,
            location,
            file_name: self.file_name.to_owned(),
            label,
            help,
            kind: None,
        });
    }

    fn declaration(&mut self, pair: Pair<'_, Rule>, category: Category) -> (Definition, DeclExtra) {
        let span = to_span(pair.as_span());
        let location = self.loc(span);
        let mut name = Name::default();
        let mut extra = DeclExtra {
            name: span,
            id: None,
            result: span,
        };
        let mut explicit_id = None;
        let children = pair.into_inner();
        let mut type_params: Vec<TypeParam> = Vec::new();
        // Children are the combinator, type params, arguments and the result: one allocation.
        let mut params: Vec<Parameter> = Vec::with_capacity(children.len().saturating_sub(2));
        let mut builtin_mark = false;
        let mut result = None;
        for child in children {
            match child.as_rule() {
                Rule::combinator => {
                    for part in child.into_inner() {
                        match part.as_rule() {
                            Rule::combinator_name => {
                                extra.name = to_span(part.as_span());
                                self.check_ascii(part.as_str(), extra.name.start);
                                name = name_of(part.as_str());
                            }
                            Rule::combinator_id => {
                                let id_span = to_span(part.as_span());
                                extra.id = Some(id_span);
                                explicit_id = self.hex_id(part.as_str(), id_span);
                            }
                            _ => {}
                        }
                    }
                }
                Rule::type_param => type_params.push(self.type_param(child)),
                Rule::builtin_mark => builtin_mark = true,
                Rule::named_argument => params.push(self.named_argument(child, &type_params)),
                Rule::anonymous_nat => {
                    let location = self.loc(to_span(child.as_span()));
                    params.push(Parameter {
                        name: String::new(),
                        kind: ParameterKind::Nat,
                        location,
                    });
                }
                Rule::repetition => params.push(self.repetition(child, &type_params)),
                Rule::anonymous_argument => {
                    let location = self.loc(to_span(child.as_span()));
                    let ty = self.chain(child, &type_params);
                    params.push(Parameter {
                        name: String::new(),
                        kind: ParameterKind::Value { ty, flag: None },
                        location,
                    });
                }
                Rule::result_type => {
                    extra.result = to_span(child.as_span());
                    result = Some(self.chain(child, &type_params));
                }
                _ => {}
            }
        }
        resolve_flag_fields(&mut params);
        let builtin = builtin_mark
            || params
                .iter()
                .any(|p| matches!(p.kind, ParameterKind::Repeated { .. }))
            || (params.is_empty()
                && type_params.is_empty()
                && name.namespace.is_empty()
                && PRIMITIVE_NAMES.contains(&name.name.as_str()));
        let raw = &self.text[span.start..span.end];
        let raw = raw.strip_suffix(';').unwrap_or(raw);
        let mut def = Definition {
            name,
            explicit_id,
            id: 0,
            category,
            type_params,
            params,
            result: result.unwrap_or_else(|| Type::named("")),
            builtin,
            builtin_mark,
            doc: Doc::default(),
            text: normalized_text(raw),
            location,
        };
        def.id = match explicit_id {
            Some(id) => id,
            None => canonical_id(&def),
        };
        (def, extra)
    }

    /// Names are ASCII: the grammar scans name characters with one table lookup that also
    /// admits other letters, so they are rejected here.
    fn check_ascii(&mut self, text: &str, start: usize) {
        if text.is_ascii() {
            return;
        }
        if let Some((i, c)) = text.char_indices().find(|(_, c)| !c.is_ascii()) {
            self.error(
                Span {
                    start: start + i,
                    end: start + i + c.len_utf8(),
                },
                format!("`{c}` in a name"),
                Some("not an ASCII letter, digit or `_`".to_owned()),
                Some("TL names are made of ASCII letters, digits and `_`".to_owned()),
            );
        }
    }

    /// `1f040578`, `7efe0e`: 1 to 8 hex digits, zero-extended.
    fn hex_id(&mut self, digits: &str, span: Span) -> Option<u32> {
        if let Some(bad) = digits.find(|c: char| !c.is_ascii_hexdigit()) {
            self.error(
                Span {
                    start: span.start + bad,
                    end: span.start + bad + 1,
                },
                format!("constructor id `#{digits}` is not hexadecimal"),
                Some("not a hex digit".to_owned()),
                Some("an id is 1 to 8 hex digits: `name#1f040578`".to_owned()),
            );
            return None;
        }
        if digits.len() > 8 {
            self.error(
                span,
                format!(
                    "constructor id `#{digits}` has {} hex digits; an id has at most 8",
                    digits.len()
                ),
                Some("too long for a 32-bit id".to_owned()),
                None,
            );
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    fn type_param(&mut self, pair: Pair<'_, Rule>) -> TypeParam {
        let location = self.loc(to_span(pair.as_span()));
        // `{X:Type}`: the name is between `{` and `:` (no spaces inside, compound-atomic).
        let text = pair.as_str();
        self.check_ascii(text, location.span.start);
        let name = text
            .get(1..)
            .and_then(|t| t.split(':').next())
            .unwrap_or_default()
            .to_owned();
        let kind = if pair.into_inner().any(|p| p.as_rule() == Rule::nat_type) {
            TypeParamKind::Nat
        } else {
            TypeParamKind::Type
        };
        TypeParam {
            name,
            kind,
            location,
        }
    }

    fn named_argument(&mut self, pair: Pair<'_, Rule>, type_params: &[TypeParam]) -> Parameter {
        let span = to_span(pair.as_span());
        let location = self.loc(span);
        // `name:…` is written without spaces: the name is the text before the first `:`.
        let text = pair.as_str();
        self.check_ascii(text, span.start);
        let colon = text.bytes().position(|b| b == b':').unwrap_or(text.len());
        let name = text[..colon].to_owned();
        let mut type_start = span.start + colon + 1;
        let mut flag = None;
        let mut nat = false;
        let mut chain = TypeChain::default();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::nat_type => nat = true,
                Rule::condition => {
                    type_start = part.as_span().end();
                    flag = Some(condition(part));
                }
                Rule::type_name => chain.push(self.leaf(part, type_params)),
                _ => {}
            }
        }
        let kind = if nat {
            ParameterKind::Nat
        } else {
            let mut ty = chain.finish();
            ty.bang = self.text.as_bytes().get(type_start) == Some(&b'!');
            ParameterKind::Value { ty, flag }
        };
        Parameter {
            name,
            kind,
            location,
        }
    }

    /// One `type_name` of a type: `%` is the character just before it.
    fn leaf(&mut self, pair: Pair<'_, Rule>, type_params: &[TypeParam]) -> Type {
        let start = pair.as_span().start();
        self.check_ascii(pair.as_str(), start);
        let name = name_of(pair.as_str());
        let type_param = name.namespace.is_empty()
            && type_params
                .iter()
                .any(|tp| tp.kind == TypeParamKind::Type && tp.name == name.name);
        Type {
            name,
            percent: start > 0 && self.text.as_bytes()[start - 1] == b'%',
            bang: false,
            type_param,
            generic_arg: None,
        }
    }

    /// A type from the `type_name`s among the children of `pair` (see [`TypeChain`]).
    fn chain(&mut self, pair: Pair<'_, Rule>, type_params: &[TypeParam]) -> Type {
        let mut chain = TypeChain::default();
        for part in pair.into_inner() {
            if part.as_rule() == Rule::type_name {
                chain.push(self.leaf(part, type_params));
            }
        }
        chain.finish()
    }

    fn repetition(&mut self, pair: Pair<'_, Rule>, type_params: &[TypeParam]) -> Parameter {
        let span = to_span(pair.as_span());
        let location = self.loc(span);
        let mut multiplicity = None;
        let mut ty = Type::named("");
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::multiplicity => match part.as_str().parse() {
                    Ok(n) => multiplicity = Some(n),
                    Err(_) => self.error(
                        to_span(part.as_span()),
                        format!("repetition count `{}` is too large", part.as_str()),
                        None,
                        None,
                    ),
                },
                Rule::element_type => ty = self.chain(part, type_params),
                _ => {}
            }
        }
        Parameter {
            name: String::new(),
            kind: ParameterKind::Repeated { multiplicity, ty },
            location,
        }
    }

    /// Turns a pest error into a diagnostic that names what was expected in words.
    /// `from` is where the re-parsed text starts in the file.
    fn pest_error(&mut self, e: pest::error::Error<detailed::Rule>, from: usize) {
        let pos = match e.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
        let pos = (from + pos).min(self.text.len());
        match e.variant {
            ErrorVariant::ParsingError { positives, .. } => {
                let expected = describe_expected(&positives);
                // A missing `;` is noticed only at the next token, often on the next line: point
                // just after the last token instead, where the `;` belongs.
                let wants_semicolon = positives.contains(&detailed::Rule::semicolon);
                let before = self.text[..pos].trim_end_matches([' ', '\t', '\r', '\n']);
                if wants_semicolon && self.text[before.len()..pos].contains('\n') {
                    let at = before.len();
                    self.error(
                        Span { start: at, end: at },
                        format!("expected {expected} after `{}`", last_token(before)),
                        Some(format!("expected {expected} here")),
                        Some("a declaration ends with `;`".to_owned()),
                    );
                    return;
                }
                let (found, len) = found_at(self.text, pos);
                // Two mistakes whose literal "expected" reads oddly get a hint.
                let help = if positives.contains(&detailed::Rule::star) {
                    Some("`4*[ int ]` is a repetition; an id is written right after the name, without a space: `name#1f040578`".to_owned())
                } else if positives == [detailed::Rule::colon] && found == "`;`" {
                    Some("if the word before is the result type, write `=` before it".to_owned())
                } else {
                    None
                };
                self.error(
                    Span {
                        start: pos,
                        end: pos + len,
                    },
                    format!("expected {expected}, found {found}"),
                    Some(format!("expected {expected}")),
                    help,
                );
            }
            ErrorVariant::CustomError { message } => {
                self.error(
                    Span {
                        start: pos,
                        end: pos,
                    },
                    message,
                    None,
                    None,
                );
            }
        }
    }
}

fn to_span(span: pest::Span<'_>) -> Span {
    Span {
        start: span.start(),
        end: span.end(),
    }
}

/// `auth.cancelCode` → namespace `["auth"]`, name `cancelCode`; no allocation for the namespace
/// when there is none (the common case).
fn name_of(full: &str) -> Name {
    if full.contains('.') {
        Name::parse(full)
    } else {
        Name {
            namespace: Vec::new(),
            name: full.to_owned(),
        }
    }
}

/// `flags.3?` → the flag, with `field_index` filled in later.
fn condition(pair: Pair<'_, Rule>) -> Flag {
    // The grammar guarantees `ident.digits?`.
    let text = pair.as_str().trim_end_matches('?');
    let (field, bit) = text.split_once('.').unwrap_or((text, ""));
    Flag {
        field: field.to_owned(),
        field_index: usize::MAX,
        // Too many digits for u32 is certainly above 31; validation reports it.
        bit: bit.parse().unwrap_or(u32::MAX),
    }
}

/// A type read as the chain of its names: the grammar produces one `type_name` pair per level,
/// outermost first, so `Vector<Vector<int>>` and `(vector (vector int))` are `Vector`, `Vector`,
/// `int`. Only types nested deeper than one level allocate here.
#[derive(Default)]
struct TypeChain {
    outer: Option<Type>,
    inner: Vec<Type>,
}

impl TypeChain {
    fn push(&mut self, ty: Type) {
        if self.outer.is_none() {
            self.outer = Some(ty);
        } else {
            self.inner.push(ty);
        }
    }

    fn finish(mut self) -> Type {
        let mut arg: Option<Box<Type>> = None;
        while let Some(mut ty) = self.inner.pop() {
            ty.generic_arg = arg;
            arg = Some(Box::new(ty));
        }
        let mut outer = self.outer.unwrap_or_else(|| Type::named(""));
        outer.generic_arg = arg;
        outer
    }
}

/// Sets [`Flag::field_index`] to the index of the first argument named like the flag's field
/// (earlier or not: validation reports a missing, later or non-`#` field).
fn resolve_flag_fields(params: &mut [Parameter]) {
    let mut first_index = std::collections::HashMap::new();
    let use_map = params.len() > 32;
    if use_map {
        for (i, p) in params.iter().enumerate().rev() {
            first_index.insert(p.name.clone(), i);
        }
    }
    for i in 0..params.len() {
        let ParameterKind::Value {
            flag: Some(flag), ..
        } = &params[i].kind
        else {
            continue;
        };
        let index = if use_map {
            first_index.get(&flag.field).copied()
        } else {
            params.iter().position(|p| p.name == flag.field)
        };
        if let ParameterKind::Value {
            flag: Some(flag), ..
        } = &mut params[i].kind
        {
            flag.field_index = index.unwrap_or(usize::MAX);
        }
    }
}

/// The declaration text with comments removed and whitespace collapsed to single spaces.
fn normalized_text(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let simple = !bytes
        .iter()
        .any(|&b| matches!(b, b'\n' | b'\r' | b'\t' | b'/'))
        && !raw.contains("  ")
        && !raw.ends_with(' ');
    if simple {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut pending_space = false;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("//") {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
            pending_space = true;
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |i| &rest[i + 2..]);
            pending_space = true;
        } else if c.is_whitespace() || c == '\u{feff}' {
            rest = &rest[c.len_utf8()..];
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

type PrescanError = (Span, String, String, String);

/// What the pre-scan and [`last_boundary`] see: comments skipped, brackets and `;` found.
/// TL has no string literals, so this is exact.
fn scan(
    text: &str,
    upto: usize,
    mut on_byte: impl FnMut(usize, u8) -> Result<(), PrescanError>,
) -> Result<(), PrescanError> {
    let bytes = text.as_bytes();
    let end = upto.min(bytes.len());
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match text[i + 2..].find("*/") {
                Some(n) => i += n + 4,
                None => {
                    return Err((
                        Span {
                            start: i,
                            end: i + 2,
                        },
                        "unterminated block comment".to_owned(),
                        "this `/*` is never closed".to_owned(),
                        "close the comment with `*/`".to_owned(),
                    ));
                }
            },
            b => {
                on_byte(i, b)?;
                i += 1;
            }
        }
    }
    Ok(())
}

/// Rejects, before pest runs, what would make it recurse without bound, take long, or report a
/// confusing error: nesting deeper than [`MAX_NESTING`], a declaration or a line (comments
/// aside) longer than [`MAX_DECLARATION_BYTES`], an unterminated `/*` comment.
fn prescan(text: &str) -> Result<(), PrescanError> {
    let mut depth = 0usize;
    let mut decl_start: Option<usize> = None;
    let mut line_start: Option<usize> = None;
    scan(text, text.len(), |i, b| {
        if b == b'\n' {
            line_start = None;
        } else {
            let start = *line_start.get_or_insert(i);
            if i - start > MAX_DECLARATION_BYTES {
                return Err((
                    Span { start, end: start },
                    format!("line longer than {} KiB", MAX_DECLARATION_BYTES / 1024),
                    "this line is too long (comments aside)".to_owned(),
                    "real schemas have lines well under 2 KiB; put declarations on lines of their own".to_owned(),
                ));
            }
        }
        match b {
            b'<' | b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err((
                        Span {
                            start: i,
                            end: i + 1,
                        },
                        format!("types nested more than {MAX_NESTING} levels deep"),
                        format!("nesting level {depth}"),
                        format!(
                            "at most {MAX_NESTING} levels of `<`, `(`, `[` or `{{` are accepted"
                        ),
                    ));
                }
            }
            b'>' | b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b';' => {
                depth = 0;
                decl_start = None;
                return Ok(());
            }
            b' ' | b'\t' | b'\r' | b'\n' => return Ok(()),
            _ => {}
        }
        let start = *decl_start.get_or_insert(i);
        if i - start > MAX_DECLARATION_BYTES {
            return Err((
                Span { start, end: start },
                format!(
                    "declaration longer than {} KiB",
                    MAX_DECLARATION_BYTES / 1024
                ),
                "this declaration has no `;` within 64 KiB".to_owned(),
                "a declaration ends with `;`; real ones are well under 2 KiB".to_owned(),
            ));
        }
        Ok(())
    })
}

/// Where the declaration containing `pos` starts: just after the last `;` before it (outside
/// comments), or 0. The detailed parser re-parses from there, not from the start of the file.
fn last_boundary(text: &str, pos: usize) -> usize {
    let mut boundary = 0;
    let _ = scan(text, pos, |i, b| {
        if b == b';' {
            boundary = i + 1;
        }
        Ok(())
    });
    boundary
}

/// `a declaration, a section marker or end of file`.
fn describe_expected(rules: &[detailed::Rule]) -> String {
    let mut words: Vec<&str> = Vec::new();
    use detailed::Rule;
    // Where an argument may start, the rare forms (`{X:Type}`, `#`, `[ t ]`, `(T)`, `?`) are all
    // "an argument"; where a type may start, `%`, `(`, `!` and `flags.N?` are all "a type".
    let argument_expected = rules
        .iter()
        .any(|r| matches!(r, Rule::named_argument | Rule::var_name | Rule::type_param));
    let type_expected = rules
        .iter()
        .any(|r| matches!(r, Rule::type_expr | Rule::type_name));
    for &rule in rules {
        let word = match rule {
            Rule::named_argument
            | Rule::var_name
            | Rule::anonymous_nat
            | Rule::repetition
            | Rule::multiplicity
            | Rule::lbracket
            | Rule::anonymous_argument
            | Rule::type_param
            | Rule::lbrace
            | Rule::builtin_mark
            | Rule::lparen
                if argument_expected =>
            {
                "an argument (`name:type`)"
            }
            Rule::type_expr
            | Rule::type_name
            | Rule::paren_type
            | Rule::lparen
            | Rule::percent
            | Rule::bang
            | Rule::condition
            | Rule::flag_field
            | Rule::nat_type
                if type_expected =>
            {
                "a type"
            }
            _ => describe(rule),
        };
        if !word.is_empty() && !words.contains(&word) {
            words.push(word);
        }
    }
    // "…, or end of file" reads better than end of file first.
    if let Some(i) = words.iter().position(|w| *w == "end of file") {
        let eof = words.remove(i);
        words.push(eof);
    }
    match words.len() {
        0 => "valid TL".to_owned(),
        1 => words[0].to_owned(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

/// What a rule means, in words, for "expected …" messages.
fn describe(rule: detailed::Rule) -> &'static str {
    use detailed::Rule;
    match rule {
        // Reported alone when the text fails right at its start.
        Rule::file => "a declaration, a section marker or end of file",
        Rule::section => "a section marker (`---functions---` or `---types---`)",
        Rule::functions_marker => "`functions`",
        Rule::types_marker => "`types`",
        // The combinator name is only ever expected where a declaration starts.
        Rule::declaration | Rule::combinator | Rule::combinator_name => "a declaration",
        Rule::combinator_id => "a hexadecimal id",
        Rule::type_param => "an optional argument (`{X:Type}`)",
        Rule::builtin_mark => "`?`",
        Rule::named_argument => "an argument (`name:type`)",
        Rule::condition => "a flag condition (`flags.N?`)",
        Rule::flag_field => "a flags field name",
        Rule::flag_bit => "a bit number",
        Rule::anonymous_nat | Rule::nat_type | Rule::hash => "`#`",
        Rule::repetition => "a repetition (`[ t ]`)",
        Rule::multiplicity => "a repetition count",
        Rule::anonymous_argument | Rule::paren_type => "a parenthesized type",
        Rule::type_expr | Rule::element_type => "a type",
        Rule::result_type => "a result type",
        Rule::type_name => "a type name",
        Rule::var_name => "a name",
        Rule::type_keyword => "`Type`",
        Rule::colon => "`:`",
        Rule::dot => "`.`",
        Rule::question => "`?`",
        Rule::bang => "`!`",
        Rule::percent => "`%`",
        Rule::star => "`*`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::langle => "`<`",
        Rule::rangle => "`>`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::lbracket => "`[`",
        Rule::rbracket => "`]`",
        Rule::equals => "`=`",
        Rule::semicolon => "`;`",
        Rule::EOI => "end of file",
        Rule::argument
        | Rule::bom
        | Rule::ident
        | Rule::inner_space
        | Rule::WHITESPACE
        | Rule::comment
        | Rule::line_comment_text
        | Rule::block_comment_text => "",
    }
}

/// What is at `pos`, for "found …": a word, a character, or end of file; and its byte length.
fn found_at(text: &str, pos: usize) -> (String, usize) {
    let rest = &text[pos..];
    let Some(c) = rest.chars().next() else {
        return ("end of file".to_owned(), 0);
    };
    if c.is_ascii_alphanumeric() || c == '_' {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        if len > 40 {
            return (format!("`{}…`", &rest[..40]), len);
        }
        return (format!("`{}`", &rest[..len]), len);
    }
    let word = match c {
        ' ' => Some("a space"),
        '\t' => Some("a tab"),
        '\n' | '\r' => Some("end of line"),
        _ => None,
    };
    if let Some(word) = word {
        return (word.to_owned(), c.len_utf8());
    }
    if c.is_control() || c.is_whitespace() {
        return (format!("U+{:04X}", c as u32), c.len_utf8());
    }
    (format!("`{c}`"), c.len_utf8())
}

/// The last token of `text`, for "expected `;` after `Foo`".
fn last_token(text: &str) -> &str {
    let start = text.rfind(|c: char| c.is_whitespace()).map_or(0, |i| i + 1);
    let token = &text[start..];
    match token.char_indices().nth(40) {
        Some((i, _)) => &token[..i],
        None => token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_normalized() {
        assert_eq!(normalized_text("a x:int = B"), "a x:int = B");
        assert_eq!(
            normalized_text("a\n  x:int // c\n /* d */ = B "),
            "a x:int = B"
        );
    }

    #[test]
    fn prescan_limits() {
        assert!(prescan("a x:Vector<int> = B;").is_ok());
        assert!(prescan(&"<".repeat(MAX_NESTING)).is_ok());
        assert!(prescan(&"<".repeat(MAX_NESTING + 1)).is_err());
        assert!(prescan("// <<<<<<\n/* ( */").is_ok());
        assert!(prescan("a = B; /* x").is_err());
        let long = format!("a {}= B;", "x:int ".repeat(20_000));
        assert!(prescan(&long).is_err());
        let many = "a x:int = B;\n".repeat(20_000);
        assert!(prescan(&many).is_ok());
        assert_eq!(last_boundary("a = B; // ;\nc", 13), 6);
    }
}
