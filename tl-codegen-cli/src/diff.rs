//! What changed between two schemas (two layers of the Telegram API, say): definitions added,
//! removed and changed, with the details of each change.
//!
//! Definitions are matched by category and name (a constructor and a function may share a name).
//! A definition is *changed* when its id, type parameters, parameters (names, order, types,
//! flags) or result differ. Builtin lines (`int ? = Int;`, `vector … = Vector t;`) are ignored.

use std::collections::HashMap;
use std::fmt::Write as _;

use tlforge_parser::{Category, Definition, Flag, Parameter, ParameterKind, Schema};

/// The differences between two schemas.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemaDiff {
    /// `// LAYER` of the old schema.
    pub old_layer: Option<u32>,
    /// `// LAYER` of the new schema.
    pub new_layer: Option<u32>,
    /// Definitions only the new schema has, in its order.
    pub added: Vec<Summary>,
    /// Definitions only the old schema has, in its order.
    pub removed: Vec<Summary>,
    /// Definitions both have, with differences, in the new schema's order.
    pub changed: Vec<Changed>,
}

/// One added or removed definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// TL name.
    pub name: String,
    /// Constructor or function.
    pub category: Category,
    /// The declaration as written (`name#id params = Result`).
    pub text: String,
}

/// One definition present in both schemas, with what differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// TL name.
    pub name: String,
    /// Constructor or function.
    pub category: Category,
    /// The old declaration.
    pub old_text: String,
    /// The new declaration.
    pub new_text: String,
    /// What differs, in a fixed order: id, type parameters, parameters, result.
    pub changes: Vec<Change>,
}

/// One difference within a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The constructor id differs.
    IdChanged {
        /// Old id.
        old: u32,
        /// New id.
        new: u32,
    },
    /// The `{X:Type}` parameters differ.
    TypeParamsChanged {
        /// Old, as written (`{X:Type}`).
        old: String,
        /// New.
        new: String,
    },
    /// A parameter only the new definition has.
    ParamAdded {
        /// `name:type` as written.
        param: String,
    },
    /// A parameter only the old definition has.
    ParamRemoved {
        /// `name:type` as written.
        param: String,
    },
    /// A parameter's type differs (its flag aside).
    TypeChanged {
        /// Parameter name.
        name: String,
        /// Old type.
        old: String,
        /// New type.
        new: String,
    },
    /// A conditional parameter moved to another flag bit (or flags field).
    FlagMoved {
        /// Parameter name.
        name: String,
        /// Old condition (`flags.3`).
        old: String,
        /// New condition.
        new: String,
    },
    /// A parameter that was always present is now conditional.
    BecameOptional {
        /// Parameter name.
        name: String,
        /// The new condition (`flags.3`).
        flag: String,
    },
    /// A conditional parameter is now always present.
    BecameRequired {
        /// Parameter name.
        name: String,
        /// The old condition.
        flag: String,
    },
    /// The same parameters in another order.
    ParamsReordered {
        /// Old order.
        old: Vec<String>,
        /// New order.
        new: Vec<String>,
    },
    /// The result type differs.
    ResultChanged {
        /// Old result.
        old: String,
        /// New result.
        new: String,
    },
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::IdChanged { old, new } => write!(f, "id changed: {old:#010x} -> {new:#010x}"),
            Change::TypeParamsChanged { old, new } => {
                write!(f, "type parameters changed: `{old}` -> `{new}`")
            }
            Change::ParamAdded { param } => write!(f, "parameter added: `{param}`"),
            Change::ParamRemoved { param } => write!(f, "parameter removed: `{param}`"),
            Change::TypeChanged { name, old, new } => {
                write!(f, "type of `{name}` changed: `{old}` -> `{new}`")
            }
            Change::FlagMoved { name, old, new } => {
                write!(f, "flag bit of `{name}` moved: {old} -> {new}")
            }
            Change::BecameOptional { name, flag } => {
                write!(f, "`{name}` became optional ({flag})")
            }
            Change::BecameRequired { name, flag } => {
                write!(f, "`{name}` became required (was {flag})")
            }
            Change::ParamsReordered { old, new } => write!(
                f,
                "parameters reordered: {} -> {}",
                old.join(" "),
                new.join(" ")
            ),
            Change::ResultChanged { old, new } => {
                write!(f, "result changed: `{old}` -> `{new}`")
            }
        }
    }
}

type Key = (Category, String);

fn key(def: &Definition) -> Key {
    (def.category, def.name.to_string())
}

fn flag_text(flag: &Flag) -> String {
    format!("{}.{}", flag.field, flag.bit)
}

/// A parameter's type without its condition: `#`, `Vector<User>`, `[ t ]`.
fn bare_type(param: &Parameter) -> String {
    match &param.kind {
        ParameterKind::Value { ty, .. } => ty.to_string(),
        _ => param.type_text(),
    }
}

fn condition(param: &Parameter) -> Option<&Flag> {
    match &param.kind {
        ParameterKind::Value { flag, .. } => flag.as_ref(),
        _ => None,
    }
}

fn type_params(def: &Definition) -> String {
    def.type_params
        .iter()
        .map(|p| {
            let kind = match p.kind {
                tlforge_parser::TypeParamKind::Type => "Type",
                tlforge_parser::TypeParamKind::Nat => "#",
            };
            format!("{{{}:{kind}}}", p.name)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The differences between two definitions of the same name (empty when equal).
pub fn compare(old: &Definition, new: &Definition) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.id != new.id {
        changes.push(Change::IdChanged {
            old: old.id,
            new: new.id,
        });
    }
    let (old_tp, new_tp) = (type_params(old), type_params(new));
    if old_tp != new_tp {
        changes.push(Change::TypeParamsChanged {
            old: old_tp,
            new: new_tp,
        });
    }
    let old_params: HashMap<&str, &Parameter> =
        old.params.iter().map(|p| (p.name.as_str(), p)).collect();
    let new_params: HashMap<&str, &Parameter> =
        new.params.iter().map(|p| (p.name.as_str(), p)).collect();
    for param in &old.params {
        if !new_params.contains_key(param.name.as_str()) {
            changes.push(Change::ParamRemoved {
                param: param.to_string(),
            });
        }
    }
    for param in &new.params {
        let Some(before) = old_params.get(param.name.as_str()) else {
            changes.push(Change::ParamAdded {
                param: param.to_string(),
            });
            continue;
        };
        let name = param.name.clone();
        let (old_ty, new_ty) = (bare_type(before), bare_type(param));
        if old_ty != new_ty {
            changes.push(Change::TypeChanged {
                name: name.clone(),
                old: old_ty,
                new: new_ty,
            });
        }
        match (condition(before), condition(param)) {
            (Some(a), Some(b)) if a.field != b.field || a.bit != b.bit => {
                changes.push(Change::FlagMoved {
                    name,
                    old: flag_text(a),
                    new: flag_text(b),
                });
            }
            (None, Some(b)) => changes.push(Change::BecameOptional {
                name,
                flag: flag_text(b),
            }),
            (Some(a), None) => changes.push(Change::BecameRequired {
                name,
                flag: flag_text(a),
            }),
            _ => {}
        }
    }
    // Reordering among the parameters both have.
    let common_old: Vec<String> = old
        .params
        .iter()
        .filter(|p| new_params.contains_key(p.name.as_str()))
        .map(|p| p.name.clone())
        .collect();
    let common_new: Vec<String> = new
        .params
        .iter()
        .filter(|p| old_params.contains_key(p.name.as_str()))
        .map(|p| p.name.clone())
        .collect();
    if common_old != common_new {
        changes.push(Change::ParamsReordered {
            old: common_old,
            new: common_new,
        });
    }
    // Two parameters with one name in one definition would hide changes above; compare the
    // lists as a whole as a last resort.
    let texts = |d: &Definition| d.params.iter().map(|p| p.to_string()).collect::<Vec<_>>();
    if changes.is_empty() && texts(old) != texts(new) {
        changes.push(Change::ParamsReordered {
            old: texts(old),
            new: texts(new),
        });
    }
    let (old_result, new_result) = (old.result.to_string(), new.result.to_string());
    if old_result != new_result {
        changes.push(Change::ResultChanged {
            old: old_result,
            new: new_result,
        });
    }
    changes
}

/// Compares two schemas (see the module documentation).
pub fn diff(old: &Schema, new: &Schema) -> SchemaDiff {
    let old_defs: HashMap<Key, &Definition> = old.user_definitions().map(|d| (key(d), d)).collect();
    let new_defs: HashMap<Key, &Definition> = new.user_definitions().map(|d| (key(d), d)).collect();
    let summary = |d: &Definition| Summary {
        name: d.name.to_string(),
        category: d.category,
        text: d.text.clone(),
    };
    let mut result = SchemaDiff {
        old_layer: old.layer,
        new_layer: new.layer,
        ..SchemaDiff::default()
    };
    for def in new.user_definitions() {
        match old_defs.get(&key(def)) {
            None => result.added.push(summary(def)),
            Some(before) => {
                let changes = compare(before, def);
                if !changes.is_empty() {
                    result.changed.push(Changed {
                        name: def.name.to_string(),
                        category: def.category,
                        old_text: before.text.clone(),
                        new_text: def.text.clone(),
                        changes,
                    });
                }
            }
        }
    }
    result.removed = old
        .user_definitions()
        .filter(|d| !new_defs.contains_key(&key(d)))
        .map(summary)
        .collect();
    result
}

fn layer(layer: Option<u32>) -> String {
    layer.map_or_else(|| "no layer".to_owned(), |l| format!("layer {l}"))
}

impl SchemaDiff {
    /// True when nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// `{"added": [names], "removed": [names], "changed": [names]}`, one line, with a final newline.
    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Names<'a> {
            added: Vec<&'a str>,
            removed: Vec<&'a str>,
            changed: Vec<&'a str>,
        }
        let names = Names {
            added: self.added.iter().map(|s| s.name.as_str()).collect(),
            removed: self.removed.iter().map(|s| s.name.as_str()).collect(),
            changed: self.changed.iter().map(|c| c.name.as_str()).collect(),
        };
        let mut out = crate::json::line(&names);
        out.push('\n');
        out
    }

    /// The report for people: a summary line, then every added, removed and changed
    /// definition, changes with one line per detail.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} -> {}: {} added, {} removed, {} changed\n",
            layer(self.old_layer),
            layer(self.new_layer),
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        let mut section = |title: &str, sign: char, list: &[Summary]| {
            if list.is_empty() {
                return;
            }
            let _ = write!(out, "\n{title} ({}):\n", list.len());
            for s in list {
                let _ = writeln!(out, "  {sign} {} {};", s.category.as_str(), s.text);
            }
        };
        section("Added", '+', &self.added);
        section("Removed", '-', &self.removed);
        if !self.changed.is_empty() {
            let _ = write!(out, "\nChanged ({}):\n", self.changed.len());
            for c in &self.changed {
                let _ = writeln!(out, "  ~ {} {}", c.category.as_str(), c.name);
                let _ = writeln!(out, "      old: {};", c.old_text);
                let _ = writeln!(out, "      new: {};", c.new_text);
                for change in &c.changes {
                    let _ = writeln!(out, "      {change}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::schema;

    #[test]
    fn every_kind_of_change() {
        let old = schema(
            "a#1 flags:# x:flags.0?int y:int = A;\nb#2 = A;\nc#3 p:int q:long = A;\n\
             boolTrue#997275b5 = Bool;\n---functions---\nf#4 x:int = A;\n",
        );
        let new = schema(
            "a#5 flags:# x:flags.2?long y:flags.1?int z:string = A;\nc#3 q:long p:int = A;\n\
             d#6 = A;\nboolTrue#997275b5 = Bool;\n---functions---\nf#4 x:int = Bool;\n",
        );
        let d = diff(&old, &new);
        assert_eq!(
            d.to_json(),
            "{\"added\": [\"d\"], \"removed\": [\"b\"], \"changed\": [\"a\", \"c\", \"f\"]}\n"
        );
        let a = &d.changed[0].changes;
        assert_eq!(
            a.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "id changed: 0x00000001 -> 0x00000005",
                "type of `x` changed: `int` -> `long`",
                "flag bit of `x` moved: flags.0 -> flags.2",
                "`y` became optional (flags.1)",
                "parameter added: `z:string`",
            ]
        );
        assert_eq!(
            d.changed[1].changes,
            [Change::ParamsReordered {
                old: vec!["p".into(), "q".into()],
                new: vec!["q".into(), "p".into()]
            }]
        );
        assert!(matches!(
            d.changed[2].changes[..],
            [Change::ResultChanged { .. }]
        ));
        assert!(diff(&new, &new).is_empty());
    }
}
