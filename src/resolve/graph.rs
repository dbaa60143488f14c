//! The dependency graph of tables: cycles, and the creation order.
//!
//! A table that holds a foreign-key constraint depends on the table it
//! references. References to the same table, unconstrained foreign keys and
//! deferrable ones (added after every table exists) are not dependencies.

use super::Resolver;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{ForeignKey, ModelId};
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// How many tables and edges of one cycle a diagnostic shows.
const MAX_SHOWN: usize = 12;

/// One dependency: `from` holds `fk`, which references a table `to`.
#[derive(Clone, Copy)]
struct Dependency<'a> {
    fk: &'a ForeignKey,
}

impl Resolver<'_> {
    /// Reports every cycle; without cycles, sets the creation order.
    pub(super) fn dependency_order(&mut self) {
        let schema = &self.schema;
        let mut graph: DiGraph<ModelId, Dependency> =
            DiGraph::with_capacity(schema.models.len(), 0);
        let nodes: Vec<NodeIndex> = (0..schema.models.len())
            .map(|i| graph.add_node(ModelId(i)))
            .collect();
        for (i, model) in schema.models.iter().enumerate() {
            for fk in &model.foreign_keys {
                let to = fk.references.model.0;
                if fk.constrained && !fk.deferrable && to != i {
                    graph.add_edge(nodes[i], nodes[to], Dependency { fk });
                }
            }
        }
        let mut cycles: Vec<Vec<NodeIndex>> = petgraph::algo::kosaraju_scc(&graph)
            .into_iter()
            .filter(|c| c.len() > 1)
            .collect();
        // Report in declaration order of each cycle's first table.
        for c in &mut cycles {
            c.sort();
        }
        cycles.sort();
        let mut diagnostics = Vec::new();
        for component in &cycles {
            diagnostics.push(self.cycle_diagnostic(&graph, component));
        }
        self.diagnostics.extend(diagnostics);
        if cycles.is_empty() {
            self.schema.creation_order = topological(&graph);
        }
    }

    fn cycle_diagnostic(
        &self,
        graph: &DiGraph<ModelId, Dependency>,
        component: &[NodeIndex],
    ) -> Diagnostic {
        let path = shortest_cycle(graph, component);
        let schema = &self.schema;
        let table = |n: NodeIndex| schema.model(graph[n]).table.as_str();
        let mut chain: Vec<&str> = path.iter().map(|&(n, _)| table(n)).collect();
        chain.push(table(path[0].0));
        // A long cycle is shown by its ends.
        let chain = if chain.len() > MAX_SHOWN {
            let hidden = chain.len() - MAX_SHOWN;
            let (head, tail) = (
                &chain[..MAX_SHOWN / 2],
                &chain[chain.len() - MAX_SHOWN / 2..],
            );
            format!(
                "{} -> ... {hidden} more ... -> {}",
                head.join(" -> "),
                tail.join(" -> ")
            )
        } else {
            chain.join(" -> ")
        };
        let edges: Vec<&ForeignKey> = path.iter().map(|&(_, e)| graph[e].fk).collect();
        let mut diagnostic = Diagnostic::error(
            Code::Cycle,
            edges[0].span,
            format!("cyclic foreign-key dependency: {chain}"),
        );
        for (i, fk) in edges.iter().enumerate().take(MAX_SHOWN) {
            let (from, _) = path[i];
            let holder = schema.model(graph[from]);
            let column = &holder.attributes[fk.attr].column;
            let referenced = schema.model(fk.references.model);
            let association = schema.association(fk.association);
            let label = format!(
                "`{}.{column}` references `{}` ({} {} {})",
                holder.table,
                referenced.table,
                schema.model(association.source).name,
                association.kind.keyword(),
                association.name()
            );
            if i == 0 {
                diagnostic = diagnostic.with_span_label(label);
            } else {
                diagnostic = diagnostic.with_label(fk.span, label);
            }
        }
        let extra = component.len().saturating_sub(path.len());
        let mut help = String::from(
            "add `constraints: false` (no constraint) or `deferrable: true` (checked at commit) to one of these associations",
        );
        if edges.len() > MAX_SHOWN {
            help.push_str(&format!(
                " ({} more are not labelled)",
                edges.len() - MAX_SHOWN
            ));
        }
        if extra > 0 {
            help.push_str(&format!(
                "; {extra} more tables depend on each other in this cycle"
            ));
        }
        diagnostic.with_help(help)
    }
}

/// A shortest cycle through the first node of a strongly connected
/// component: each step as (node, edge leaving it).
fn shortest_cycle(
    graph: &DiGraph<ModelId, Dependency>,
    component: &[NodeIndex],
) -> Vec<(NodeIndex, petgraph::graph::EdgeIndex)> {
    use petgraph::visit::EdgeRef;
    let start = component[0];
    let inside: FxHashSet<NodeIndex> = component.iter().copied().collect();
    let mut came_from: HashMap<NodeIndex, (NodeIndex, petgraph::graph::EdgeIndex)> =
        HashMap::default();
    let mut queue = VecDeque::from([start]);
    let mut closing = None;
    'search: while let Some(n) = queue.pop_front() {
        let mut edges: Vec<_> = graph.edges(n).collect();
        edges.sort_by_key(|e| (e.target(), e.id()));
        for e in edges {
            let to = e.target();
            if to == start {
                closing = Some((n, e.id()));
                break 'search;
            }
            if inside.contains(&to) && !came_from.contains_key(&to) {
                came_from.insert(to, (n, e.id()));
                queue.push_back(to);
            }
        }
    }
    // A strongly connected component always has a way back to its start.
    let Some((mut n, edge)) = closing else {
        return Vec::new();
    };
    let mut path = vec![(n, edge)];
    while n != start {
        let (prev, e) = came_from[&n];
        path.push((prev, e));
        n = prev;
    }
    path.reverse();
    path
}

/// Kahn's algorithm: a table once every table it references is placed,
/// ties broken by declaration order.
fn topological(graph: &DiGraph<ModelId, Dependency>) -> Vec<ModelId> {
    use petgraph::Direction;
    let mut waiting: Vec<usize> = graph
        .node_indices()
        .map(|n| graph.edges_directed(n, Direction::Outgoing).count())
        .collect();
    let mut ready: BinaryHeap<Reverse<NodeIndex>> = graph
        .node_indices()
        .filter(|n| waiting[n.index()] == 0)
        .map(Reverse)
        .collect();
    let mut order = Vec::with_capacity(graph.node_count());
    while let Some(Reverse(n)) = ready.pop() {
        order.push(graph[n]);
        for dependent in graph.neighbors_directed(n, Direction::Incoming) {
            waiting[dependent.index()] -= 1;
            if waiting[dependent.index()] == 0 {
                ready.push(Reverse(dependent));
            }
        }
    }
    order
}
