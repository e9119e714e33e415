//! Crossing reduction for a layered graph: barycenter sweeps down and up, then adjacent
//! exchanges, keeping the best ordering seen. The result never has more crossings than
//! the ordering it started from.

/// The proper layered graph being ordered: every link joins adjacent layers.
#[derive(Clone, Debug, Default)]
pub(crate) struct LayeredGraph {
    /// For each vertex, its neighbours in the layer above (index - 1).
    pub(crate) up: Vec<Vec<usize>>,
    /// For each vertex, its neighbours in the layer below (index + 1).
    pub(crate) down: Vec<Vec<usize>>,
    /// Pairs of vertices joined within one layer: kept close, as a tie-breaker.
    pub(crate) flat: Vec<(usize, usize)>,
}

/// How good an ordering is: crossings first, then how far apart flat-edge ends sit.
type Cost = (usize, usize);

impl LayeredGraph {
    /// Reorders the vertices within each layer to reduce crossings: `sweeps` barycenter
    /// sweeps alternating down and up, then adjacent exchanges, keeping the best.
    pub(crate) fn reduce_crossings(
        &self,
        layers: Vec<Vec<usize>>,
        sweeps: usize,
    ) -> Vec<Vec<usize>> {
        let mut best_cost = self.cost(&layers);
        let mut best = layers.clone();
        let mut current = layers;
        let partners = self.partner_lists();
        for sweep in 0..sweeps {
            let downward = sweep % 2 == 0;
            self.barycenter_sweep(&mut current, downward, &partners);
            let cost = self.cost(&current);
            if cost < best_cost {
                best_cost = cost;
                best = current.clone();
            }
        }
        let mut exchanged = best.clone();
        self.exchange_adjacent(&mut exchanged);
        if self.cost(&exchanged) < best_cost {
            exchanged
        } else {
            best
        }
    }

    /// Total crossings between adjacent layers.
    pub(crate) fn crossings(&self, layers: &[Vec<usize>]) -> usize {
        let positions = positions(layers, self.up.len());
        layers
            .windows(2)
            .map(|pair| match pair {
                [upper, lower] => self.bilayer_crossings(upper, lower, &positions),
                _ => 0,
            })
            .sum()
    }

    fn cost(&self, layers: &[Vec<usize>]) -> Cost {
        let positions = positions(layers, self.up.len());
        let flat_spread = self
            .flat
            .iter()
            .map(|&(a, b)| {
                let (pa, pb) = (pos_of(&positions, a), pos_of(&positions, b));
                pa.abs_diff(pb).saturating_sub(1)
            })
            .sum();
        (self.crossings(layers), flat_spread)
    }

    /// Crossings between two adjacent layers: links sorted by their upper end, then the
    /// inversions among their lower ends, counted with a Fenwick tree (O(E log V)).
    fn bilayer_crossings(&self, upper: &[usize], lower: &[usize], positions: &[usize]) -> usize {
        let mut links: Vec<(usize, usize)> = upper
            .iter()
            .flat_map(|&u| {
                self.down
                    .get(u)
                    .into_iter()
                    .flatten()
                    .map(move |&v| (pos_of(positions, u), pos_of(positions, v)))
            })
            .collect();
        links.sort_unstable();
        let mut tree = vec![0usize; lower.len() + 1];
        let mut crossings = 0;
        for (n_seen, &(_, lower_pos)) in links.iter().enumerate() {
            // Links seen so far whose lower end is at or left of this one do not cross it.
            let mut at = lower_pos + 1;
            let mut not_crossing = 0;
            while at > 0 {
                not_crossing += tree.get(at).copied().unwrap_or(0);
                at &= at - 1;
            }
            crossings += n_seen - not_crossing;
            let mut at = lower_pos + 1;
            while let Some(slot) = tree.get_mut(at) {
                *slot += 1;
                at += at & at.wrapping_neg();
            }
        }
        crossings
    }

    /// Sorts each layer by the mean relative position of its neighbours in the layer
    /// swept from (above when `downward`), pulling flat-edge partners together.
    fn barycenter_sweep(&self, layers: &mut [Vec<usize>], downward: bool, partners: &[Vec<usize>]) {
        let n_layers = layers.len();
        let mut positions = positions(layers, self.up.len());
        for step in 1..n_layers {
            let layer_idx = if downward { step } else { n_layers - 1 - step };
            let fixed_idx = if downward {
                layer_idx - 1
            } else {
                layer_idx + 1
            };
            let fixed_len = layers.get(fixed_idx).map_or(1, Vec::len);
            let Some(layer) = layers.get_mut(layer_idx) else {
                continue;
            };
            let own_len = layer.len();
            let relative = |pos: usize, len: usize| (pos as f32 + 0.5) / len.max(1) as f32;
            let mut keyed: Vec<(f32, usize)> = layer
                .iter()
                .enumerate()
                .map(|(own_pos, &v)| {
                    let side = if downward { &self.up } else { &self.down };
                    let neighbours = side.get(v).map_or(&[][..], Vec::as_slice);
                    let flat = partners.get(v).map_or(&[][..], Vec::as_slice);
                    let sum: f32 = neighbours
                        .iter()
                        .map(|&w| relative(pos_of(&positions, w), fixed_len))
                        .chain(
                            flat.iter()
                                .map(|&w| relative(pos_of(&positions, w), own_len)),
                        )
                        .sum();
                    let n = neighbours.len() + flat.len();
                    let key = if n == 0 {
                        relative(own_pos, own_len)
                    } else {
                        sum / n as f32
                    };
                    (key, v)
                })
                .collect();
            // Stable: ties keep their current order, so the result is deterministic.
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layer.clear();
            for (pos, (_, v)) in keyed.into_iter().enumerate() {
                layer.push(v);
                if let Some(slot) = positions.get_mut(v) {
                    *slot = pos;
                }
            }
        }
    }

    /// Each vertex's flat-edge partners.
    fn partner_lists(&self) -> Vec<Vec<usize>> {
        let mut partners = vec![Vec::new(); self.up.len()];
        for &(a, b) in &self.flat {
            if let Some(list) = partners.get_mut(a) {
                list.push(b);
            }
            if let Some(list) = partners.get_mut(b) {
                list.push(a);
            }
        }
        partners
    }

    /// Swaps neighbours within a layer while that removes crossings (or, at equal
    /// crossings, brings flat-edge partners closer), for a bounded number of passes.
    fn exchange_adjacent(&self, layers: &mut [Vec<usize>]) {
        const MAX_PASSES: usize = 8;
        let mut positions = positions(layers, self.up.len());
        for _ in 0..MAX_PASSES {
            let mut improved = false;
            for layer in layers.iter_mut() {
                for at in 1..layer.len() {
                    let (Some(&a), Some(&b)) = (layer.get(at - 1), layer.get(at)) else {
                        continue;
                    };
                    let kept = (
                        self.pair_crossings(a, b, &positions),
                        self.local_flat_spread(a, b, &positions),
                    );
                    positions.swap(a, b);
                    let swapped = (
                        self.pair_crossings(b, a, &positions),
                        self.local_flat_spread(a, b, &positions),
                    );
                    if swapped < kept {
                        layer.swap(at - 1, at);
                        improved = true;
                    } else {
                        positions.swap(a, b);
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// How far apart the ends of the flat edges touching `a` or `b` sit.
    fn local_flat_spread(&self, a: usize, b: usize, positions: &[usize]) -> usize {
        self.flat
            .iter()
            .filter(|&&(u, v)| u == a || u == b || v == a || v == b)
            .map(|&(u, v)| pos_of(positions, u).abs_diff(pos_of(positions, v)))
            .sum()
    }

    /// Crossings between the links of `left` and `right` when `left` is placed first.
    /// Positions in other layers are all this needs; both share a layer.
    fn pair_crossings(&self, left: usize, right: usize, positions: &[usize]) -> usize {
        let mut crossings = 0;
        for side in [&self.up, &self.down] {
            let (Some(left_nb), Some(right_nb)) = (side.get(left), side.get(right)) else {
                continue;
            };
            for &l in left_nb {
                for &r in right_nb {
                    if pos_of(positions, r) < pos_of(positions, l) {
                        crossings += 1;
                    }
                }
            }
        }
        crossings
    }
}

/// Each vertex's position within its layer.
fn positions(layers: &[Vec<usize>], n_vertices: usize) -> Vec<usize> {
    let mut positions = vec![0; n_vertices];
    for layer in layers {
        for (pos, &v) in layer.iter().enumerate() {
            if let Some(slot) = positions.get_mut(v) {
                *slot = pos;
            }
        }
    }
    positions
}

fn pos_of(positions: &[usize], v: usize) -> usize {
    positions.get(v).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph of `n` vertices from links `(upper, lower)`.
    fn graph(n: usize, links: &[(usize, usize)]) -> LayeredGraph {
        let mut graph = LayeredGraph {
            up: vec![Vec::new(); n],
            down: vec![Vec::new(); n],
            flat: Vec::new(),
        };
        for &(u, v) in links {
            graph.down[u].push(v);
            graph.up[v].push(u);
        }
        graph
    }

    #[test]
    fn counts_crossings_between_layers() {
        // 0→3 and 1→2 cross once; swapping the lower layer removes it.
        let g = graph(4, &[(0, 3), (1, 2)]);
        assert_eq!(g.crossings(&[vec![0, 1], vec![2, 3]]), 1);
        assert_eq!(g.crossings(&[vec![0, 1], vec![3, 2]]), 0);
        // A full bipartite K(2,2) always has one crossing.
        let k22 = graph(4, &[(0, 2), (0, 3), (1, 2), (1, 3)]);
        assert_eq!(k22.crossings(&[vec![0, 1], vec![2, 3]]), 1);
    }

    #[test]
    fn reduction_untangles_a_crafted_case_and_never_makes_it_worse() {
        // Three layers, drawn in the worst order: every link crosses.
        let g = graph(9, &[(0, 5), (1, 4), (2, 3), (3, 8), (4, 7), (5, 6)]);
        let start = vec![vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8]];
        let before = g.crossings(&start);
        assert_eq!(before, 6);
        let after = g.reduce_crossings(start.clone(), 24);
        assert_eq!(g.crossings(&after), 0, "{after:?}");
        // The same vertices stay in the same layers.
        for (a, b) in after.iter().zip(&start) {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b);
        }
        // Already optimal orderings are kept as they are.
        let optimal = vec![vec![0, 1, 2], vec![5, 4, 3], vec![6, 7, 8]];
        assert_eq!(g.reduce_crossings(optimal.clone(), 24), optimal);
    }

    #[test]
    fn reduction_is_deterministic_and_bounded_on_a_dense_case() {
        let links: Vec<(usize, usize)> = (0..6)
            .flat_map(|u| {
                (6..12)
                    .filter(move |v| (u * 7 + v) % 3 != 0)
                    .map(move |v| (u, v))
            })
            .collect();
        let g = graph(12, &links);
        let start = vec![(0..6).collect::<Vec<_>>(), (6..12).rev().collect()];
        let once = g.reduce_crossings(start.clone(), 30);
        assert!(g.crossings(&once) <= g.crossings(&start));
        assert_eq!(once, g.reduce_crossings(start, 30));
    }

    #[test]
    fn flat_partners_are_pulled_next_to_each_other() {
        let mut g = graph(5, &[(0, 2), (0, 3), (0, 4)]);
        g.flat.push((2, 4));
        let after = g.reduce_crossings(vec![vec![0, 1], vec![2, 3, 4]], 24);
        let lower = &after[1];
        let (a, b) = (
            lower.iter().position(|&v| v == 2).unwrap_or(0),
            lower.iter().position(|&v| v == 4).unwrap_or(0),
        );
        assert_eq!(a.abs_diff(b), 1, "{after:?}");
    }
}
