//! Work split over the machine's cores, results in input order.

/// How many threads work is split over: the machine's cores, at most 8.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// `f` on every item, on up to as many threads as the machine has cores
/// (at most 8), each taking a contiguous run of at least `min_run` items;
/// the results come back in the order of `items`. A panic in `f` carries
/// on in the caller.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    min_run: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads().min(items.len() / min_run.max(1)).max(1);
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|run| scope.spawn(move || run.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
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
