//! Prints the model back as TL that this parser reads again into the same model
//! (up to locations and the `text` field, which keeps the original spelling).

use std::fmt;

use crate::model::{Category, Definition, Doc, Parameter, ParameterKind, Schema, TypeParamKind};

impl fmt::Display for Definition {
    /// `name#1f040578 {X:Type} flags:# x:flags.0?Vector<User> = Result`, without the `;`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)?;
        if let Some(id) = self.explicit_id {
            write!(f, "#{id:08x}")?;
        }
        for tp in &self.type_params {
            let kind = match tp.kind {
                TypeParamKind::Type => "Type",
                TypeParamKind::Nat => "#",
            };
            write!(f, " {{{}:{kind}}}", tp.name)?;
        }
        if self.builtin_mark {
            f.write_str(" ?")?;
        }
        for p in &self.params {
            write!(f, " {p}")?;
        }
        write!(f, " = {}", self.result)
    }
}

impl fmt::Display for Parameter {
    /// `name:#`, `name:flags.3?T`, `query:!X`, `#`, `4*[ int ]`, `(Vector int)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ParameterKind::Nat if self.name.is_empty() => f.write_str("#"),
            ParameterKind::Nat => write!(f, "{}:#", self.name),
            ParameterKind::Value { ty, flag } if self.name.is_empty() && flag.is_none() => {
                // An unnamed argument is written in parentheses: `(Vector int)`.
                f.write_str("(")?;
                if ty.percent {
                    f.write_str("%")?;
                }
                write!(f, "{}", ty.name)?;
                if let Some(arg) = &ty.generic_arg {
                    write!(f, " {arg}")?;
                }
                f.write_str(")")
            }
            ParameterKind::Value { ty, flag } => {
                write!(f, "{}:", self.name)?;
                if let Some(flag) = flag {
                    write!(f, "{}.{}?", flag.field, flag.bit)?;
                }
                write!(f, "{ty}")
            }
            ParameterKind::Repeated { multiplicity, ty } => {
                if !self.name.is_empty() {
                    write!(f, "{}:", self.name)?;
                }
                if let Some(n) = multiplicity {
                    write!(f, "{n}*")?;
                }
                write!(f, "[ {ty} ]")
            }
        }
    }
}

impl Parameter {
    /// The argument's type as TL writes it: `#`, `string`, `flags.0?Vector<InputDocument>`,
    /// `!X`, `[ t ]`, `4*[ int ]`.
    pub fn type_text(&self) -> String {
        match &self.kind {
            ParameterKind::Nat => "#".to_owned(),
            ParameterKind::Value { ty, flag: None } => ty.to_string(),
            ParameterKind::Value {
                ty,
                flag: Some(flag),
            } => format!("{}.{}?{ty}", flag.field, flag.bit),
            ParameterKind::Repeated {
                multiplicity: Some(n),
                ty,
            } => format!("{n}*[ {ty} ]"),
            ParameterKind::Repeated {
                multiplicity: None,
                ty,
            } => format!("[ {ty} ]"),
        }
    }
}

fn write_doc(f: &mut fmt::Formatter<'_>, doc: &Doc) -> fmt::Result {
    if let Some(description) = &doc.description {
        writeln!(f, "//@description {description}")?;
    }
    for (name, text) in &doc.params {
        // A parameter named `description` is documented as `@param_description`.
        if name == "description" {
            writeln!(f, "//@param_description {text}")?;
        } else {
            writeln!(f, "//@{name} {text}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Schema {
    /// The whole schema as one TL file: layer marker, class docs, then every declaration with
    /// section markers where the category changes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(layer) = self.layer {
            writeln!(f, "// LAYER {layer}")?;
        }
        for (class, description) in &self.type_docs {
            writeln!(f, "//@class {class} @description {description}")?;
        }
        let mut category = Category::Constructor;
        for def in &self.definitions {
            if def.category != category {
                category = def.category;
                let marker = match category {
                    Category::Constructor => "---types---",
                    Category::Function => "---functions---",
                };
                writeln!(f, "\n{marker}\n")?;
            }
            write_doc(f, &def.doc)?;
            writeln!(f, "{def};")?;
        }
        Ok(())
    }
}
