//! Checks that need the whole schema or the meaning of a declaration: undefined types,
//! duplicates, flags, `!X`, name case, id verification. Every problem is collected.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::SourceFile;
use crate::diagnostic::{Diagnostic, DiagnosticKind, LineIndex, Severity};
use crate::id::{canonical_id, explicit_id_reproduced, known_id_exception, telegram_id};
use crate::model::{Category, Definition, Name, ParameterKind, Schema, Span, Type};
use crate::parse::DeclExtra;

/// Types every schema may use without declaring them: TL's base types, the builtin vector, and
/// the types generators provide themselves (Telegram's api.tl declares none of `int`, `long`, …).
const PREDEFINED: &[&str] = &[
    "int", "long", "double", "string", "bytes", "int128", "int256", "true", "vector", "Vector",
    "Bool", "Object",
];

/// Diagnostics collected at most (then sorted and cut to [`crate::MAX_DIAGNOSTICS`]).
const COLLECT_LIMIT: usize = 10 * crate::MAX_DIAGNOSTICS;

/// A small, fast hasher for the name lookups (one per type reference); SipHash's DoS resistance
/// is not needed for schema names.
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxBuild = BuildHasherDefault<FxHasher>;

pub(crate) struct Validator<'a> {
    pub(crate) sources: &'a [SourceFile],
    pub(crate) lines: &'a mut [LineIndex],
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
}

/// The type names a schema defines.
struct Known<'d> {
    /// Result types of constructors: `User`, `auth.Authorization`.
    boxed: HashSet<&'d Name, FxBuild>,
    /// Constructor names, usable as bare types: `future_salt`, `int`.
    bare: HashSet<&'d Name, FxBuild>,
    /// Types that take an argument: `Vector`, and the results of `{t:Type}` constructors.
    generic: HashSet<&'d Name, FxBuild>,
}

impl Validator<'_> {
    fn push(
        &mut self,
        severity: Severity,
        file: usize,
        span: Span,
        message: String,
        label: Option<String>,
        help: Option<String>,
    ) {
        // Past the limit only count: formatting and locating millions of diagnostics for a
        // 10 MB declaration would take seconds (the count is reported by `cap`).
        if self.diagnostics.len() >= COLLECT_LIMIT {
            self.diagnostics.truncate(COLLECT_LIMIT);
            return;
        }
        let (Some(source), Some(lines)) = (self.sources.get(file), self.lines.get_mut(file)) else {
            return;
        };
        let location = lines.locate(&source.text, file, span);
        self.diagnostics.push(Diagnostic {
            severity,
            message,
            location,
            file_name: source.name.clone(),
            label,
            help,
            kind: None,
        });
    }

    fn text(&self, file: usize) -> &str {
        self.sources.get(file).map_or("", |s| s.text.as_str())
    }

    fn where_is(&mut self, def: &Definition) -> String {
        let name = self
            .sources
            .get(def.location.file)
            .map_or("", |s| s.name.as_str());
        format!("{name}:{}:{}", def.location.line, def.location.column)
    }

    pub(crate) fn validate(&mut self, defs: &[Definition], extras: &[DeclExtra]) {
        let known = known_types(defs);
        for (def, extra) in defs.iter().zip(extras) {
            self.check_definition(def, extra, &known);
        }
        self.check_duplicates(defs, extras);
        self.check_ids(defs, extras);
    }

    fn check_definition(&mut self, def: &Definition, extra: &DeclExtra, known: &Known<'_>) {
        let file = def.location.file;
        if def.name.is_uppercase() {
            self.push(
                Severity::Error,
                file,
                extra.name,
                format!(
                    "combinator name `{}` starts with an uppercase letter",
                    def.name
                ),
                Some("constructor and function names start lowercase".to_owned()),
                Some(format!(
                    "uppercase names are types; write `{}` or put the type after `=`",
                    lowercase_first(&def.name)
                )),
            );
        }
        if !def.result.type_param && !def.result.name.is_uppercase() {
            self.push(
                Severity::Error,
                file,
                extra.result,
                format!(
                    "result type `{}` of `{}` starts with a lowercase letter",
                    def.result.name, def.name
                ),
                Some("a result type names a boxed type".to_owned()),
                Some("boxed type names start uppercase: `= User`, `= auth.Authorization`".into()),
            );
        } else if def.category == Category::Function {
            self.check_type(&def.result, file, extra.result, known);
        }
        // A set only for long argument lists: most declarations have a handful.
        let mut seen: HashSet<&str, FxBuild> = HashSet::default();
        let use_set = def.params.len() > 16;
        for (i, p) in def.params.iter().enumerate() {
            let repeated = if use_set {
                !seen.insert(&p.name)
            } else {
                def.params[..i].iter().any(|q| q.name == p.name)
            };
            if !p.name.is_empty() && repeated {
                self.push(
                    Severity::Error,
                    file,
                    p.location.span,
                    format!("argument `{}` of `{}` is declared twice", p.name, def.name),
                    Some("second declaration".to_owned()),
                    None,
                );
            }
            match &p.kind {
                ParameterKind::Nat
                    if p.name.is_empty()
                        && !matches!(
                            def.params.get(i + 1).map(|q| &q.kind),
                            Some(ParameterKind::Repeated { .. })
                        ) =>
                {
                    self.push(
                        Severity::Error,
                        file,
                        p.location.span,
                        format!("unnamed `#` argument in `{}`", def.name),
                        Some("an unnamed `#` only counts a following `[ t ]`".to_owned()),
                        Some("name it (`n:#`), or if this was meant as an id, write it right after the name: `name#1f040578`".to_owned()),
                    );
                }
                ParameterKind::Nat => {}
                ParameterKind::Repeated { ty, .. } => {
                    self.check_type(ty, file, p.location.span, known)
                }
                ParameterKind::Value { ty, flag } => {
                    if let Some(flag) = flag {
                        self.check_flag(def, i, flag, file);
                    }
                    if ty.bang && !ty.type_param {
                        self.push(
                            Severity::Error,
                            file,
                            find_word(self.text(file), p.location.span, &ty.name.to_string()),
                            format!(
                                "`!{}` refers to no `{{{}:Type}}` argument of `{}`",
                                ty.name, ty.name, def.name
                            ),
                            Some("not a type variable of this declaration".to_owned()),
                            Some(format!(
                                "declare it before the arguments: `{} {{{}:Type}} …`",
                                def.name, ty.name
                            )),
                        );
                    } else {
                        self.check_type(ty, file, p.location.span, known);
                    }
                }
            }
        }
    }

    /// A conditional field's flag: an earlier `#` field, bit 0..=31.
    fn check_flag(&mut self, def: &Definition, index: usize, flag: &crate::Flag, file: usize) {
        let p = &def.params[index];
        // `name:field.bit?` is written without spaces, so the offsets follow from the lengths.
        let field_start = p.location.span.start + p.name.len() + 1;
        let field_span = Span {
            start: field_start,
            end: field_start + flag.field.len(),
        };
        let bit_start = field_span.end + 1;
        let bit_len = self.text(file)[bit_start.min(self.text(file).len())..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let bit_span = Span {
            start: bit_start,
            end: bit_start + bit_len,
        };
        match def.params.get(flag.field_index) {
            None => {
                // A misspelt flags word (`flag.1?` beside `flags:#`) is likelier than a missing
                // one: name the `#` field it is closest to. A numbered word beside it
                // (`flags2.0?` beside `flags:#`) is more likely a new word than a typo.
                let nat_fields = def
                    .params
                    .iter()
                    .filter(|q| q.kind == ParameterKind::Nat)
                    .map(|q| q.name.as_str());
                let declare = format!("declare `{}:#` before `{}`", flag.field, p.name);
                let help = match closest_name(&flag.field, nat_fields) {
                    Some(close) if is_numbered(&flag.field, close) => {
                        format!("{declare}, or did you mean `{close}`?")
                    }
                    Some(close) => format!("did you mean `{close}`?"),
                    None => declare,
                };
                self.push(
                    Severity::Error,
                    file,
                    field_span,
                    format!(
                        "flag field `{}` of `{}` is not an argument of `{}`",
                        flag.field, p.name, def.name
                    ),
                    Some("no such argument".to_owned()),
                    Some(help),
                );
            }
            Some(_) if flag.field_index >= index => self.push(
                Severity::Error,
                file,
                field_span,
                format!(
                    "flag field `{}` is declared after `{}`, which depends on it",
                    flag.field, p.name
                ),
                Some("declared later".to_owned()),
                Some(format!(
                    "move `{}:#` before the fields that use it",
                    flag.field
                )),
            ),
            Some(field) if field.kind != ParameterKind::Nat => self.push(
                Severity::Error,
                file,
                field_span,
                format!(
                    "flag field `{}` of `{}` is not a `#` field",
                    flag.field, p.name
                ),
                Some("not declared as `#`".to_owned()),
                Some(format!("a flags word is declared `{}:#`", flag.field)),
            ),
            Some(_) => {}
        }
        if flag.bit > 31 {
            let bit_text = &self.text(file)[bit_span.start.min(bit_span.end)..bit_span.end];
            let shown = if bit_text.is_empty() {
                flag.bit.to_string()
            } else {
                bit_text.to_owned()
            };
            self.push(
                Severity::Error,
                file,
                bit_span,
                format!("flag bit {shown} of `{}` is out of range", p.name),
                Some("a flags word has bits 0 to 31".to_owned()),
                None,
            );
        }
    }

    /// An undefined type, a vector without its argument, an argument to a non-generic type.
    fn check_type(&mut self, ty: &Type, file: usize, within: Span, known: &Known<'_>) {
        if ty.type_param {
            return;
        }
        let is_predefined =
            ty.name.namespace.is_empty() && PREDEFINED.contains(&ty.name.name.as_str());
        let defined = is_predefined
            || if ty.name.is_uppercase() {
                known.boxed.contains(&ty.name)
            } else {
                known.bare.contains(&ty.name)
            };
        if !defined && self.diagnostics.len() < COLLECT_LIMIT {
            let name = ty.name.to_string();
            let help = known
                .suggest(&ty.name)
                .map(|s| format!("did you mean `{s}`?"));
            self.push(
                Severity::Error,
                file,
                find_word(self.text(file), within, &name),
                format!("undefined type `{name}`"),
                Some("no declaration has this type".to_owned()),
                help,
            );
        }
        let is_vector =
            ty.name.namespace.is_empty() && (ty.name.name == "Vector" || ty.name.name == "vector");
        match &ty.generic_arg {
            None if is_vector => self.push(
                Severity::Error,
                file,
                find_word(self.text(file), within, &ty.name.name),
                format!("`{}` needs a type argument", ty.name.name),
                Some("element type missing".to_owned()),
                Some(format!("write `{}<T>`", ty.name.name)),
            ),
            Some(arg) => {
                if !is_vector && defined && !known.generic.contains(&ty.name) {
                    self.push(
                        Severity::Error,
                        file,
                        find_word(self.text(file), within, &ty.name.to_string()),
                        format!("type `{}` takes no type argument", ty.name),
                        Some("not a generic type".to_owned()),
                        None,
                    );
                }
                self.check_type(arg, file, within, known);
            }
            None => {}
        }
    }

    fn check_duplicates(&mut self, defs: &[Definition], extras: &[DeclExtra]) {
        let mut first: HashMap<&Name, usize, FxBuild> =
            HashMap::with_capacity_and_hasher(defs.len(), FxBuild::default());
        for (i, def) in defs.iter().enumerate() {
            let Some(&j) = first.get(&def.name) else {
                first.insert(&def.name, i);
                continue;
            };
            let other = &defs[j];
            // api.tl and mtproto.tl both declare `vector`: the same builtin twice is fine.
            if def.builtin && other.builtin && def.id == other.id {
                continue;
            }
            let at = self.where_is(other);
            self.push(
                Severity::Error,
                def.location.file,
                extras[i].name,
                format!("`{}` is declared twice", def.name),
                Some("declared again here".to_owned()),
                Some(format!("first declared at {at}")),
            );
        }
    }

    fn check_ids(&mut self, defs: &[Definition], extras: &[DeclExtra]) {
        let mut first: HashMap<u32, usize, FxBuild> =
            HashMap::with_capacity_and_hasher(defs.len(), FxBuild::default());
        for (i, def) in defs.iter().enumerate() {
            let id_span = extras[i].id.unwrap_or(extras[i].name);
            if let Some(id) = def.explicit_id {
                if !explicit_id_reproduced(def)
                    && known_id_exception(&def.name.to_string(), id).is_none()
                {
                    let (telegram, canonical) = (telegram_id(def), canonical_id(def));
                    let rules = if telegram == canonical {
                        format!("both id rules give {telegram:#010x}")
                    } else {
                        format!(
                            "Telegram's rule gives {telegram:#010x}, the canonical rule {canonical:#010x}"
                        )
                    };
                    let before = self.diagnostics.len();
                    self.push(
                        Severity::Warning,
                        def.location.file,
                        id_span,
                        format!(
                            "id {id:#010x} of `{}` (line {}) does not match its text: {rules}",
                            def.name, def.location.line,
                        ),
                        Some("explicit id used as written".to_owned()),
                        Some("check the id or the declaration; the written id is what goes on the wire".to_owned()),
                    );
                    // (`push` only counts past its limit.)
                    if let Some(last) = self.diagnostics.get_mut(before) {
                        last.kind = Some(DiagnosticKind::IdMismatch {
                            definition: def.name.to_string(),
                        });
                    }
                }
            }
            let Some(&j) = first.get(&def.id) else {
                first.insert(def.id, i);
                continue;
            };
            let other = &defs[j];
            // The same name twice is reported as a duplicate name already.
            if def.name == other.name {
                continue;
            }
            let at = self.where_is(other);
            let both_constructors =
                def.category == Category::Constructor && other.category == Category::Constructor;
            if both_constructors {
                self.push(
                    Severity::Error,
                    def.location.file,
                    id_span,
                    format!(
                        "constructors `{}` and `{}` have the same id {:#010x}",
                        other.name, def.name, def.id
                    ),
                    Some("id already used".to_owned()),
                    Some(format!("`{}` is declared at {at}", other.name)),
                );
            } else {
                // tdlib's `invokeWith…Prefix` pseudo-functions reuse the ids of the real ones.
                self.push(
                    Severity::Warning,
                    def.location.file,
                    id_span,
                    format!(
                        "`{}` and `{}` have the same id {:#010x}",
                        other.name, def.name, def.id
                    ),
                    Some("id already used".to_owned()),
                    Some(format!("`{}` is declared at {at}", other.name)),
                );
            }
        }
    }
}

fn known_types(defs: &[Definition]) -> Known<'_> {
    let mut known = Known {
        boxed: HashSet::default(),
        bare: HashSet::default(),
        generic: HashSet::default(),
    };
    for def in defs.iter().filter(|d| d.category == Category::Constructor) {
        known.boxed.insert(&def.result.name);
        known.bare.insert(&def.name);
        if !def.type_params.is_empty() {
            known.generic.insert(&def.result.name);
            known.generic.insert(&def.name);
        }
    }
    known
}

impl Known<'_> {
    /// A defined name within edit distance 2, for "did you mean".
    fn suggest(&self, name: &Name) -> Option<String> {
        let names: Vec<String> = self
            .boxed
            .iter()
            .chain(self.bare.iter())
            .map(|n| n.to_string())
            .chain(PREDEFINED.iter().map(|s| (*s).to_owned()))
            .collect();
        closest_name(&name.to_string(), names.iter().map(String::as_str)).map(str::to_owned)
    }
}

/// Whether `diagnostic` is the id mismatch of a definition named in `allowed`: the names a user
/// accepts as known quirks of an upstream schema (`--allow-id-mismatch`,
/// `Config::allow_id_mismatch`), whose warnings are then neither shown nor counted.
pub fn is_allowed_id_mismatch(diagnostic: &Diagnostic, allowed: &[String]) -> bool {
    matches!(&diagnostic.kind, Some(DiagnosticKind::IdMismatch { definition })
        if allowed.contains(definition))
}

/// The names of `allowed` (accepted id mismatches) that are no definition of `schema`, each
/// with the closest definition name, for "did you mean": a misspelt name accepts nothing.
pub fn unknown_definition_names<'a>(
    schema: &Schema,
    allowed: &'a [String],
) -> Vec<(&'a str, Option<String>)> {
    let names: Vec<String> = schema
        .user_definitions()
        .map(|d| d.name.to_string())
        .collect();
    allowed
        .iter()
        .filter(|name| !names.contains(name))
        .map(|name| {
            let closest = closest_name(name, names.iter().map(String::as_str));
            (name.as_str(), closest.map(str::to_owned))
        })
        .collect()
}

/// The name among `candidates` within edit distance 2 of `wanted` (the closest, then the first
/// in order), for "did you mean"; `None` when none is that close.
pub fn closest_name<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|n| n.len().abs_diff(wanted.len()) <= 2)
        .map(|n| (edit_distance(wanted, n), n))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, n)| n)
}

/// Whether `name` is `base` followed by digits (`flags2` of `flags`).
fn is_numbered(name: &str, base: &str) -> bool {
    name.strip_prefix(base)
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (prev + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn lowercase_first(name: &Name) -> String {
    let mut out = name.to_string();
    let start = out.len() - name.name.len();
    if let Some(c) = name.name.chars().next() {
        out.replace_range(start..start + c.len_utf8(), &c.to_lowercase().to_string());
    }
    out
}

/// The span of `word` as a whole identifier inside `within`, or `within` if not found.
fn find_word(text: &str, within: Span, word: &str) -> Span {
    let end = within.end.min(text.len());
    let start = within.start.min(end);
    let Some(hay) = text.get(start..end) else {
        return within;
    };
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    let mut from = 0;
    while let Some(i) = hay[from..].find(word) {
        let at = from + i;
        let before_ok = !hay[..at].chars().next_back().is_some_and(is_ident);
        let after_ok = !hay[at + word.len()..].chars().next().is_some_and(is_ident);
        if before_ok && after_ok {
            return Span {
                start: start + at,
                end: start + at + word.len(),
            };
        }
        from = at + word.len().max(1);
    }
    within
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_whole() {
        let text = "x:flags.0?Vector<InputUser> = User;";
        let within = Span { start: 0, end: 27 };
        assert_eq!(find_word(text, within, "User"), within);
        assert_eq!(
            find_word(text, within, "InputUser"),
            Span { start: 17, end: 26 }
        );
    }

    /// The help of a flag whose field is no argument: the closest `#` field, when one is close.
    fn flag_field_help(text: &str) -> String {
        let report = crate::parse_schema(&[crate::SourceFile::new("t.tl", text)]).unwrap_err();
        let diagnostic = report
            .diagnostics
            .iter()
            .find(|d| d.message.contains("is not an argument of"))
            .expect("the flag field's error");
        diagnostic.help.clone().unwrap_or_default()
    }

    #[test]
    fn a_misspelt_flags_word_is_named() {
        assert_eq!(
            flag_field_help("message flags:# id:int text:flag.1?string = Message;"),
            "did you mean `flags`?"
        );
        // A numbered word beside `flags` may be new: both ways out.
        assert_eq!(
            flag_field_help("message flags:# id:int text:flags2.1?string = Message;"),
            "declare `flags2:#` before `text`, or did you mean `flags`?"
        );
        // No `#` field close to it (or none at all): declare it.
        assert_eq!(
            flag_field_help("message count:# id:int text:flag.1?string = Message;"),
            "declare `flag:#` before `text`"
        );
        assert_eq!(
            flag_field_help("message id:int text:flag.1?string = Message;"),
            "declare `flag:#` before `text`"
        );
        // A close name that is not a `#` field is not suggested.
        assert_eq!(
            flag_field_help("message flags:int text:flag.1?string = Message;"),
            "declare `flag:#` before `text`"
        );
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("InputUsr", "InputUser"), 1);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
