//! What pest found in a piece of a file, as one flat list of nodes that
//! lowering walks.
//!
//! pest's own iterators reach every node through its token queue (a
//! reference-counted handle cloned per node, two queue lookups to learn a
//! node's rule, a count of the children each time a node is opened) and
//! were half of the time spent turning a parse into syntax trees. Here
//! the queue is read once, in order, into nodes of 16 bytes that know
//! their rule, their text and where their subtree ends.

use super::parser::Rule;
use pest::Token;

#[derive(Clone, Copy, Debug)]
struct Node {
    rule: Rule,
    /// Byte range in the parsed text.
    start: u32,
    end: u32,
    /// The index just past this node's subtree: its next sibling, if any.
    next: u32,
}

/// The nodes of one parse, in document order (each before its children).
pub(super) struct Tree<'i> {
    nodes: Vec<Node>,
    input: &'i str,
}

impl<'i> Tree<'i> {
    /// Reads pest's parse of `input` once. `input` is less than 4 GiB
    /// long (the schema loader refuses larger files).
    pub(super) fn new(pairs: pest::iterators::Pairs<'i, Rule>, input: &'i str) -> Tree<'i> {
        let tokens = pairs.tokens();
        let mut nodes = Vec::with_capacity(tokens.len() / 2);
        let mut open: Vec<usize> = Vec::new();
        for token in tokens {
            match token {
                Token::Start { rule, pos } => {
                    open.push(nodes.len());
                    nodes.push(Node {
                        rule,
                        start: pos.pos() as u32,
                        end: 0,
                        next: 0,
                    });
                }
                Token::End { pos, .. } => {
                    // pest's tokens nest: every end closes the last start.
                    if let Some(at) = open.pop() {
                        let next = nodes.len() as u32;
                        let node = &mut nodes[at];
                        node.end = pos.pos() as u32;
                        node.next = next;
                    }
                }
            }
        }
        Tree { nodes, input }
    }

    /// The top-level nodes.
    pub(super) fn roots(&self) -> Pairs<'_> {
        Pairs {
            nodes: &self.nodes,
            input: self.input,
            at: 0,
            end: self.nodes.len(),
        }
    }
}

/// A node: a rule pest matched and the text it matched.
#[derive(Clone, Copy)]
pub(super) struct Pair<'t> {
    nodes: &'t [Node],
    input: &'t str,
    at: usize,
}

impl<'t> Pair<'t> {
    pub(super) fn as_rule(&self) -> Rule {
        self.nodes[self.at].rule
    }

    /// Where the matched text starts and ends in the parsed text.
    pub(super) fn start(&self) -> usize {
        self.nodes[self.at].start as usize
    }

    pub(super) fn end(&self) -> usize {
        self.nodes[self.at].end as usize
    }

    pub(super) fn as_str(&self) -> &'t str {
        &self.input[self.start()..self.end()]
    }

    /// The node's children, in order.
    pub(super) fn into_inner(self) -> Pairs<'t> {
        Pairs {
            nodes: self.nodes,
            input: self.input,
            at: self.at + 1,
            end: self.nodes[self.at].next as usize,
        }
    }
}

/// Sibling nodes, in order.
pub(super) struct Pairs<'t> {
    nodes: &'t [Node],
    input: &'t str,
    at: usize,
    end: usize,
}

impl<'t> Iterator for Pairs<'t> {
    type Item = Pair<'t>;

    fn next(&mut self) -> Option<Pair<'t>> {
        if self.at >= self.end {
            return None;
        }
        let pair = Pair {
            nodes: self.nodes,
            input: self.input,
            at: self.at,
        };
        self.at = self.nodes[self.at].next as usize;
        Some(pair)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pest::Parser as _;

    /// The flat tree has the shape of pest's own pairs: the same rules,
    /// texts and children, at every level.
    #[test]
    fn matches_pests_pairs() {
        let text = concat!(
            "/// Doc\n",
            "model A {\n",
            "  name string(100) notNull default(\"x\")\n",
            "  belongsTo B as b { onDelete: cascade, inverse: { as: as_ } }\n",
            "}\n",
            "enum E { a, b }\n",
            "options { timestamps: false }\n",
        );
        fn same(ours: Pairs<'_>, theirs: pest::iterators::Pairs<'_, Rule>) -> usize {
            let ours: Vec<Pair<'_>> = ours.collect();
            let theirs: Vec<_> = theirs.collect();
            assert_eq!(ours.len(), theirs.len());
            let mut count = ours.len();
            for (o, t) in ours.into_iter().zip(theirs) {
                assert_eq!(o.as_rule(), t.as_rule());
                assert_eq!(o.as_str(), t.as_str());
                assert_eq!(
                    (o.start(), o.end()),
                    (t.as_span().start(), t.as_span().end())
                );
                count += same(o.into_inner(), t.into_inner());
            }
            count
        }
        let parse = || super::super::parser::ModelsParser::parse(Rule::schema, text).unwrap();
        let tree = Tree::new(parse(), text);
        let nodes = same(tree.roots(), parse());
        assert!(nodes > 40, "{nodes} nodes");
        assert_eq!(nodes, tree.nodes.len());
    }
}
