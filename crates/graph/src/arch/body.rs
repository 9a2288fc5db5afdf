//! A seed's body: what the walk from the seed reaches, each resource with its [`Reach`].
//!
//! [`walk`] computes a body from scratch: a breadth-first walk that keeps, per resource, the
//! highest reach any step into it gave, and goes on from a resource whenever its reach rose.
//!
//! [`patch`] brings a body up to date after edges appeared or disappeared while no resource
//! changed (the IAM re-derivations of a policy edit, a relationship added or removed), touching
//! only what those edges can affect (delete and re-derive):
//! 1. a disappeared edge the walk could take from a resource of the body may have given the
//!    resource at its far end its reach, and through it everything the walk went on to from there:
//!    that forward closure (inside the body) loses its reach;
//! 2. each resource of the closure takes back the best reach the rest of the body gives it over
//!    the edges that remain;
//! 3. an appeared edge the walk can take from a resource of the body gives its far end a reach;
//! 4. from every resource whose reach was set in 2 or 3 the walk goes on as [`walk`] does.
//!
//! A resource outside the closure keeps its reach: a path of the walk to it over a disappeared
//! edge would have put it in the closure. The result is the body [`walk`] computes on the changed
//! graph; the incremental property test (`tests/incremental.rs`) compares both after every
//! change, reach by reach.

use std::collections::VecDeque;

use nephos_model::ResourceKind;

use crate::edge::EdgeKind;
use crate::graph::{Graph, NodeIx, TouchedEdge};
use crate::hash::{FastMap, FastSet};

use super::{ArchState, Reach, is_seed_node, rules};

/// One seed's body, in walk order.
pub(super) type Body = Vec<(NodeIx, Reach)>;

/// Every edge of `n` as (edge kind, walked forward, resource at the other end).
fn neighbours(g: &Graph, n: NodeIx) -> impl Iterator<Item = (EdgeKind, bool, NodeIx)> + '_ {
    let slot = g.slot(n);
    let out = slot
        .out
        .iter()
        .filter_map(|&e| g.edge(e))
        .map(|e| (e.kind, true, e.to));
    let inc = slot
        .inc
        .iter()
        .filter_map(|&e| g.edge(e))
        .map(|e| (e.kind, false, e.from));
    out.chain(inc)
}

/// The reach a walk holding `from` at `reach` gives `other` over an edge of `kind` walked
/// `forward`; `None` when the walk does not take it. The walk from `seed` does not go on from
/// another seed.
fn step(
    g: &Graph,
    seed: NodeIx,
    from: NodeIx,
    reach: Reach,
    kind: EdgeKind,
    forward: bool,
    other: NodeIx,
) -> Option<Reach> {
    if from != seed && is_seed_node(g, from) {
        return None;
    }
    judge(g, g.kind(from), reach, kind, forward, other)
}

/// [`step`] once the resource left (of kind `from`) is known to be walked on from: the edge is
/// judged before the resource at its other end is looked at.
fn judge(
    g: &Graph,
    from: Option<ResourceKind>,
    reach: Reach,
    kind: EdgeKind,
    forward: bool,
    other: NodeIx,
) -> Option<Reach> {
    let base = rules::base(from, reach, kind, forward)?;
    rules::adjust(base, kind, forward, g.resource(other))
}

/// The resources a walk from `seed` holding `from` at `reach` steps to, with the reach each step
/// gives ([`step`] over every edge of `from`).
fn steps_from(
    g: &Graph,
    seed: NodeIx,
    from: NodeIx,
    reach: Reach,
) -> impl Iterator<Item = (NodeIx, Reach)> + '_ {
    let expands = from == seed || !is_seed_node(g, from);
    let kind = g.kind(from);
    neighbours(g, from)
        .filter(move |_| expands)
        .filter_map(move |(edge, forward, other)| {
            Some((other, judge(g, kind, reach, edge, forward, other)?))
        })
}

/// Walks from `seed`; `best` is scratch space, left zeroed.
pub(super) fn walk(g: &Graph, seed: NodeIx, best: &mut Vec<u8>) -> Body {
    if best.len() < g.node_capacity() {
        best.resize(g.node_capacity(), 0);
    }
    let mut seen: Vec<NodeIx> = vec![seed];
    let mut queue = VecDeque::from([(seed, Reach::Strong)]);
    best[seed.index()] = Reach::Strong as u8;
    while let Some((n, r)) = queue.pop_front() {
        if best[n.index()] > r as u8 {
            continue;
        }
        for (other, step) in steps_from(g, seed, n, r) {
            let slot = &mut best[other.index()];
            if *slot < step as u8 {
                if *slot == 0 {
                    seen.push(other);
                }
                *slot = step as u8;
                queue.push_back((other, step));
            }
        }
    }
    let mut body = Vec::with_capacity(seen.len());
    for n in seen {
        let reach = Reach::from_u8(best[n.index()]);
        best[n.index()] = 0;
        body.push((n, reach));
    }
    body
}

/// The reach of `n` in the body of `seed` (lists in `reached_by` are sorted by seed).
pub(super) fn reach_in(st: &ArchState, n: NodeIx, seed: NodeIx) -> Option<Reach> {
    let list = st.reached_by.get(n.index())?;
    list.binary_search_by_key(&seed, |(s, _)| *s)
        .ok()
        .map(|i| list[i].1)
}

/// Sets (or with `None` removes) the reach of `n` in the body of `seed` in `reached_by` and the
/// junction set; the body list itself is brought up to date by the caller.
fn set_reach(st: &mut ArchState, n: NodeIx, seed: NodeIx, reach: Option<Reach>) {
    let Some(list) = st.reached_by.get_mut(n.index()) else {
        return;
    };
    if let Some(journal) = st.journal.as_mut() {
        journal.entry(n).or_insert_with(|| list.clone());
    }
    match (list.binary_search_by_key(&seed, |(s, _)| *s), reach) {
        (Ok(i), Some(r)) => list[i].1 = r,
        (Ok(i), None) => {
            list.remove(i);
        }
        (Err(i), Some(r)) => list.insert(i, (seed, r)),
        (Err(_), None) => {}
    }
    if list.len() >= 2 {
        st.junctions.insert(n);
    } else {
        st.junctions.remove(&n);
    }
}

/// What a body update changed.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct BodyChange {
    /// The body is not what it was.
    pub(super) changed: bool,
    /// A resource reached from two or more seeds (before or after) changed: the grouping may
    /// change. A resource only this seed reaches glues nothing.
    pub(super) at_junction: bool,
}

/// Replaces the body of `seed` (`None`: it is no longer a seed).
pub(super) fn set_body(st: &mut ArchState, seed: NodeIx, body: Option<Body>) -> BodyChange {
    let had = st.bodies.remove(&seed);
    let change = match (&had, &body) {
        (Some(old), Some(new)) => diff(st, seed, old, new),
        (None, None) => BodyChange::default(),
        _ => {
            st.sorted_seeds = None;
            BodyChange {
                changed: true,
                at_junction: true,
            }
        }
    };
    if let Some(old) = had {
        for (n, _) in old {
            if let Some(list) = st.reached_by.get_mut(n.index()) {
                list.retain(|(s, _)| *s != seed);
                if list.len() < 2 {
                    st.junctions.remove(&n);
                }
            }
        }
    }
    if let Some(body) = body {
        for &(n, r) in &body {
            if let Some(list) = st.reached_by.get_mut(n.index()) {
                // Sorted by seed (seeds are walked in node order: mostly at the end).
                match list.binary_search_by_key(&seed, |(s, _)| *s) {
                    Ok(i) => list[i].1 = r,
                    Err(i) => list.insert(i, (seed, r)),
                }
                if list.len() == 2 {
                    st.junctions.insert(n);
                }
            }
        }
        st.bodies.insert(seed, body);
    }
    change
}

/// How the body `new` of `seed` differs from `old` (still recorded in `reached_by`).
fn diff(st: &ArchState, seed: NodeIx, old: &Body, new: &Body) -> BodyChange {
    let mut old = old.clone();
    old.sort_unstable();
    let mut new = new.clone();
    new.sort_unstable();
    if old == new {
        return BodyChange::default();
    }
    // A resource whose reach from this seed differs, reached by another seed too.
    let shared = |n: NodeIx| {
        st.reached_by
            .get(n.index())
            .is_some_and(|l| l.iter().any(|(s, _)| *s != seed))
    };
    let (mut i, mut j) = (0, 0);
    let mut at_junction = false;
    while !at_junction && (i < old.len() || j < new.len()) {
        let differs = match (old.get(i), new.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                i += 1;
                j += 1;
                (x.1 != y.1).then_some(x.0)
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                Some(x.0)
            }
            (Some(x), None) => {
                i += 1;
                Some(x.0)
            }
            (_, Some(y)) => {
                j += 1;
                Some(y.0)
            }
            (None, None) => None,
        };
        at_junction |= differs.is_some_and(shared);
    }
    BodyChange {
        changed: true,
        at_junction,
    }
}

/// Scratch space reused across [`patch`] calls.
#[derive(Debug, Default)]
pub(super) struct PatchScratch {
    /// The reach each resource touched had before the patch.
    before: FastMap<NodeIx, Option<Reach>>,
    closure: Vec<NodeIx>,
    in_closure: FastSet<NodeIx>,
    queue: VecDeque<(NodeIx, Reach)>,
}

/// True when an edge `from → to` of `kind` is in the graph now.
fn edge_present(g: &Graph, from: NodeIx, to: NodeIx, kind: EdgeKind) -> bool {
    g.slot(from)
        .out
        .iter()
        .filter_map(|&e| g.edge(e))
        .any(|e| e.to == to && e.kind == kind)
}

/// Brings the body of `seed` up to date after the edges `touched` appeared or disappeared, no
/// resource having changed (see the module documentation).
pub(super) fn patch(
    g: &Graph,
    st: &mut ArchState,
    seed: NodeIx,
    touched: &[TouchedEdge],
    scratch: &mut PatchScratch,
) -> BodyChange {
    let PatchScratch {
        before,
        closure,
        in_closure,
        queue,
    } = scratch;
    before.clear();
    closure.clear();
    in_closure.clear();
    queue.clear();
    let mut set = |st: &mut ArchState, n: NodeIx, r: Option<Reach>| {
        before.entry(n).or_insert_with(|| reach_in(st, n, seed));
        set_reach(st, n, seed, r);
    };

    // 1. The closure of what disappeared edges may have reached.
    for t in touched.iter().filter(|t| t.removed) {
        for (end, other, forward) in [(t.from, t.to, true), (t.to, t.from, false)] {
            if other == seed || in_closure.contains(&other) || reach_in(st, other, seed).is_none() {
                continue;
            }
            if let Some(r) = reach_in(st, end, seed)
                && step(g, seed, end, r, t.kind, forward, other).is_some()
            {
                in_closure.insert(other);
                closure.push(other);
            }
        }
    }
    let mut i = 0;
    while let Some(&x) = closure.get(i) {
        i += 1;
        let Some(rx) = reach_in(st, x, seed) else {
            continue;
        };
        for (y, _) in steps_from(g, seed, x, rx) {
            if y == seed || in_closure.contains(&y) || reach_in(st, y, seed).is_none() {
                continue;
            }
            in_closure.insert(y);
            closure.push(y);
        }
    }

    // 2. The closure loses its reach, then takes back what the rest of the body gives it. An
    // unchanged edge from outside the closure gave no more than the old reach, so the search
    // stops there; more comes from appeared edges, in 3 and 4.
    let old: Vec<Reach> = closure
        .iter()
        .map(|&x| reach_in(st, x, seed).unwrap_or(Reach::Dependency))
        .collect();
    for &x in closure.iter() {
        set(st, x, None);
    }
    for (&x, &was) in closure.iter().zip(&old) {
        let mut best: Option<Reach> = None;
        for (kind, forward, y) in neighbours(g, x) {
            let Some(ry) = reach_in(st, y, seed) else {
                continue;
            };
            if let Some(r) = step(g, seed, y, ry, kind, !forward, x)
                && best.is_none_or(|b| r > b)
            {
                best = Some(r);
                if r >= was {
                    break;
                }
            }
        }
        if let Some(r) = best {
            set(st, x, Some(r));
            queue.push_back((x, r));
        }
    }

    // 3. Appeared edges leaving the body.
    for t in touched.iter().filter(|t| !t.removed) {
        if !edge_present(g, t.from, t.to, t.kind) {
            continue;
        }
        for (end, other, forward) in [(t.from, t.to, true), (t.to, t.from, false)] {
            if other == seed {
                continue;
            }
            let Some(r) = reach_in(st, end, seed) else {
                continue;
            };
            if let Some(s) = step(g, seed, end, r, t.kind, forward, other)
                && reach_in(st, other, seed).is_none_or(|cur| s > cur)
            {
                set(st, other, Some(s));
                queue.push_back((other, s));
            }
        }
    }

    // 4. The walk goes on from every reach that was set.
    while let Some((n, r)) = queue.pop_front() {
        if reach_in(st, n, seed) != Some(r) {
            continue;
        }
        for (other, s) in steps_from(g, seed, n, r) {
            if other != seed && reach_in(st, other, seed).is_none_or(|cur| s > cur) {
                set(st, other, Some(s));
                queue.push_back((other, s));
            }
        }
    }

    // What changed, and the body list brought up to date.
    let mut change = BodyChange::default();
    for (&n, &was) in before.iter() {
        let now = reach_in(st, n, seed);
        if now == was {
            continue;
        }
        change.changed = true;
        let after = st.reached_by.get(n.index()).map_or(0, Vec::len);
        let prior = after + usize::from(was.is_some()) - usize::from(now.is_some());
        change.at_junction |= after.max(prior) >= 2;
    }
    if change.changed
        && let Some(body) = st.bodies.get_mut(&seed)
    {
        body.retain(|(n, _)| !before.contains_key(n));
        for &n in before.keys() {
            if let Some(list) = st.reached_by.get(n.index())
                && let Some(&(_, r)) = list.iter().find(|(s, _)| *s == seed)
            {
                body.push((n, r));
            }
        }
    }
    change
}
