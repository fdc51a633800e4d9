//! Stable sorting in little code, for the WebAssembly build.
//!
//! The standard library's stable sort is fast but large: every element type and comparator it
//! is called with gets its own copy of several kilobytes of code, which made sorting about 4% of
//! the wasm module (docs/size.md). In the wasm build these functions sort a permutation of
//! indices with one non-generic merge sort and then move the elements into place, so each call
//! site only adds a small wrapper. Natively they are the standard library's sorts: the CLI
//! keeps its speed. Both are stable, so the order is the same on every platform (equal
//! elements keep their order); `O(n log n)` comparisons either way.

use std::cmp::Ordering;

/// `v.sort_by(cmp)`, stable.
pub(crate) fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(target_arch = "wasm32")]
    {
        let mut cmp = cmp;
        let order = stable_order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
        permute(v, order);
    }
    #[cfg(not(target_arch = "wasm32"))]
    v.sort_by(cmp);
}

/// `v.sort_by_key(key)`, stable.
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`, stable (also for the former `sort_unstable` of values whose equal elements are
/// indistinguishable, such as strings and integers).
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The indices `0..n` in stable sorted order: bottom-up merge sort, `n` extra indices.
#[cfg(any(target_arch = "wasm32", test))]
fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // Take from the right run only when strictly smaller: equal elements keep
                // their order.
                let right = j < end && (i >= mid || cmp(a[j], a[i]) == Ordering::Less);
                if right {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Rearrange `v` so that position `i` holds what was at `order[i]`, following each cycle of
/// the permutation once (linear).
#[cfg(any(target_arch = "wasm32", test))]
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut cur = start;
        while order[cur] != DONE {
            let next = order[cur];
            order[cur] = DONE;
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wasm build's sort against the standard library's, stability included.
    fn compact<T: Clone>(v: &[T], mut cmp: impl FnMut(&T, &T) -> Ordering) -> Vec<T> {
        let mut out = v.to_vec();
        let order = stable_order(out.len(), &mut |a, b| cmp(&v[a], &v[b]));
        permute(&mut out, order);
        out
    }

    #[test]
    fn same_order_as_std_stable_sort() {
        let mut seed = 0x2545_f491_u64;
        for n in [0, 1, 2, 3, 7, 8, 9, 31, 64, 100, 1000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            assert_eq!(compact(&v, |a, b| a.0.cmp(&b.0)), want, "n = {n}");
        }
    }

    #[test]
    fn sorted_and_reversed_inputs() {
        let up: Vec<u32> = (0..500).collect();
        let down: Vec<u32> = (0..500).rev().collect();
        assert_eq!(compact(&up, u32::cmp), up);
        assert_eq!(compact(&down, u32::cmp), up);
    }
}
