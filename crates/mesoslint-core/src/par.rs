//! Optional parallelism. With the `parallel` feature (the CLI enables it) work is spread over
//! the cores with scoped standard threads; without it (the default, and WebAssembly) the same
//! functions run sequentially. Results come back in input order either way, so output never
//! depends on thread timing.

/// Below this many items the threads cost more than they save.
#[cfg(feature = "parallel")]
const MIN_PARALLEL: usize = 64;

#[cfg(feature = "parallel")]
fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16)
}

/// `f(index, &mut item)` for every item, results in input order. With the `parallel` feature
/// each thread takes one contiguous chunk of the items and writes its results straight into
/// the matching chunk of one output list: nothing is copied into per-thread lists and joined
/// afterwards (on a large tree those copies were megabytes of freshly touched memory, on the
/// serial path). The items stay where they are; `f` may take what it needs out of them.
pub(crate) fn map_mut<T, R, F>(items: &mut [T], f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(usize, &mut T) -> R + Sync,
{
    #[cfg(feature = "parallel")]
    {
        let threads = threads();
        if threads > 1 && items.len() >= MIN_PARALLEL {
            let f = &f;
            let chunk = items.len().div_ceil(threads);
            let mut out: Vec<Option<R>> =
                std::iter::repeat_with(|| None).take(items.len()).collect();
            std::thread::scope(|s| {
                let handles: Vec<_> = items
                    .chunks_mut(chunk)
                    .zip(out.chunks_mut(chunk))
                    .enumerate()
                    .map(|(c, (part, slots))| {
                        s.spawn(move || {
                            for (i, (x, slot)) in part.iter_mut().zip(slots).enumerate() {
                                *slot = Some(f(c * chunk + i, x));
                            }
                        })
                    })
                    .collect();
                for h in handles {
                    if let Err(p) = h.join() {
                        // A panic on a worker is a panic of the call, as without threads.
                        std::panic::resume_unwind(p);
                    }
                }
            });
            // (collected in place when `Option<R>` is as large as `R`, as for the types here)
            #[allow(clippy::filter_map_identity)] // `flatten` would not collect in place
            return out.into_iter().filter_map(|r| r).collect();
        }
    }
    items.iter_mut().enumerate().map(|(i, x)| f(i, x)).collect()
}

/// `items.into_iter().map(f).collect()`, possibly on several threads, results in input order.
pub(crate) fn map<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
{
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    // every slot holds an item, so every result is there
    #[allow(clippy::filter_map_identity)] // `flatten` would not collect in place
    map_mut(&mut slots, |_, x| x.take().map(&f))
        .into_iter()
        .filter_map(|r| r)
        .collect()
}

/// `items.iter().map(f).collect()` over contiguous chunks, one per thread, results in input
/// order (for many small items of about equal cost).
pub(crate) fn map_slice<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let mut refs: Vec<&T> = items.iter().collect();
    map_mut(&mut refs, |_, x| f(x))
}

/// Run `f` on every item, each thread taking the next item not yet taken (for a few items of
/// uneven cost, like rules: a thread that drew cheap ones goes on to the rest); results in
/// input order.
pub(crate) fn map_few<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    #[cfg(feature = "parallel")]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let threads = threads().min(items.len());
        if threads > 1 {
            let f = &f;
            let next = &AtomicUsize::new(0);
            return std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        s.spawn(move || {
                            let mut done = Vec::new();
                            loop {
                                let i = next.fetch_add(1, Ordering::Relaxed);
                                let Some(x) = items.get(i) else { break };
                                done.push((i, f(x)));
                            }
                            done
                        })
                    })
                    .collect();
                let mut all: Vec<(usize, R)> = Vec::with_capacity(items.len());
                for h in handles {
                    match h.join() {
                        Ok(mut r) => all.append(&mut r),
                        Err(p) => std::panic::resume_unwind(p),
                    }
                }
                all.sort_by_key(|(i, _)| *i);
                all.into_iter().map(|(_, r)| r).collect()
            });
        }
    }
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order() {
        let v: Vec<u32> = (0..1000).collect();
        assert_eq!(
            map(v.clone(), |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(
            map_few(&v, |x| x + 1),
            v.iter().map(|x| x + 1).collect::<Vec<_>>()
        );
        assert_eq!(
            map_slice(&v, |x| x * 3),
            v.iter().map(|x| x * 3).collect::<Vec<_>>()
        );
        assert!(map_slice(&[] as &[u8], |x| *x).is_empty());
        let mut w = v.clone();
        assert_eq!(
            map_mut(&mut w, |i, x| {
                *x += 1;
                i
            }),
            (0..1000).collect::<Vec<usize>>()
        );
        assert_eq!(w, v.iter().map(|x| x + 1).collect::<Vec<_>>());
        assert!(map(Vec::<u8>::new(), |x| x).is_empty());
        assert!(map_few(&[] as &[u8], |x| *x).is_empty());
    }
}
