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

/// `f` on each of a few items, a thread each (all on this thread when the
/// machine gives the process one core); the results in the items' order.
/// A panic in `f` carries on in the caller.
pub(crate) fn each<T: Sync, R: Send, const N: usize>(
    items: &[T; N],
    f: impl Fn(&T) -> R + Sync,
) -> [R; N] {
    each_on(threads(), items, f)
}

fn each_on<T: Sync, R: Send, const N: usize>(
    threads: usize,
    items: &[T; N],
    f: impl Fn(&T) -> R + Sync,
) -> [R; N] {
    if threads < 2 {
        return items.each_ref().map(f);
    }
    let f = &f;
    std::thread::scope(|scope| {
        items
            .each_ref()
            .map(|item| scope.spawn(move || f(item)))
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
    })
}

/// `consume(produce(item))` for every item, in order, with `produce` run on
/// a second thread a batch of `batch` items ahead of `consume` on this one:
/// for work whose first part needs only the item and whose second part
/// must be done in order. On one core, or with fewer than two batches,
/// both run here. A panic on either side carries on in the caller.
pub(crate) fn pipeline<T: Sync, R: Send>(
    items: &[T],
    batch: usize,
    produce: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R),
) {
    let batch = batch.max(1);
    if threads() < 2 || items.len() < 2 * batch {
        items.iter().map(produce).for_each(consume);
        return;
    }
    let produce = &produce;
    std::thread::scope(|scope| {
        // Two batches in flight: the producer stays ahead without holding
        // much more than the batch being consumed.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<R>>(1);
        let producer = scope.spawn(move || {
            for run in items.chunks(batch) {
                if sender.send(run.iter().map(produce).collect()).is_err() {
                    // The consumer stopped (it panicked): nothing to do.
                    return;
                }
            }
        });
        for results in &receiver {
            results.into_iter().for_each(&mut consume);
        }
        // The channel closes when the producer ends, normally or not.
        drop(receiver);
        producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    });
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
    fn each_item_gets_its_result() {
        // On threads, and all on this one (a process given one core).
        for threads in [2, 1] {
            let on = std::thread::current().id();
            let results = super::each_on(threads, &[1, 2, 3, 4, 5], |i| {
                (i * 10, std::thread::current().id() == on)
            });
            assert_eq!(results.map(|(r, _)| r), [10, 20, 30, 40, 50]);
            assert!(results.iter().all(|&(_, here)| here == (threads == 1)));
            assert_eq!(
                super::each_on(threads, &[] as &[u8; 0], |b| *b),
                [] as [u8; 0]
            );
            let caught = std::panic::catch_unwind(|| {
                super::each_on(threads, &[1, 2], |&i| assert!(i != 2, "item 2"))
            });
            assert!(caught.is_err());
        }
    }

    #[test]
    fn a_pipeline_consumes_every_item_in_order() {
        for n in [0, 1, 7, 64, 65, 10_001] {
            let items: Vec<usize> = (0..n).collect();
            let mut seen = Vec::new();
            super::pipeline(&items, 32, |i| i * 3, |r| seen.push(r));
            assert_eq!(
                seen,
                items.iter().map(|i| i * 3).collect::<Vec<_>>(),
                "{n} items"
            );
        }
    }

    #[test]
    fn a_panic_in_a_pipeline_reaches_the_caller() {
        let items: Vec<usize> = (0..1000).collect();
        let producing = std::panic::catch_unwind(|| {
            super::pipeline(
                &items,
                10,
                |&i| {
                    assert!(i != 999, "item 999");
                    i
                },
                |_| {},
            )
        });
        assert!(producing.is_err());
        let consuming = std::panic::catch_unwind(|| {
            super::pipeline(&items, 10, |&i| i, |i| assert!(i != 500, "item 500"))
        });
        assert!(consuming.is_err());
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
