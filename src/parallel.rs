//! Work split over the machine's cores, results in input order.

/// How many threads work is split over: the machine's cores, at most 8.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// `f` on every item, on up to as many threads as the machine has cores
/// (at most 8); the results come back in the order of `items`. The threads
/// take runs of `min_run` items (at least one) in turn from a shared
/// counter, so a thread slowed by other work on its core leaves more of
/// the runs to the others instead of holding up the end. A panic in `f`
/// carries on in the caller.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    min_run: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let run = min_run.max(1);
    let threads = threads().min(items.len() / run).max(1);
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let runs = items.len().div_ceil(run);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let mut done: Vec<(usize, Vec<R>)> = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if i >= runs {
                return done;
            }
            let end = (i * run + run).min(items.len());
            done.push((i, items[i * run..end].iter().map(&f).collect()));
        }
    };
    let mut slots: Vec<Option<Vec<R>>> = (0..runs).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(take)).collect();
        // This thread works too.
        let mine = take();
        for done in handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .chain([mine])
        {
            for (i, results) in done {
                slots[i] = Some(results);
            }
        }
    });
    let mut out = Vec::with_capacity(items.len());
    for results in slots.into_iter().flatten() {
        out.extend(results);
    }
    out
}

/// `f` on every index below `count`, as [`map`] does on a list.
pub(crate) fn map_indices<R: Send>(
    count: usize,
    min_run: usize,
    f: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    let indices: Vec<usize> = (0..count).collect();
    map(&indices, min_run, |&i| f(i))
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<usize> = (0..10_001).collect();
        let squares = super::map(&items, 10, |i| i * i);
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert_eq!(super::map(&[] as &[u8], 10, |b| *b), Vec::<u8>::new());
        assert_eq!(super::map(&[7u8], 0, |b| *b + 1), vec![8]);
    }

    #[test]
    fn indices_are_mapped_in_order() {
        assert_eq!(
            super::map_indices(5_000, 7, |i| i + 1),
            (1..=5_000).collect::<Vec<_>>()
        );
        assert!(super::map_indices(0, 7, |i| i).is_empty());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let items: Vec<usize> = (0..1000).collect();
        let caught = std::panic::catch_unwind(|| {
            super::map(&items, 1, |&i| {
                assert!(i != 999, "item 999");
                i
            })
        });
        assert!(caught.is_err());
    }
}
