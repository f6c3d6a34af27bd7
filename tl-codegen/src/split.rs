//! One schema as several crates that rustc compiles in parallel (`Config::generate_split`).
//!
//! rustc checks a crate on one thread, so a 3,000-item API is one long serial job. The items
//! are split in three: two halves, each holding the functions of some TL namespaces and the
//! items only those functions reach, and a base holding what both halves reach. The halves
//! depend on the base only, so cargo compiles them side by side once the base is checked; a
//! facade crate re-exports all three under the usual paths (`types::…`, `enums::…`,
//! `functions::…`). Every reference stays inside its crate or points into the base, because a
//! half is the closure of its functions minus what the other half reaches too.

use std::collections::BTreeSet;

use tl_parser::{Category, ParameterKind};

use crate::naming;
use crate::rust_model::{References, RustSchema};

/// Where an item goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Reached from both halves (or from the root functions).
    Base,
    /// One of the two halves (0 or 1).
    Half(usize),
}

/// The part of every node of [`RustSchema::item_graph`] (definitions, then enums).
pub struct Partition {
    part: Vec<Part>,
    /// The TL namespaces whose functions are in each half.
    pub namespaces: [Vec<String>; 2],
}

impl Partition {
    /// Splits `rust`'s items, choosing the namespaces of each half so that the longest chain
    /// (base, then the larger half) is as short as a greedy search finds.
    pub fn new(rust: &RustSchema<'_>) -> Partition {
        let defs = rust.schema.definitions.len();
        let edges = rust.item_graph(References::All);
        let nodes = edges.len();
        let weight = node_weights(rust, defs, nodes);
        // Functions by namespace; root functions (`invokeWithLayer`) have none and go to the
        // base with what they reach.
        let mut by_namespace: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        let mut root = Vec::new();
        for &index in &rust.items {
            let def = rust.def(index);
            if def.category != Category::Function {
                continue;
            }
            match def.name.namespace.first() {
                Some(ns) => by_namespace
                    .entry(naming::module_name(ns))
                    .or_default()
                    .push(index),
                None => root.push(index),
            }
        }
        let namespaces: Vec<&String> = by_namespace.keys().collect();
        let reach: Vec<BTreeSet<usize>> = namespaces
            .iter()
            .map(|ns| reachable(&edges, by_namespace[*ns].iter().copied()))
            .collect();
        let always = reachable(&edges, root.into_iter());
        // Items no function reaches (types a client only receives in updates, say) follow
        // the second half, as if one of its functions used them.
        let reached: BTreeSet<usize> = reach.iter().flatten().chain(&always).copied().collect();
        let unreached = reachable(
            &edges,
            (0..nodes).filter(|&n| is_item(rust, defs, n) && !reached.contains(&n)),
        );

        let assign = |in_first: &[bool]| -> Vec<Part> {
            let mut first: BTreeSet<usize> = BTreeSet::new();
            let mut second = unreached.clone();
            for (k, set) in reach.iter().enumerate() {
                if in_first[k] {
                    first.extend(set);
                } else {
                    second.extend(set);
                }
            }
            (0..nodes)
                .map(|n| match (first.contains(&n), second.contains(&n)) {
                    _ if always.contains(&n) => Part::Base,
                    (true, true) => Part::Base,
                    (true, false) => Part::Half(0),
                    _ => Part::Half(1),
                })
                .collect()
        };
        let cost = |parts: &[Part]| -> u64 {
            let mut sums = [0u64; 3];
            for (n, part) in parts.iter().enumerate() {
                let slot = match part {
                    Part::Base => 0,
                    Part::Half(h) => 1 + h,
                };
                sums[slot] += weight[n];
            }
            sums[0] + sums[1].max(sums[2])
        };
        // Greedy: move one namespace at a time to the other half while that shortens the
        // chain. Deterministic (namespaces in name order), so the output is stable.
        let mut in_first = vec![false; namespaces.len()];
        let mut best = cost(&assign(&in_first));
        loop {
            let mut improved = false;
            for k in 0..namespaces.len() {
                in_first[k] = !in_first[k];
                let candidate = cost(&assign(&in_first));
                if candidate < best {
                    best = candidate;
                    improved = true;
                } else {
                    in_first[k] = !in_first[k];
                }
            }
            if !improved {
                break;
            }
        }
        let mut halves: [Vec<String>; 2] = Default::default();
        for (k, ns) in namespaces.iter().enumerate() {
            halves[usize::from(!in_first[k])].push((*ns).clone());
        }
        Partition {
            part: assign(&in_first),
            namespaces: halves,
        }
    }

    /// The part of node `node` of [`RustSchema::item_graph`].
    pub fn part(&self, node: usize) -> Part {
        self.part[node]
    }

    /// The part of the `k`-th enum of [`RustSchema::enums`].
    pub fn of_enum(&self, rust: &RustSchema<'_>, k: usize) -> Part {
        self.part[rust.schema.definitions.len() + k]
    }
}

/// Roughly what each item costs rustc: one per field or variant, plus the item itself.
fn node_weights(rust: &RustSchema<'_>, defs: usize, nodes: usize) -> Vec<u64> {
    let mut weight = vec![0u64; nodes];
    for &index in &rust.items {
        let fields = rust
            .def(index)
            .params
            .iter()
            .filter(|p| matches!(p.kind, ParameterKind::Value { .. }))
            .count();
        weight[index] = 2 + fields as u64;
    }
    for (k, (_, ctors)) in rust.enums.values().enumerate() {
        weight[defs + k] = 2 + ctors.len() as u64;
    }
    weight
}

/// True for nodes that stand for a generated item (struct nodes exist only for emitted
/// definitions; the others are unused slots).
pub(crate) fn is_item(rust: &RustSchema<'_>, defs: usize, node: usize) -> bool {
    node >= defs || rust.paths.contains_key(&node)
}

/// Every node reachable from `seeds` (seeds included).
pub(crate) fn reachable(
    edges: &[Vec<usize>],
    seeds: impl Iterator<Item = usize>,
) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<usize> = seeds.collect();
    while let Some(node) = stack.pop() {
        if seen.insert(node) {
            stack.extend(edges[node].iter().copied().filter(|n| !seen.contains(n)));
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use tl_parser::{SourceFile, parse_schema};

    use super::*;

    /// The property that lets every crate compile: whatever an item refers to is in its own
    /// part or in the base.
    #[test]
    fn every_reference_stays_in_its_part_or_points_into_the_base() {
        let text = include_str!("../../schema/api.tl");
        let parsed = parse_schema(&[SourceFile::new("api.tl", text)]).expect("valid schema");
        let rust = RustSchema::new(&parsed.schema).expect("supported schema");
        let partition = Partition::new(&rust);
        let edges = rust.item_graph(References::All);
        let mut counts = [0usize; 3];
        for (node, targets) in edges.iter().enumerate() {
            let from = partition.part[node];
            if is_item(&rust, rust.schema.definitions.len(), node) {
                counts[match from {
                    Part::Base => 0,
                    Part::Half(h) => 1 + h,
                }] += 1;
            }
            for &to in targets {
                let to = partition.part[to];
                assert!(
                    to == from || to == Part::Base,
                    "{node}: {from:?} uses {to:?}"
                );
            }
        }
        // A split worth its crates: each half holds a good share of the items.
        assert!(counts.iter().all(|&c| c > 500), "{counts:?}");
        assert!(partition.namespaces.iter().all(|h| !h.is_empty()));
    }

    #[test]
    fn namespaces_with_nothing_in_common_go_to_different_halves() {
        let text = "a.x#1 = a.X;\nb.y#2 = b.Y;\nshared#3 = Shared;\n\
                    ---functions---\n\
                    a.get#4 s:Shared = a.X;\nb.get#5 s:Shared = b.Y;\n";
        let parsed = parse_schema(&[SourceFile::new("t.tl", text)]).expect("valid schema");
        let rust = RustSchema::new(&parsed.schema).expect("supported schema");
        let partition = Partition::new(&rust);
        assert_eq!(
            partition.namespaces[0].len(),
            1,
            "{:?}",
            partition.namespaces
        );
        assert_eq!(
            partition.namespaces[1].len(),
            1,
            "{:?}",
            partition.namespaces
        );
        let k = rust.enums.keys().position(|n| n == "Shared").expect("enum");
        assert_eq!(partition.of_enum(&rust, k), Part::Base);
        let x = rust.enums.keys().position(|n| n == "a.X").expect("enum");
        let y = rust.enums.keys().position(|n| n == "b.Y").expect("enum");
        assert_ne!(partition.of_enum(&rust, x), partition.of_enum(&rust, y));
    }
}
